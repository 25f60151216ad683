//! Value-adding or not (DESIGN.md "Value and decisions"): the CI/CD template's release approval
//! takes 15 minutes of someone's time and adds nothing the customer pays for. Marked on one
//! line or in the step form, read from and written to CSV, and shown beside process time.

mod common;

use assert_cmd::Command;
use common::{ctrl, key, screen, times, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App};
use vsm::model::{MapMetrics, Session};

const PIPELINE: [&str; 6] = [
    "Plan the change 2h/2d @Product",
    "Code 2d/3d @Developers",
    "Code review 1h/1d",
    "Build and test 1h/1h @CI",
    "Release approval 15min/1d nva @Release manager",
    "Deploy 30min/45min @CI",
];

fn typed_pipeline() -> App {
    let mut app = App::with_session(Session::new("CI/CD pipeline"), None);
    app.update(Action::Resize(120, 35));
    // Dictation: after a one-line step the entry stays open for the next; Esc ends it.
    typing(&mut app, "a");
    for line in PIPELINE {
        typing(&mut app, line);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Esc);
    app
}

#[test]
fn nva_on_one_line_takes_the_approval_out_of_value_adding_time_only() {
    let mut app = typed_pipeline();
    let approval = app.session().current.steps().nth(4).unwrap();
    assert_eq!(approval.name, "Release approval");
    assert!(!approval.value_adding);
    let m = MapMetrics::of(&app.session().current, &app.session().calendar);
    assert_eq!((m.value_adding_hours, m.process_time_hours), (20.5, 20.75));
    let text = screen(&app, 120, 35);
    // The activity ratio keeps all process time (36%), value-adding time is 20.5 h of 57.75 h.
    assert!(text.contains("Process time       2.6 d"), "{text}");
    assert!(text.contains("Activity ratio       36%"), "{text}");
    assert!(text.contains("Value-adding       2.6 d"), "{text}");
    assert!(text.contains("Value-add ratio      35%"), "{text}");

    // The step form says so, and y there makes it value-adding again: the rows go.
    times(&mut app, KeyCode::Left, 1);
    assert_eq!(app.selected_step().unwrap().name, "Release approval");
    key(&mut app, KeyCode::Enter);
    let form = screen(&app, 120, 35);
    assert!(form.contains("Value-adding   ◀ no ▶"), "{form}");
    times(&mut app, KeyCode::Tab, 8);
    typing(&mut app, "y");
    key(&mut app, KeyCode::Enter);
    assert!(app.selected_step().unwrap().value_adding);
    let text = screen(&app, 120, 35);
    assert!(!text.contains("Value-add"), "{text}");
    // Undone like any edit.
    ctrl(&mut app, 'z');
    assert!(!app.selected_step().unwrap().value_adding);
    assert!(screen(&app, 120, 35).contains("Value-add ratio      35%"));
}

#[test]
fn the_one_line_form_shows_what_it_understood() {
    let mut app = App::with_session(Session::new("CI/CD pipeline"), None);
    app.update(Action::Resize(120, 45));
    typing(&mut app, "a");
    typing(&mut app, PIPELINE[4]);
    let text = screen(&app, 120, 45);
    assert!(
        text.contains("→ LT 1d · PT 15min · not value-adding · owner Release"),
        "{text}"
    );
}

const CSV: &str = "step,owner,process_time,lead_time,value_adding\n\
    Plan the change,Product,2h,2d,\n\
    Code,Developers,2d,3d,yes\n\
    Code review,Developers,1h,1d,\n\
    Build and test,CI,1h,1h,Y\n\
    Release approval,Release manager,15min,1d,no\n\
    Deploy,CI,30min,45min,\n";

fn vsm() -> Command {
    Command::cargo_bin("vsm").unwrap()
}

fn imported(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let csv = dir.path().join("pipeline.csv");
    std::fs::write(&csv, CSV).unwrap();
    let ron = dir.path().join("pipeline.ron");
    let out = vsm()
        .args(["import", csv.to_str().unwrap(), "-o", ron.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    ron
}

#[test]
fn csv_value_adding_column_reaches_the_report_and_comes_back_out() {
    let dir = tempfile::tempdir().unwrap();
    let ron = imported(&dir);
    let out = vsm()
        .args(["report", ron.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let current = &report["current"];
    assert_eq!(current["process_time_hours"], 20.75);
    assert_eq!(current["value_adding_hours"], 20.5);
    let ratio = current["value_adding_ratio"].as_f64().unwrap();
    assert!((ratio - 20.5 / 57.75).abs() < 1e-12, "{ratio}");
    assert_eq!(current["step_figures"][4]["value_adding"], false);
    assert_eq!(current["step_figures"][3]["value_adding"], true);

    let out = vsm()
        .args(["report", ron.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |label: &str| {
        let line = text.lines().find(|l| l.starts_with(label));
        line.map(|l| l.split_whitespace().last().unwrap().to_string())
    };
    assert_eq!(row("Activity ratio").as_deref(), Some("36%"), "{text}");
    assert_eq!(row("Value-adding").as_deref(), Some("d"), "{text}");
    assert_eq!(row("Value-add ratio").as_deref(), Some("35%"), "{text}");

    let out = vsm()
        .args([
            "export",
            ron.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let approval = csv
        .lines()
        .find(|l| l.starts_with("Release approval"))
        .unwrap();
    assert!(approval.contains(",15min,1d,,no,"), "{csv}");
    let code = csv.lines().find(|l| l.starts_with("Code,")).unwrap();
    assert!(code.contains(",2d,3d,,yes,"), "{csv}");
}

#[test]
fn a_value_adding_cell_that_is_not_yes_or_no_is_refused_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, CSV.replace(",no\n", ",maybe\n")).unwrap();
    let out = vsm()
        .args(["import", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(
        error.contains(":6: column value_adding: 'maybe' is not yes or no (empty means yes)"),
        "{error}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_comparison_gives_value_adding_time_beside_the_activity_ratio_once_marked() {
    let app = typed_pipeline();
    let current = app.session().current.clone();
    let mut future = current.clone();
    // The future state drops the approval.
    future.stages.remove(4);
    let calendar = &app.session().calendar;
    let comparison = vsm::model::compare::Comparison::between(&current, &future, calendar);
    let rows = vsm::model::readable::comparison_rows(&comparison, calendar);
    let labels: Vec<&str> = rows.iter().map(|r| r.label).collect();
    assert_eq!(
        labels[..6],
        [
            "Lead time",
            "Process time",
            "Total work",
            "Activity ratio",
            "Value-adding",
            "Value-add ratio"
        ]
    );
    let ratio = &rows[5];
    // 20.5 h of 57.75 h, then 20.5 h of 49.75 h.
    assert_eq!(
        (ratio.current.as_str(), ratio.future.as_str()),
        ("35%", "41%")
    );
    assert_eq!(ratio.improved, Some(true));
    // Unmarked maps keep the comparison as it was.
    let plain = vsm::model::compare::Comparison::between(&future, &future, calendar);
    assert!(
        !plain
            .metrics
            .iter()
            .any(|m| m.key.starts_with("value_adding"))
    );
}
