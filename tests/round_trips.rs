//! Lossless exchange: JSON and CSV exports read back by `vsm import` give the same session, and
//! exporting again gives the same bytes.

use std::path::Path;

use assert_cmd::Command;
use vsm::export::{self, Format};
use vsm::model::compare::Comparison;
use vsm::model::map::Stage;
use vsm::model::{
    Annotation, AnnotationKind, Clock, Duration, Map, Queue, QueueCounting, Session, Step,
    Throughput, WorkCalendar,
};

fn vsm() -> Command {
    Command::cargo_bin("vsm").unwrap()
}

fn d(text: &str) -> Duration {
    Duration::parse(text).unwrap()
}

fn step(id: u64, name: &str, pt: &str, lt: &str) -> Step {
    Step {
        process_time: d(pt),
        lead_time: d(lt),
        ..Step::new(id, name)
    }
}

fn note(kind: AnnotationKind, text: &str, author: Option<&str>, realised_by: &[u64]) -> Annotation {
    Annotation {
        kind,
        text: text.into(),
        author: author.map(Into::into),
        realised_by: realised_by.to_vec(),
        id: None,
    }
}

/// A session that uses every field a map can have: queues with throughput and time, parallel
/// steps, rework loops with waits, %C&A, annotations of every kind with and without authors
/// (texts holding the CSV's separators, escapes and formulas), map annotations, links from the
/// future map and ideas realised, an elapsed clock with queues included.
fn every_field() -> Session {
    let mut session = Session::new("Every field; \"quoted\" | piped");
    session.calendar = WorkCalendar {
        clock: Clock::Elapsed,
        queues: QueueCounting::Included,
        throughput: Some(Throughput::parse("920/d").unwrap()),
        ..WorkCalendar::working(7.5, 4.0)
    };
    session.held_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
    session.future_drafted_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 21);
    let mut code = step(1, "Code", "2h", "1d");
    code.owner = "Dev; team".into();
    code.phase = "Build".into();
    code.complete_accurate = Some(92.5);
    code.value_adding = false;
    code.annotations = vec![
        note(
            AnnotationKind::Complaint,
            "dev doesn't update; ever | never \\o/",
            Some("Ana"),
            &[],
        ),
        note(
            AnnotationKind::Idea,
            "build on check-in",
            Some("Mara"),
            &[12],
        ),
        note(
            AnnotationKind::Question,
            "=HYPERLINK(\"http://x\")",
            None,
            &[],
        ),
    ];
    let mut docs = step(2, "-Docs", "30min", "4h");
    docs.annotations = vec![note(
        AnnotationKind::Gap,
        "  spaces inside  kept",
        None,
        &[],
    )];
    let mut review = step(3, "Review", "45s", "2d");
    review.complete_accurate = Some(0.5);
    review.rework_to = Some(1);
    review.rework_wait = Some(d("3h"));
    review.owner = "QA".into();
    let mut release = step(4, "Release", "1h", "1w");
    release.complete_accurate = Some(80.0);
    release.annotations = vec![note(
        AnnotationKind::Idea,
        "release on demand",
        None,
        &[13, 14],
    )];
    let mut current = Map::default();
    current.stages.push(
        Stage {
            queue: Some(Queue {
                throughput: Some(Throughput::parse("12/w").unwrap()),
                ..Queue::new("Backlog", 40)
            }),
            steps: vec![code, docs],
        }
        .into(),
    );
    current.stages.push(
        Stage {
            queue: Some(Queue {
                time: Some(d("1.25d")),
                ..Queue::new("", 0)
            }),
            steps: vec![review],
        }
        .into(),
    );
    current.stages.push(
        Stage {
            queue: Some(Queue::new("+Waiting; for release", 7)),
            steps: vec![release],
        }
        .into(),
    );
    current.annotations = vec![
        note(
            AnnotationKind::Gap,
            "The build is not on the map",
            Some("Andy"),
            &[],
        ),
        note(AnnotationKind::Idea, "One pipeline", None, &[14]),
    ];
    let mut future = Map::default();
    let mut f_code = step(12, "Code", "2h", "4h");
    f_code.from = Some(1);
    let mut f_review = step(13, "Pair review", "1h", "2h");
    f_review.from = Some(3);
    f_review.rework_to = Some(12);
    f_review.complete_accurate = Some(99.0);
    let f_new = step(14, "Automated release", "5min", "10min");
    future.insert_stage(0, f_code);
    future.insert_stage(1, f_review);
    future.insert_stage(2, f_new);
    future.annotations = vec![note(
        AnnotationKind::Question,
        "Who owns the pipeline?",
        None,
        &[],
    )];
    session.current = current;
    session.future = Some(future);
    session.validate().unwrap();
    session
}

