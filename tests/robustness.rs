//! Never lose a workshop: autosave, recovery, bad files, hostile text.

mod common;

use common::{demo, key, screen, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{App, Screen};
use vsm::runtime::Runtime;
use vsm::session;

fn runtime(dir: &std::path::Path) -> Runtime {
    Runtime::in_folder(dir.to_path_buf())
}

#[test]
fn a_session_without_a_file_is_autosaved_and_offered_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let rt = runtime(data.path());
    let mut app = demo(80, 24);
    typing(&mut app, "x");
    assert!(app.needs_autosave());
    assert!(rt.autosave(&mut app));
    assert!(!app.needs_autosave());
    let recovery = app.file.recovery.clone().unwrap();
    assert!(recovery.starts_with(data.path()));
    // Nothing is "saved" yet: quitting still asks.
    assert!(app.is_dirty());

    // The program dies here. The next start offers the recovered session.
    let mut next = rt.start_app();
    next.update(vsm::app::Action::Resize(80, 24));
    let text = screen(&next, 80, 24);
    assert!(text.contains("Recovered: Tailspin: one feature"), "{text}");
    // The cursor is on it already.
    let effect = key(&mut next, KeyCode::Enter).unwrap();
    rt.perform(&mut next, effect);
    assert_eq!(next.viewer.screen, Screen::Map);
    assert_eq!(next.map().step_count(), 7);
    assert_eq!(next.file.recovery.as_deref(), Some(recovery.as_path()));

    // Saving it for real puts it in the data folder and the recovery file goes.
    let effect = common::ctrl(&mut next, 's').unwrap();
    rt.perform(&mut next, effect);
    assert!(!recovery.exists());
    assert!(next.file.path.as_ref().unwrap().exists());
}

#[test]
fn quitting_without_saving_discards_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let rt = runtime(data.path());
    let mut app = demo(80, 24);
    typing(&mut app, "x");
    rt.autosave(&mut app);
    let recovery = app.file.recovery.clone().unwrap();
    typing(&mut app, "q");
    let effect = typing_effect(&mut app, 'y');
    assert!(rt.perform(&mut app, effect.unwrap()));
    assert!(!recovery.exists());
}

fn typing_effect(app: &mut App, c: char) -> Option<vsm::app::Effect> {
    key(app, KeyCode::Char(c))
}

#[test]
fn a_session_with_a_file_is_autosaved_into_it_with_backups() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path());
    let path = dir.path().join("ws.ron");
    session::save(&path, &vsm::session::demo()).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut app = rt.start_app();
    rt.open(&mut app, &path);
    typing(&mut app, "x");
    assert!(rt.autosave(&mut app));
    assert!(!app.is_dirty());
    assert_eq!(session::load(&path).unwrap().current.step_count(), 7);
    assert_eq!(
        std::fs::read(session::file::backup_path(&path, 1)).unwrap(),
        before
    );
    // No leftovers from the atomic write.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ron") || n.ends_with(".bak") || n.ends_with(".lock")),
        "{names:?}"
    );
    // Quitting releases the lock.
    rt.perform(&mut app, vsm::app::Effect::Quit);
    assert!(!session::lock::lock_path(&path).exists());
}

#[test]
fn a_failed_write_keeps_the_edits_says_so_and_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path());
    // A folder that cannot be written: its "parent" is a file. (Tests may run as root, for
    // whom a read-only folder is writable.)
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let mut app = demo(80, 24);
    app.file.path = Some(blocker.join("ws.ron"));
    typing(&mut app, "x");
    assert!(!rt.autosave(&mut app));
    assert!(app.needs_autosave());
    assert_eq!(app.map().step_count(), 7);
    assert!(screen(&app, 80, 24).contains("Autosave failed"));
    // The folder becomes writable: the next try succeeds.
    std::fs::remove_file(&blocker).unwrap();
    assert!(rt.autosave(&mut app));
    assert!(!app.needs_autosave());
}

#[test]
fn bad_files_are_refused_with_a_message_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let demo_text = session::DEMO_RON.to_string();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "invalid.ron",
            b"(version: 1, title: \"x\", current: (stages: [".to_vec(),
            "invalid.ron:1:",
        ),
        (
            "wrong-type.ron",
            b"(version: 1, title: 12, current: ())".to_vec(),
            "wrong-type.ron:1:",
        ),
        (
            "missing.ron",
            b"(version: 1, title: \"x\")".to_vec(),
            "missing.ron:1:",
        ),
        (
            "lead.ron",
            demo_text
                .replacen("lead_time: \"4d\"", "lead_time: \"1d\"", 1)
                .into_bytes(),
            "lead time 1d is shorter than process time 4d",
        ),
        ("empty.ron", Vec::new(), "is empty"),
        (
            "binary.ron",
            vec![0, 159, 146, 150, 255, 0, 1],
            "is not a text file",
        ),
        (
            "newer.ron",
            demo_text
                .replacen("version: 1", "version: 7", 1)
                .into_bytes(),
            "session format version 7, this vsm reads up to version 1",
        ),
        ("huge.ron", Vec::new(), "is over 64 MB"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        if name == "huge.ron" {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(100 * 1024 * 1024)
                .unwrap();
        }
        let error = session::load(&path).unwrap_err().to_string();
        assert!(error.contains(expected), "{name}: {error}");

        // The app says so on the start screen and never writes the file.
        let rt = runtime(dir.path());
        let mut app = rt.start_app();
        rt.open(&mut app, &path);
        assert_eq!(app.viewer.screen, Screen::Start, "{name}");
        assert!(app.viewer.status.as_ref().unwrap().text.contains(expected));
        rt.autosave(&mut app);
        rt.perform(&mut app, vsm::app::Effect::Quit);
        if name != "huge.ron" {
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name}");
        } else {
            assert_eq!(std::fs::metadata(&path).unwrap().len(), 100 * 1024 * 1024);
        }
    }
}

