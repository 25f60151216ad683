//! The start screen knows every session opened or created by path, written or not.

mod common;

use common::{key, screen, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, Screen};
use vsm::runtime::Runtime;

#[test]
fn a_new_path_is_listed_after_quitting_as_not_saved_yet_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(dir.path().join("state"));
    let new = dir.path().join("retro.ron");

    let mut app = runtime.start_app();
    runtime.open_or_new(&mut app, &new);
    assert!(runtime.perform(&mut app, vsm::app::Effect::Quit));
    assert!(!new.exists(), "quitting unchanged creates no file");

    let mut app = runtime.start_app();
    app.update(Action::Resize(120, 35));
    let shown = screen(&app, 120, 35);
    let line = shown.lines().find(|l| l.contains("retro")).unwrap_or("");
    assert!(line.contains("not saved yet"), "{shown}");
    // Enter opens it as the new session it was, still without creating the file.
    let effect = key(&mut app, KeyCode::Enter).unwrap();
    assert!(!runtime.perform(&mut app, effect));
    assert_eq!(app.viewer.screen, Screen::Map);
    assert_eq!(app.session().title, "retro");
    assert!(!new.exists());

    // Once it has a step it is written, and listed like any other session.
    typing(&mut app, "a");
    typing(&mut app, "Collect feedback");
    key(&mut app, KeyCode::Enter);
    assert!(runtime.perform(&mut app, vsm::app::Effect::Quit));
    assert!(new.exists());
    let app = runtime.start_app();
    let shown = screen(&app, 120, 35);
    let line = shown.lines().find(|l| l.contains("retro")).unwrap_or("");
    assert!(
        line.contains("changed") && !line.contains("not saved yet"),
        "{shown}"
    );
}

#[test]
fn a_session_opened_by_path_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(dir.path().join("state"));
    let file = dir.path().join("tailspin.ron");
    vsm::session::save(&file, &vsm::session::demo()).unwrap();
    for _ in 0..2 {
        let mut app = runtime.start_app();
        runtime.open_or_new(&mut app, &file);
        assert!(runtime.perform(&mut app, vsm::app::Effect::Quit));
    }
    let recent = runtime.recent();
    assert_eq!(recent.len(), 1, "{recent:?}");
    assert_eq!(recent[0].title, vsm::session::demo().title);
}
