//! The headless commands, run as the binary.

mod common;

use assert_cmd::Command;

fn vsm() -> Command {
    Command::cargo_bin("vsm").unwrap()
}

#[test]
fn report_prints_the_demo_metrics_as_a_table() {
    let output = vsm()
        .args(["report", "sessions/tailspin.ron"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    // Columns as wide as their widest cell, two spaces apart.
    assert!(text.contains("Process time         5 d"), "{text}");
    assert!(text.contains("Activity ratio       23%"), "{text}");
    assert!(text.contains("Rolled %C&A          n/a"), "{text}");
    assert!(
        text.contains("Lead time           22 d   6.6 d  -15.4 d   -70%  better"),
        "{text}"
    );
    assert!(text.contains("Steps: 0 new, 0 removed, 7 changed. Ideas: 5 realised, 1 open."));
    assert!(text.contains("Bottleneck: current Leadership approval, future Triage bugs."));
}

#[test]
fn report_json_has_the_documented_keys() {
    let output = vsm()
        .args(["report", "sessions/tailspin.ron", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["title"],
        "Tailspin: one feature, request to customer"
    );
    let current = &report["current"];
    assert_eq!(current["lead_time_hours"], 176.0);
    assert_eq!(current["process_time_hours"], 40.0);
    assert_eq!(current["total_work_hours"], 40.0);
    let ratio = current["activity_ratio"].as_f64().unwrap();
    assert!((ratio - 5.0 / 22.0).abs() < 1e-12);
    assert!(current["rolled_complete_accurate"].is_null());
    assert_eq!(current["stages"], 8);
    assert_eq!(current["steps"], 8);
    assert_eq!(current["annotations"], 13);
    let future = &report["future"];
    assert_eq!(future["lead_time_hours"], 53.0);
    assert_eq!(future["steps"], 8);
    let comparison = &report["comparison"];
    let lead = &comparison["lead_time_hours"];
    assert_eq!(lead["current"], 176.0);
    assert_eq!(lead["future"], 53.0);
    assert_eq!(lead["change"], -123.0);
    let percent = lead["percent_change"].as_f64().unwrap();
    assert!((percent - (-123.0 / 176.0 * 100.0)).abs() < 1e-9);
    assert!(comparison["rolled_complete_accurate"]["percent_change"].is_null());
    assert_eq!(comparison["steps_added"], 0);
    assert_eq!(comparison["steps_removed"], 0);
    assert_eq!(comparison["steps_changed"], 7);
    assert_eq!(comparison["ideas_realised"], 5);
    assert_eq!(comparison["ideas_open"], 1);
}

#[test]
fn report_of_a_session_without_future_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("current.ron");
    let mut session = vsm::session::demo();
    session.future = None;
    vsm::session::save(&path, &session).unwrap();
    let output = vsm()
        .args(["report", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["current"]["lead_time_hours"], 176.0);
    assert!(report["future"].is_null());
    assert!(report["comparison"].is_null());
    let output = vsm()
        .args(["report", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    // Label and value never run together, however long the value.
    let row = |label: &str| {
        let line = text.lines().find(|l| l.starts_with(label)).unwrap();
        let value = line[label.len()..].to_string();
        assert!(value.starts_with("  "), "{line}");
        value.trim().to_string()
    };
    assert_eq!(row("Activity ratio"), "23%");
    assert_eq!(row("Bottleneck"), "Leadership approval");
    assert!(!text.contains("future"), "{text}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output = vsm().args(["report", "no/such/file.ron"]).output().unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(
        error.contains("no/such/file.ron: does not exist"),
        "{error}"
    );
}

#[test]
fn an_invalid_file_names_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n  version: 1,\n  title: 42,\n)").unwrap();
    let output = vsm()
        .args(["report", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("broken.ron:3:"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "(\n  version: 1,\n  title: 42,\n)"
    );
}

#[test]
fn the_readme_example_session_is_valid() {
    let session = common::readme_example();
    assert_eq!(session.current.step_count(), 3);
}

#[test]
fn report_json_gives_the_design_rework_example_exactly() {
    let output = vsm()
        .args(["report", "tests/sessions/peer_rework.ron", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let current = &report["current"];
    // Hours in the report; the example is in minutes.
    let minutes = |value: &serde_json::Value| value.as_f64().unwrap() * 60.0;
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(minutes(&current["lead_time_hours"]), 210.0));
    assert!(close(minutes(&current["rework_hours"]), 17.75));
    assert!(close(
        minutes(&current["lead_time_with_rework_hours"]),
        227.75
    ));
    let per_step: Vec<f64> = current["step_figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| minutes(&step["rework_hours"]))
        .collect();
    for (got, want) in per_step.iter().zip([0.0, 3.5, 11.25, 3.0, 0.0]) {
        assert!(close(*got, want), "{per_step:?}");
    }
    assert_eq!(per_step.len(), 5);
    assert_eq!(current["bottleneck"], "Testing");
    assert_eq!(current["clock"], "working");
    assert_eq!(current["queues"], "check");
    assert!(current["step_figures"][2].get("rework_to").is_none());
}
