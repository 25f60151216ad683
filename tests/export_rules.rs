//! What each export promises beyond its snapshot: text within the width, the first queue in
//! Mermaid, the Markdown legend and changes, flags in HTML and SVG, and `vsm import`'s calendar
//! options on a manufacturing map.

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;
use vsm::export::{self, Format};
use vsm::model::{Duration, Queue, Session};

fn vsm() -> Command {
    Command::cargo_bin("vsm").unwrap()
}

/// The demo with what makes lines long: a queue with a long label before the first stage, a
/// parallel step, rework, a wide name and a long unbroken word.
fn busy() -> Session {
    let mut session = vsm::session::demo();
    let queue = Queue::new(
        "Requests waiting for the product owner's weekly triage meeting",
        120,
    );
    session.current.stages[0].queue = Some(queue);
    let mut queue = Queue::new("Builds", 4);
    queue.time = Some(Duration::parse("2d").unwrap());
    session.current.stages[3].queue = Some(queue);
    let step = &mut session.current.stages[2].steps[0];
    step.complete_accurate = Some(85.0);
    step.rework_to = Some(1);
    step.name = "Notify 開発チーム via the spreadsheet that nobody reads".into();
    session.current.stages[4].steps[0].owner = "Supercalifragilisticexpialidocious-team".into();
    session.current.add_parallel(
        4,
        vsm::model::Step {
            lead_time: Duration::parse("2d").unwrap(),
            ..vsm::model::Step::new(99, "Write release notes")
        },
    );
    session
}

#[test]
fn every_text_line_fits_the_width_and_every_figure_has_its_label() {
    let session = busy();
    for width in [40u16, 60, 100, 200] {
        let text = export::render(&session, Format::Text, width);
        for line in text.lines() {
            assert!(line.width() <= usize::from(width), "{width}: {line:?}");
        }
        for screen_widget in ["more ▶", "◀", "╭", "━"] {
            assert!(!text.contains(screen_widget), "{width}: {screen_widget}");
        }
        assert!(text.contains("PT 4d, LT 4d, wait 0, %C&A –"), "{text}");
        assert!(text.contains("rework"), "{text}");
        // The queue has a line of its own with its whole label, and the totals come once.
        let queue = text
            .lines()
            .position(|l| l.starts_with("▲ Queue: Requests"))
            .unwrap();
        let stage = text
            .lines()
            .position(|l| l.starts_with("1 Create label"))
            .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(queue < stage, "{text}");
        assert!(
            lines[queue + 1..stage]
                .iter()
                .all(|l| l.starts_with("    ")),
            "{text}"
        );
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("weekly triage meeting, 120 items"), "{text}");
        assert_eq!(text.matches("Lead time").count(), 1, "{width}: {text}");
    }
    let narrow = export::render(&session, Format::Text, 40);
    assert!(
        narrow.contains("Lead time: current 22 d, future 6.6 d"),
        "{narrow}"
    );
}

