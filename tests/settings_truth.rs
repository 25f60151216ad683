//! Settings and keys tell the truth: a config mistake stays in view wherever vsm starts, and
//! Suspend is found in the palette.

mod common;

use common::{key, screen, typing};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::{Action, Effect};
use vsm::runtime::Runtime;

fn with_config(dir: &std::path::Path, config: &str) -> Runtime {
    let path = dir.join("config.ron");
    std::fs::write(&path, config).unwrap();
    Runtime {
        data_dir: Some(dir.join("data")),
        state_dir: Some(dir.join("state")),
        config_path: Some(path),
    }
}

fn header(app: &vsm::app::App) -> String {
    screen(app, 200, 40)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_config_mistake_stays_in_view_after_opening_a_file_until_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let rt = with_config(dir.path(), "(theme: Some(Purple))");
    let file = dir.path().join("tailspin.ron");
    vsm::session::save(&file, &vsm::session::demo()).unwrap();

    // vsm FILE: the mistake is not overwritten by "Opened FILE".
    let mut app = rt.start_app();
    app.update(Action::Resize(200, 40));
    rt.open_or_new(&mut app, &file);
    let top = header(&app);
    assert!(top.contains("the config has a mistake"), "{top}");
    // Moving around keeps it; Esc on the map dismisses it.
    key(&mut app, KeyCode::Right);
    let top = header(&app);
    assert!(
        top.contains("the config has a mistake") && top.contains("Esc dismisses"),
        "{top}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(!header(&app).contains("config"), "{}", header(&app));
    rt.perform(&mut app, Effect::Quit);

    // A message the user asked for replaces it.
    let mut app = rt.start_app();
    app.update(Action::Resize(200, 40));
    rt.open_or_new(&mut app, &file);
    typing(&mut app, "s");
    let top = header(&app);
    assert!(!top.contains("config has a mistake"), "{top}");
    assert!(
        top.contains("Notes shown as badges only"),
        "{}",
        screen(&app, 200, 40)
    );

    // The start screen shows it too, and keeps it while choosing an entry.
    let mut app = rt.start_app();
    app.update(Action::Resize(120, 35));
    key(&mut app, KeyCode::Down);
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("the config has a mistake"), "{shown}");
}

#[test]
fn suspend_is_in_the_palette_with_its_key_when_one_is_bound() {
    let mut app = common::demo(120, 35);
    typing(&mut app, ":");
    typing(&mut app, "suspend");
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("suspend vsm: back to the shell"), "{shown}");
    assert_eq!(key(&mut app, KeyCode::Enter), Some(Effect::Suspend));
    // Ctrl+Z stays undo.
    let undo = app.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert_eq!(undo, None);
    assert!(screen(&app, 120, 35).contains("nothing to undo"));

    let dir = tempfile::tempdir().unwrap();
    let rt = with_config(
        dir.path(),
        r#"(keys: Some((map: [(keys: ["Ctrl+x"], action: Suspend)])))"#,
    );
    let mut app = rt.start_app();
    app.update(Action::Resize(120, 35));
    typing(&mut app, "d");
    typing(&mut app, ":");
    typing(&mut app, "suspend");
    let shown = screen(&app, 120, 35);
    let line = shown.lines().find(|l| l.contains("Ctrl+x")).unwrap_or("");
    assert!(line.contains("Suspend"), "{shown}");
}