fn import_csv(text: &str, calendar: WorkCalendar) -> Session {
    let options = export::csv::ImportOptions {
        title: "imported".into(),
        calendar,
    };
    export::csv::import(text, "x.csv", options).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn json_export_then_import_gives_the_same_session_and_bytes() {
    for session in [vsm::session::demo(), every_field()] {
        let json = export::render(&session, Format::Json, 100);
        let back = export::json::import(&json, "x.json").unwrap();
        assert_eq!(back, session);
        assert_eq!(export::render(&back, Format::Json, 100), json);
    }
}

#[test]
fn csv_export_then_import_gives_the_same_maps_and_bytes() {
    for session in [vsm::session::demo(), every_field()] {
        let csv = export::render(&session, Format::Csv, 100);
        let back = import_csv(&csv, session.calendar);
        assert_eq!(back.current, session.current);
        assert_eq!(back.future, session.future);
        assert_eq!(export::render(&back, Format::Csv, 100), csv);
    }
}

#[test]
fn the_demo_comparison_and_every_annotation_survive_a_csv_round_trip() {
    let demo = vsm::session::demo();
    let back = import_csv(&export::render(&demo, Format::Csv, 100), demo.calendar);
    let summary = Comparison::of(&back).unwrap().summary();
    assert_eq!(summary, Comparison::of(&demo).unwrap().summary());
    assert!(
        summary.contains("7 changed") && summary.contains("5 realised"),
        "{summary}"
    );
    let notes = |s: &Session| -> Vec<(Option<String>, Annotation)> {
        s.current
            .all_annotations()
            .map(|(step, a)| (step.map(|s| s.name.clone()), a.clone()))
            .collect()
    };
    assert_eq!(notes(&back), notes(&demo));
    assert_eq!(notes(&demo).len(), 13);
}

#[test]
fn csv_cells_never_start_a_formula_in_any_column() {
    let csv = export::render(&every_field(), Format::Csv, 100);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run as a formula"
            );
        }
    }
    assert!(csv.contains("'-Docs"), "{csv}");
    assert!(csv.contains("'+Waiting\\; for release") || csv.contains("'+Waiting; for release"));
}