#[test]
fn every_format_version_loads() {
    let v1 = session::load(std::path::Path::new("tests/sessions/v1.ron")).unwrap();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.current.step_count(), 8);
}

#[test]
fn escape_sequences_and_bidi_marks_display_as_inert_text() {
    let mut session = vsm::session::demo();
    session.future = None;
    let step = &mut session.current.stages[0].steps[0];
    step.name = "Evil\x1b[2J\x1b[31m\u{200F}name".into();
    step.owner = "日本語チーム🚀".into();
    step.annotations[0].text = "bell\x07 and \x1b]0;title\x07".into();
    let mut app = App::with_session(session, None);
    app.update(vsm::app::Action::Resize(80, 24));
    let text = screen(&app, 80, 24);
    assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{200F}'));
    assert!(
        text.contains("Evil�[2J�[31m�…") || text.contains("Evil�[2J�[31m�name"),
        "{text}"
    );
    assert!(text.contains("日本語チーム🚀"), "{text}");
    // Boxes stay aligned: every map row is as wide as the screen allows.
    for line in text.lines().take(10) {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn a_file_open_in_another_vsm_warns_and_offers_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path());
    let path = dir.path().join("shared.ron");
    session::save(&path, &vsm::session::demo()).unwrap();
    // Another vsm holds the lock (the operating system's lock, on its own open file).
    let other = session::lock::Lock {
        host: "another-laptop".into(),
        ..session::lock::Lock::this_process()
    };
    let held = session::lock::acquire(&path, &other).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut app, &path);
    let text = screen(&app, 100, 30);
    assert!(text.contains("on another-laptop since"), "{text}");
    typing(&mut app, "r");
    assert!(app.file.is_read_only());
    typing(&mut app, "x");
    assert_eq!(app.map().step_count(), 8);
    assert!(screen(&app, 100, 30).contains("Read-only"));
    rt.autosave(&mut app);
    rt.perform(&mut app, vsm::app::Effect::Quit);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        session::lock::lock_path(&path).exists(),
        "the other window's lock stays"
    );

    // Or open anyway: this window writes, and the other one stops writing when it next
    // tries, and says so.
    let mut app = rt.start_app();
    rt.open(&mut app, &path);
    let effect = typing_effect(&mut app, 'o').unwrap();
    rt.perform(&mut app, effect);
    assert!(!app.file.is_read_only());
    assert_eq!(app.viewer.screen, Screen::Map);
    assert_eq!(
        session::lock::holder(&path).map(|l| l.pid),
        Some(std::process::id())
    );
    let mut held = held;
    assert!(held.taken_over_by().is_some());
}

#[test]
fn two_windows_after_open_anyway_never_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path());
    let path = dir.path().join("shared.ron");
    session::save(&path, &vsm::session::demo()).unwrap();
    let mut first = rt.start_app();
    first.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut first, &path);
    assert_eq!(first.viewer.screen, Screen::Map);
    let mut second = rt.start_app();
    second.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut second, &path);
    assert!(screen(&second, 100, 30).contains("has this file open"));
    let effect = typing_effect(&mut second, 'o').unwrap();
    rt.perform(&mut second, effect);
    // The second window edits and saves.
    typing(&mut second, "x");
    assert!(rt.autosave(&mut second));
    assert_eq!(session::load(&path).unwrap().current.step_count(), 7);
    // The first window's next write is refused: it turns read-only, keeps its edits in a
    // recovery file and says so.
    typing(&mut first, "G");
    typing(&mut first, "x");
    rt.autosave(&mut first);
    assert!(first.file.is_read_only());
    let text = screen(&first, 100, 30);
    assert!(text.contains("Read-only"), "{text}");
    assert!(text.contains("another window took over"), "{text}");
    assert_eq!(session::load(&path).unwrap().current.step_count(), 7);
    let kept = first.file.recovery.clone().unwrap();
    assert_eq!(session::load(&kept).unwrap().current.step_count(), 7);
    assert_ne!(session::load(&kept).unwrap(), session::load(&path).unwrap());
}
