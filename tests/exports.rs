//! Exports of the demo in every format, their escaping, and CSV import.

use assert_cmd::Command;
use vsm::export::{self, Format};
use vsm::model::{MapMetrics, Session};

fn demo() -> Session {
    vsm::session::demo()
}

#[test]
fn every_format_of_the_demo() {
    // The demo's actions are due in 2027: on 1 March one of them is late.
    vsm::clock::set_today(chrono::NaiveDate::from_ymd_opt(2027, 3, 1));
    let session = demo();
    for format in Format::ALL {
        let text = export::render(&session, format, 100);
        // Deterministic: the same session gives the same bytes.
        assert_eq!(text, export::render(&session, format, 100));
        insta::assert_snapshot!(format!("demo_{}", format.name()), text);
    }
}

#[test]
fn html_and_svg_are_well_formed_and_self_contained() {
    let session = demo();
    for format in [Format::Html, Format::Svg] {
        let text = export::render(&session, format, 100);
        let doc = parse_xml(&text)
            .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", format.name()));
        assert!(doc.descendants().any(|n| n.has_tag_name("rect")));
        for needle in ["src=", "href=\"http", "@import", "url(http"] {
            assert!(!text.contains(needle), "{needle} in {}", format.name());
        }
    }
    let html = export::render(&session, Format::Html, 100);
    assert!(html.contains("Lead time"));
    assert!(html.contains("-70%"));
    assert!(html.contains("Leadership approval"));
}

fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
}

const HOSTILE: &str = "<script>alert(1)</script> \"quote\" & | `tick`\nnew line";

fn hostile_session() -> Session {
    let mut session = demo();
    session.title = HOSTILE.into();
    let step = &mut session.current.stages[0].steps[0];
    step.name = HOSTILE.into();
    step.owner = HOSTILE.into();
    step.annotations[0].text = HOSTILE.into();
    step.annotations[0].author = Some(HOSTILE.into());
    session.current.stages[1].queue = Some(vsm::model::Queue::new(HOSTILE, 3));
    session
}

#[test]
fn hostile_names_stay_inert_text_in_every_format() {
    let session = hostile_session();
    for format in [Format::Html, Format::Svg] {
        let text = export::render(&session, format, 100);
        assert!(!text.contains("<script"), "{}", format.name());
        let doc = parse_xml(&text).unwrap();
        assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
        assert!(doc.descendants().any(|n| {
            n.text()
                .is_some_and(|t| t.contains("<script>alert(1)</script>"))
        }));
    }
    let markdown = export::render(&session, Format::Markdown, 100);
    assert!(!markdown.contains("<script"));
    let lines: Vec<&str> = markdown.lines().collect();
    for (at, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("| 1 |"))
    {
        // As many cells as its table's header (nine in a step table): the name's pipe and
        // newline did not add cells or rows.
        let header = (0..at)
            .rev()
            .find(|&h| lines[h + 1].starts_with("|---"))
            .map(|h| lines[h])
            .unwrap();
        assert_eq!(
            line.matches(" | ").count(),
            header.matches(" | ").count(),
            "{line}"
        );
    }
    let mermaid = export::render(&session, Format::Mermaid, 100);
    for line in mermaid.lines().filter(|l| l.contains("c1[")) {
        let label = line.split_once("[\"").unwrap().1;
        let inner = label.strip_suffix("\"]").unwrap().replace("<br/>", " ");
        assert!(
            !inner.contains('"') && !inner.contains('`') && !inner.contains('<'),
            "{inner}"
        );
    }
    assert!(!mermaid.contains("<script"));
    let text = export::render(&session, Format::Text, 100);
    assert!(!text.contains('\x1b'));
    // CSV quotes what needs quoting and reads back the same name.
    let csv = export::render(&session, Format::Csv, 100);
    let back = import(&csv).unwrap();
    assert_eq!(back.current.stages[0].steps[0].name, HOSTILE);
}

fn import(text: &str) -> Result<Session, export::csv::ImportError> {
    export::csv::import(
        text,
        "test.csv",
        export::csv::ImportOptions {
            title: "imported".into(),
            calendar: Default::default(),
        },
    )
}