#[test]
fn the_command_line_text_export_keeps_to_40_columns() {
    let output = vsm()
        .args([
            "export",
            "sessions/tailspin.ron",
            "--format",
            "text",
            "--width",
            "40",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().count() > 40);
    assert!(text.lines().all(|l| l.width() <= 40), "{text}");
}

#[test]
fn mermaid_keeps_the_queue_before_the_first_stage() {
    let mermaid = export::render(&busy(), Format::Mermaid, 100);
    assert!(
        mermaid.contains(
            "cqueue[/\"▲ 120 Requests waiting for the product owner's weekly triage meeting\"\\]"
        ),
        "{mermaid}"
    );
    assert!(mermaid.contains("cqueue --> c1\n"), "{mermaid}");
    assert!(
        mermaid.contains(" -- \"▲ 4 Builds · 2d\" --> "),
        "{mermaid}"
    );
    // A queue given as a time says its time, not "0" items.
    let session =
        vsm::session::file::load(std::path::Path::new("sessions/acme_stamping.ron")).unwrap();
    let mermaid = export::render(&session, Format::Mermaid, 100);
    assert!(mermaid.contains("cqueue[/\"▲ Coils · 5d\"\\]"), "{mermaid}");
}

#[test]
fn markdown_explains_its_words_and_lists_what_changed() {
    let markdown = export::render(&busy(), Format::Markdown, 100);
    for word in [
        "PT:",
        "LT:",
        "Wait:",
        "%C&A:",
        "Rework:",
        "∥:",
        "Bottleneck:",
    ] {
        assert!(markdown.contains(word), "{word}");
    }
    assert!(
        markdown.contains("- Changed: Triage bugs: owner "),
        "{markdown}"
    );
    assert!(
        markdown.contains(", PT 0 -> 2h, LT 3d -> 1d\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- Removed: Write release notes\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Create feature branch *(changed)* |"),
        "{markdown}"
    );
    assert!(markdown.contains("Bottleneck: current "), "{markdown}");
    // Rework in the metrics and on the step that has it, looping back to the first step.
    assert!(markdown.contains("| Rework | 1.4 d | 0 | "), "{markdown}");
    assert!(markdown.contains(" to Create label |"), "{markdown}");
}

#[test]
fn html_and_svg_flag_the_bottleneck_and_show_rework() {
    let session = busy();
    let html = export::render(&session, Format::Html, 100);
    assert!(
        html.contains("bottleneck</strong>"),
        "bottleneck in the table"
    );
    assert!(html.contains("<td>Rework</td>"), "rework in the metrics");
    assert!(html.contains("rework "), "rework on the step's box");
    let svg = export::render(&session, Format::Svg, 100);
    assert!(svg.contains("class=\"box bottleneck\""));
    assert!(svg.contains(">BOTTLENECK</text>"));
    assert!(svg.contains(">rework "));
}

/// Learning to See's stamping line: queue items turned into days by the daily demand (the coils
/// are given as 5 days), seconds of work, the elapsed clock, queues counted in the lead time.
const STAMPING: &str = "step,process_time,lead_time,queue_label,queue_items,queue_time\n\
    Stamping,1s,1s,Coils,,5d\n\
    S. Weld 1,39s,39s,Stamped,7000,\n\
    S. Weld 2,46s,46s,Welded,1700,\n\
    Assembly 1,62s,62s,Welded,2450,\n\
    Assembly 2,40s,40s,Assembled,1840,\n\
    Shipping,0,0,Finished goods,4140,\n";

#[test]
fn import_options_make_a_manufacturing_map_whose_lead_time_is_queue_days() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("stamping.csv");
    std::fs::write(&csv, STAMPING).unwrap();
    let csv = csv.to_str().unwrap();
    vsm()
        .args(["import", csv, "--clock", "elapsed", "--queues", "included"])
        .args(["--throughput", "920/d"])
        .assert()
        .success();
    let ron = dir.path().join("stamping.ron");
    let ron = ron.to_str().unwrap();
    let output = vsm().args(["report", ron]).output().unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let row = |label: &str| {
        let line = table.lines().find(|l| l.starts_with(label)).unwrap();
        line[label.len()..].trim().to_string()
    };
    assert_eq!(row("Lead time"), "23.6 d", "{table}");
    assert_eq!(row("Process time"), "3.1 min", "{table}");
    assert_eq!(row("Activity ratio"), "0.0092%", "{table}");
    assert!(table.contains("elapsed clock"), "{table}");
    let output = vsm().args(["report", ron, "--json"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let current = &report["current"];
    assert_eq!(current["clock"], "elapsed");
    assert_eq!(current["queues"], "included");
    // 5 days of coils and 17,130 items at 920 a day, plus 188 seconds of work.
    let days = 5.0 + 17130.0 / 920.0;
    let hours = days * 24.0 + 188.0 / 3600.0;
    assert!((current["lead_time_hours"].as_f64().unwrap() - hours).abs() < 1e-9);
    assert_eq!(current["queue_figures"][1]["items"], 7000);
    let weld = current["queue_figures"][1]["time_hours"].as_f64().unwrap();
    assert!((weld - 7000.0 / 920.0 * 24.0).abs() < 1e-9);
    assert_eq!(current["bottleneck"], "S. Weld 1");

    // Without the options the queues only cross-check the waits: lead time is the seconds.
    let plain = dir.path().join("plain.ron");
    vsm()
        .args(["import", csv, "-o", plain.to_str().unwrap()])
        .assert()
        .success();
    let output = vsm()
        .args(["report", plain.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        (report["current"]["lead_time_hours"].as_f64().unwrap() - 188.0 / 3600.0).abs() < 1e-12
    );
    assert_eq!(report["current"]["clock"], "working");
    assert_eq!(report["current"]["queues"], "check");
}

#[test]
fn import_options_are_checked() {
    for (flag, value, expected) in [
        ("--clock", "lunar", "choose working or elapsed"),
        ("--queues", "maybe", "choose check or included"),
        ("--throughput", "fast", "is not a throughput"),
    ] {
        let output = vsm()
            .args(["import", "-", flag, value])
            .write_stdin("step,lead_time\nA,1d\n")
            .output()
            .unwrap();
        assert!(!output.status.success());
        let error = String::from_utf8(output.stderr).unwrap();
        assert!(error.contains(expected), "{error}");
    }
    let output = vsm()
        .args(["import", "-", "--hours-per-day", "30"])
        .write_stdin("step,lead_time\nA,1d\n")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("hours per day is 30")
    );
}

#[test]
fn a_csv_id_too_large_is_refused_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    std::fs::write(
        &csv,
        "step,process_time,lead_time,id\nA,1h,2h,\nB,1h,3h,9007199254740993\n",
    )
    .unwrap();
    let output = vsm()
        .args(["import", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("big.csv:3: column id"), "{error}");
    assert!(error.contains("too large"), "{error}");
    assert!(!dir.path().join("big.ron").exists());
}

#[test]
fn narrow_text_keeps_each_label_with_its_figure() {
    let text = export::render(&busy(), Format::Text, 40);
    for line in text.lines() {
        let line = line.trim_end();
        for label in ["PT", "LT", "%C&A", "->"] {
            assert!(!line.ends_with(&format!(" {label}")), "'{line}' in\n{text}");
        }
    }
}

#[test]
fn the_demo_comes_back_the_same() {
    let demo = vsm::session::demo();
    assert_eq!(
        vsm::export::json::import(&vsm::export::json::export(&demo), "x.json").unwrap(),
        demo
    );
}

#[test]
fn broken_or_invalid_json_says_where_and_what() {
    let error = vsm::export::json::import("{\n  \"version\": 1,\n  \"title\": 42\n}", "x.json")
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("x.json:3: column "), "{error}");
    assert!(error.contains("invalid type"), "{error}");
    let mut demo = vsm::session::demo();
    demo.current.stages[0].steps[0].complete_accurate = Some(150.0);
    let text = serde_json::to_string(&demo).unwrap();
    let error = vsm::export::json::import(&text, "x.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("150 is not a percentage"), "{error}");
    let newer = text.replacen("\"version\":1", "\"version\":9", 1);
    let error = vsm::export::json::import(&newer, "x.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("version 9"), "{error}");
}

#[test]
fn the_demo_report_has_the_published_figures() {
    let demo = vsm::session::demo();
    let value: serde_json::Value = serde_json::from_str(&vsm::export::report::json(&demo)).unwrap();
    assert_eq!(value["current"]["lead_time_hours"], 176.0);
    assert_eq!(value["current"]["process_time_hours"], 40.0);
    assert_eq!(value["future"]["steps"], 8);
    let lead = &value["comparison"]["lead_time_hours"];
    assert_eq!(lead["current"], 176.0);
    assert_eq!(lead["future"], 53.0);
    assert_eq!(lead["change"], -123.0);
    assert_eq!(value["comparison"]["ideas_realised"], 5);
    assert_eq!(value["comparison"]["ideas_open"], 1);
    let text = vsm::export::report::table(&demo);
    assert!(text.contains("22 d"), "{text}");
    assert!(text.contains("23%"), "{text}");
}