#[test]
fn an_old_csv_without_the_new_columns_still_imports() {
    let text = "step,lead_time,process_time,queue_label,queue_items\nA,3d,1d,,\nB,2d,0,Backlog,4\n";
    let session = import_csv(text, WorkCalendar::default());
    let ids: Vec<u64> = session.current.steps().map(|s| s.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(
        session.current.stages[1].queue,
        Some(Queue::new("Backlog", 4))
    );
}

#[test]
fn rework_to_takes_a_name_and_bad_links_name_line_and_column() {
    let text = "step,lead_time,rework_to,complete_accurate\nAnalysis,1d,,\nBuild,2d,Analysis,90\n";
    let session = import_csv(text, WorkCalendar::default());
    assert_eq!(session.current.stages[1].steps[0].rework_to, Some(1));
    let options = || export::csv::ImportOptions {
        title: "t".into(),
        calendar: WorkCalendar::default(),
    };
    let cases = [
        (
            "step,lead_time,rework_to\nA,1d,\nB,1d,Nobody\n",
            "x.csv:3: column rework_to: 'Nobody'",
        ),
        (
            "step,lead_time,id\nA,1d,4\nB,1d,4\n",
            "x.csv:3: column id: id 4 is used",
        ),
        (
            "step,lead_time,from\nA,1d,1\n",
            "x.csv:2: column from: a current-state step",
        ),
        (
            "map,step,lead_time,from\ncurrent,A,1d,\nfuture,B,1d,9\n",
            "x.csv:3: column from: 9",
        ),
        (
            "step,lead_time,annotations\nA,1d,I: x | realised by 5\n",
            "x.csv:2: column annotations: `realised by 5`",
        ),
        (
            "step,lead_time,annotations\nA,1d,C: x | realised by 5\n",
            "x.csv:2: column annotations: only ideas",
        ),
        (
            "step,lead_time,throughput\nA,1d,fast\n",
            "x.csv:2: column throughput: 'fast'",
        ),
        (
            "step,lead_time,queue_time\nA,1d,soon\n",
            "x.csv:2: column queue_time:",
        ),
        (
            "step,lead_time,annotations\n,,\n",
            "x.csv:2: column step: the step has no name",
        ),
        (
            "step,lead_time,annotations\n,1d,C: x\n",
            "x.csv:2: column step: the step has no name",
        ),
    ];
    for (text, expected) in cases {
        let error = export::csv::import(text, "x.csv", options())
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{expected} in {error}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn stdout(args: &[&str]) -> String {
    let output = vsm().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_command_line_round_trips_json_with_measured_figures() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("every.ron");
    vsm::session::save(&ron, &every_field()).unwrap();
    let ron = ron.to_str().unwrap();
    // The measured log's figures and mapping go along.
    stdout(&[
        "measure",
        ron,
        "--events",
        "tests/data/serde-prs.csv",
        "--save",
    ]);
    let measured = vsm::session::load(Path::new(ron)).unwrap();
    assert!(measured.measured.is_some());
    let json = stdout(&["export", ron, "--format", "json"]);
    let json_path = write(dir.path(), "every.json", &json);
    let again = dir.path().join("again.ron");
    vsm()
        .args(["import", &json_path, "-o", again.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(vsm::session::load(&again).unwrap(), measured);
    let again = again.to_str().unwrap();
    assert_eq!(stdout(&["export", again, "--format", "json"]), json);
    // Known by its first character on standard input too.
    let output = vsm()
        .args(["import", "-", "--title", "Renamed"])
        .write_stdin(json.clone())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let piped = vsm::session::file::parse(&text, "piped").unwrap();
    assert_eq!(piped.title, "Renamed");
    assert_eq!(piped.current, measured.current);
}

#[test]
fn the_command_line_round_trips_csv_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let csv = stdout(&["export", "sessions/tailspin.ron", "--format", "csv"]);
    let csv_path = write(dir.path(), "demo.csv", &csv);
    vsm().args(["import", &csv_path]).assert().success();
    let ron = dir.path().join("demo.ron");
    let ron = ron.to_str().unwrap();
    assert_eq!(stdout(&["export", ron, "--format", "csv"]), csv);
    let report = stdout(&["report", ron]);
    assert!(
        report.contains("Steps: 0 new, 0 removed, 7 changed. Ideas: 5 realised, 1 open."),
        "{report}"
    );
}

#[test]
fn links_to_deleted_steps_are_dropped_so_every_export_imports_again() {
    let mut session = every_field();
    let future = session.future.as_mut().unwrap();
    future.remove_step(vsm::model::map::StepAt::new(2, 0));
    for format in [Format::Csv, Format::Json] {
        let text = export::render(&session, format, 100);
        let back = match format {
            Format::Csv => import_csv(&text, session.calendar),
            _ => export::json::import(&text, "x.json").unwrap(),
        };
        assert_eq!(back.future.as_ref().unwrap().step_count(), 2);
        let links: Vec<u64> = back
            .current
            .all_annotations()
            .flat_map(|(_, a)| a.realised_by.clone())
            .collect();
        assert_eq!(links, [12, 13]);
    }
}
