//! A session built from scratch by keyboard alone, saved, closed and reopened.

mod common;

use common::{ctrl, key, screen, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App};
use vsm::model::MapMetrics;
use vsm::runtime::Runtime;

fn add_step(app: &mut App, how: &str, name: &str, owner: &str, pt: &str, lt: &str) {
    typing(app, how);
    typing(app, name);
    key(app, KeyCode::Tab);
    typing(app, lt);
    key(app, KeyCode::Tab);
    typing(app, pt);
    key(app, KeyCode::Tab);
    typing(app, owner);
    key(app, KeyCode::Enter);
}

fn add_annotation(app: &mut App, kind: char, text: &str, author: &str) {
    typing(app, "n");
    typing(app, "a");
    key(app, KeyCode::BackTab);
    typing(app, &kind.to_string()); // chooses the kind, on to the text
    typing(app, text);
    key(app, KeyCode::Tab);
    typing(app, author);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Esc);
}

#[test]
fn a_session_built_by_keyboard_survives_save_and_reopen() {
    let data = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(data.path().to_path_buf());
    let mut app = App::start(runtime.recent());
    app.update(Action::Resize(120, 35));

    typing(&mut app, "n");
    typing(&mut app, "Pet Clinic: bug fix to production");
    key(&mut app, KeyCode::Enter);
    add_step(&mut app, "a", "Triage", "Support", "30min", "2d");
    add_step(&mut app, "a", "Fix", "Dev", "4h", "3d");
    add_step(&mut app, "a", "Review", "Dev", "1h", "1d");
    add_step(&mut app, "a", "Release", "Ops", "2h", "1w");
    key(&mut app, KeyCode::Left);
    add_step(&mut app, "p", "Security scan", "SecOps", "1h", "2d");
    key(&mut app, KeyCode::Right);
    typing(&mut app, "w");
    typing(&mut app, "Release train");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "14");
    key(&mut app, KeyCode::Enter);
    add_annotation(&mut app, 'c', "Releases wait for the monthly train", "Chun");
    key(&mut app, KeyCode::Home);
    add_annotation(&mut app, 'q', "Who decides the priority?", "");
    add_annotation(
        &mut app,
        'g',
        "Nobody measures how long tickets wait",
        "Mara",
    );

    assert_eq!(app.map().step_count(), 5);
    assert_eq!(app.map().stages[2].steps.len(), 2);
    assert_eq!(app.map().annotation_count(), 3);

    let effect = ctrl(&mut app, 's').unwrap();
    assert!(!runtime.perform(&mut app, effect));
    let path = app.file.path.clone().expect("saved into the data folder");
    assert!(path.starts_with(data.path()), "{}", path.display());
    assert!(!app.is_dirty());
    let before = screen(&app, 120, 35);
    assert!(before.contains("Saved to"), "{before}");

    // Close, then reopen from the start screen's recent list.
    assert!(runtime.perform(&mut app, vsm::app::Effect::Quit));
    let mut reopened = App::start(runtime.recent());
    reopened.update(Action::Resize(120, 35));
    assert!(screen(&reopened, 120, 35).contains("Pet Clinic: bug fix to production"));
    // The cursor is on the session used last.
    let effect = key(&mut reopened, KeyCode::Enter).unwrap();
    runtime.perform(&mut reopened, effect);
    assert_eq!(reopened.session(), app.session());
    assert_eq!(
        reopened
            .file
            .path
            .as_deref()
            .map(std::fs::canonicalize)
            .unwrap()
            .unwrap(),
        std::fs::canonicalize(&path).unwrap()
    );

    // The map and metrics on screen are the same, apart from the status line.
    let after = screen(&reopened, 120, 35);
    let body = |s: &str| s.lines().take(34).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&before)[1..], body(&after)[1..]);
    // LT: 2d + 3d + max(1d, 2d) + 1w = 12 d; PT: 0.5h + 4h + 1h (scan) + 2h = 7.5 h.
    assert!(after.contains("Lead time           12 d"), "{after}");
    assert!(after.contains("Process time       7.5 h"), "{after}");

    // The headless report agrees with the screen.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vsm"))
        .args(["report", path.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let metrics = MapMetrics::of(reopened.map(), &reopened.session().calendar);
    assert_eq!(report["title"], "Pet Clinic: bug fix to production");
    assert_eq!(report["current"]["lead_time_hours"], 96.0);
    assert_eq!(
        report["current"]["process_time_hours"],
        metrics.process_time_hours
    );
    assert_eq!(report["current"]["total_work_hours"], 8.5);
    assert_eq!(report["current"]["steps"], 5);
    assert_eq!(report["current"]["stages"], 4);
    assert_eq!(report["current"]["annotations"], 3);
    let ratio = report["current"]["activity_ratio"].as_f64().unwrap();
    assert!((ratio - 7.5 / 96.0).abs() < 1e-12);
    assert!(
        after.contains(&format!("Activity ratio {:>9}", "7.8%")),
        "{after}"
    );
}

#[test]
fn saving_the_demo_never_overwrites_another_session() {
    let data = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(data.path().to_path_buf());
    let mut first = common::demo(80, 24);
    runtime.save(&mut first);
    let mut second = common::demo(80, 24);
    runtime.save(&mut second);
    assert_ne!(first.file.path, second.file.path);
    assert!(first.file.path.unwrap().exists() && second.file.path.unwrap().exists());
}

#[test]
fn a_failed_save_keeps_the_edits_and_says_why() {
    let data = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(data.path().to_path_buf());
    let mut app = common::demo(80, 24);
    app.file.path = Some(
        data.path()
            .join("no-such-folder-file")
            .join("x")
            .join("\0bad.ron"),
    );
    typing(&mut app, "x");
    assert!(!runtime.save(&mut app));
    assert!(app.is_dirty());
    assert_eq!(app.map().step_count(), 7);
    assert!(screen(&app, 80, 24).contains("Not saved:"));
}

/// Saves a session titled `title` in `folder` under the data folder and puts it on the
/// recent list.
fn saved(
    runtime: &Runtime,
    data: &std::path::Path,
    folder: &str,
    title: &str,
) -> std::path::PathBuf {
    let dir = data.join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("session.ron");
    let mut session = vsm::session::demo();
    session.title = title.into();
    vsm::session::save(&path, &session).unwrap();
    let mut app = App::start(Vec::new());
    runtime.open(&mut app, &path);
    runtime.release(&app);
    path
}

#[test]
fn the_start_screen_tells_same_titles_apart_opens_by_path_and_forgets() {
    let data = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(data.path().to_path_buf());
    let team_a = saved(&runtime, data.path(), "team-a", "Checkout");
    saved(&runtime, data.path(), "team-b", "Checkout");

    let mut app = App::start(runtime.recent());
    app.update(Action::Resize(100, 30));
    let text = screen(&app, 100, 30);
    assert!(text.contains("▶ Checkout · team-b/session.ron"), "{text}");
    assert!(text.contains("  Checkout · team-a/session.ron"), "{text}");
    assert!(text.contains(" o open file "), "{text}");

    // x forgets team-b's entry; its file stays.
    let effect = typing_effect(&mut app, 'x').unwrap();
    runtime.perform(&mut app, effect);
    assert!(data.path().join("team-b/session.ron").exists());
    let recent: Vec<_> = runtime.recent().into_iter().map(|r| r.path).collect();
    assert_eq!(recent.len(), 1, "{recent:?}");
    assert!(screen(&app, 100, 30).contains("Forgot 'Checkout'"));

    // o opens a file by its path.
    typing(&mut app, "o");
    typing(&mut app, team_a.to_str().unwrap());
    let effect = key(&mut app, KeyCode::Enter).unwrap();
    runtime.perform(&mut app, effect);
    assert_eq!(app.session().title, "Checkout");
    assert_eq!(app.file.path.as_deref(), Some(team_a.as_path()));
    runtime.release(&app);

    // A path that is not there says so on the start screen.
    let mut app = App::start(runtime.recent());
    app.update(Action::Resize(100, 30));
    typing(&mut app, "o");
    typing(&mut app, "/nowhere/at/all.ron");
    let effect = key(&mut app, KeyCode::Enter).unwrap();
    runtime.perform(&mut app, effect);
    let text = screen(&app, 100, 30);
    assert!(text.contains("/nowhere/at/all.ron"), "{text}");
}

fn typing_effect(app: &mut App, c: char) -> Option<vsm::app::Effect> {
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ))
}