fn same_steps_and_metrics(a: &Session, b: &Session) {
    for ((_, ma), (_, mb)) in a.maps().into_iter().zip(b.maps()) {
        let shape = |m: &vsm::model::Map| {
            m.stages
                .iter()
                .map(|s| {
                    (
                        s.queue.clone(),
                        s.steps
                            .iter()
                            .map(|st| {
                                (
                                    st.name.clone(),
                                    st.owner.clone(),
                                    st.phase.clone(),
                                    st.process_time,
                                    st.lead_time,
                                    st.complete_accurate,
                                )
                            })
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(ma), shape(mb));
        // Everything but annotations, which a step table does not carry.
        let metrics = |m: &vsm::model::Map, s: &Session| MapMetrics {
            annotations: 0,
            ..MapMetrics::of(m, &s.calendar)
        };
        assert_eq!(metrics(ma, a), metrics(mb, b));
    }
}

#[test]
fn csv_export_then_import_gives_the_same_steps_and_metrics() {
    let mut session = demo();
    session.current.stages[2].queue = Some(vsm::model::Queue::new("Builds", 4));
    session.current.stages[3].steps[0].complete_accurate = Some(85.0);
    session.current.add_parallel(
        4,
        vsm::model::Step {
            lead_time: vsm::model::Duration::parse("2d").unwrap(),
            ..vsm::model::Step::new(99, "Write release notes")
        },
    );
    let csv = export::render(&session, Format::Csv, 100);
    let back = import(&csv).unwrap();
    same_steps_and_metrics(&session, &back);
}

#[test]
fn an_eight_step_csv_matches_a_hand_calculation() {
    let csv = "step,owner,phase,lead_time,process_time,complete_accurate,parallel,queue_label,queue_items\n\
               Request,PO,Plan,1w,2h,90,,,\n\
               Refine,Team,Plan,3d,4h,,,Backlog,40\n\
               Build,Dev,Build,2w,5d,80,,Ready,12\n\
               Security review,SecOps,Build,1w,4h,,yes,,\n\
               Docs,Writer,Build,3d,1d,,yes,,\n\
               Test,QA,Test,4d,1d,70,,Waiting for test,6\n\
               Approve,CAB,Release,2d,1h,,,CAB agenda,3\n\
               Deploy,Ops,Release,4h,2h,95,,,\n";
    let session = import(csv).unwrap();
    assert_eq!(session.current.step_count(), 8);
    assert_eq!(session.current.stages.len(), 6);
    assert_eq!(
        session
            .current
            .stages
            .iter()
            .filter(|s| s.queue.is_some())
            .count(),
        4
    );
    let m = MapMetrics::of(&session.current, &session.calendar);
    // Stages (8 h days, 5-day weeks): 40 + 24 + max(80, 40, 24) + 32 + 16 + 4 = 196 h.
    assert_eq!(m.lead_time_hours, 196.0);
    // Critical path PT: 2 + 4 + 40 (Build) + 8 + 1 + 2 = 57 h; all work adds 4 + 8 = 69 h.
    assert_eq!(m.process_time_hours, 57.0);
    assert_eq!(m.total_work_hours, 69.0);
    assert!((m.activity_ratio.unwrap() - 57.0 / 196.0).abs() < 1e-12);
    let rolled = 0.9 * 0.8 * 0.7 * 0.95;
    assert!((m.rolled_complete_accurate.unwrap() - rolled).abs() < 1e-12);

    // The same through the command line, with the report agreeing.
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("map.csv");
    std::fs::write(&csv_path, csv).unwrap();
    Command::cargo_bin("vsm")
        .unwrap()
        .args(["import", csv_path.to_str().unwrap(), "--title", "Checkout"])
        .assert()
        .success();
    let output = Command::cargo_bin("vsm")
        .unwrap()
        .args([
            "report",
            dir.path().join("map.ron").to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["title"], "Checkout");
    assert_eq!(report["current"]["lead_time_hours"], 196.0);
}

#[test]
fn a_bad_csv_row_names_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("bad.csv");
    std::fs::write(
        &csv_path,
        "step,lead_time,process_time\nA,3d,1d\nB,2 parsecs,0\n",
    )
    .unwrap();
    let output = Command::cargo_bin("vsm")
        .unwrap()
        .args(["import", csv_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("bad.csv:3: column lead_time: 'parsecs' is not a unit"),
        "{error}"
    );
    assert!(!dir.path().join("bad.ron").exists());
}

#[test]
fn export_command_writes_the_file_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tailspin.html");
    Command::cargo_bin("vsm")
        .unwrap()
        .args([
            "export",
            "sessions/tailspin.ron",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn one_key_in_the_app_exports_beside_the_session_file() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.ron");
    vsm::session::save(&path, &demo()).unwrap();
    let runtime = vsm::runtime::Runtime::in_folder(dir.path().to_path_buf());
    let mut app = runtime.start_app();
    runtime.open(&mut app, &path);
    let press = |app: &mut vsm::app::App, c: char| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    };
    assert_eq!(press(&mut app, 'X'), None);
    let effect = press(&mut app, 'h').unwrap();
    runtime.perform(&mut app, effect);
    let html = dir.path().join("workshop.html");
    assert!(html.exists());
    assert!(
        app.viewer
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Exported html to")
    );
    assert_eq!(press(&mut app, 'X'), None);
    let effect = press(&mut app, 'm').unwrap();
    runtime.perform(&mut app, effect);
    assert!(dir.path().join("workshop.md").exists());
}