/// As with the default XDG folders: sessions in the data folder, the recent list in the state
/// folder. A session taken off the list stays off when vsm starts again, even when an older
/// version's list in the data folder still names it.
#[test]
fn a_forgotten_session_stays_forgotten_after_a_restart_with_separate_folders() {
    let data = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let runtime = Runtime {
        data_dir: Some(data.path().to_path_buf()),
        state_dir: Some(state.path().to_path_buf()),
        config_path: None,
    };
    let only = saved(&runtime, data.path(), "team-a", "Checkout");
    // The list an older version kept in the data folder names the same session.
    std::fs::copy(
        state.path().join("recent.ron"),
        data.path().join("recent.ron"),
    )
    .unwrap();

    let mut app = runtime.start_app();
    app.update(Action::Resize(100, 30));
    assert!(screen(&app, 100, 30).contains("Checkout"));
    let effect = typing_effect(&mut app, 'x').unwrap();
    runtime.perform(&mut app, effect);
    assert!(only.exists(), "the file itself stays");

    // vsm starts again: the list is read afresh from disk.
    let mut again = runtime.start_app();
    again.update(Action::Resize(100, 30));
    let text = screen(&again, 100, 30);
    assert!(
        !text.contains("Checkout"),
        "forgotten session is back:\n{text}"
    );
    assert!(runtime.recent().is_empty());
}
