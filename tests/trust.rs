//! Files you can trust, as the app uses them: a file changed by another program, quitting
//! when nothing can be written, settings chosen in the app, big maps.

mod common;

use common::{key, screen, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Effect, Screen};
use vsm::runtime::Runtime;
use vsm::session;

fn opened(dir: &std::path::Path) -> (Runtime, vsm::app::App, std::path::PathBuf) {
    let rt = Runtime::in_folder(dir.join("state"));
    let path = dir.join("ws.ron");
    session::save(&path, &session::demo()).unwrap();
    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut app, &path);
    assert_eq!(app.viewer.screen, Screen::Map);
    (rt, app, path)
}

/// Another program (an editor, `git pull`) writes the file.
fn changed_by_someone_else(path: &std::path::Path) -> Vec<u8> {
    let mut theirs = session::load(path).unwrap();
    theirs.title = "Their title".into();
    let text = session::to_ron(&theirs).into_bytes();
    std::fs::write(path, &text).unwrap();
    text
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_and_the_user_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, mut app, path) = opened(dir.path());
    let theirs = changed_by_someone_else(&path);
    typing(&mut app, "x");
    assert!(!rt.autosave(&mut app));
    assert_eq!(std::fs::read(&path).unwrap(), theirs, "theirs is untouched");
    let text = screen(&app, 100, 30);
    assert!(text.contains("Changed on disk"), "{text}");
    assert!(
        text.contains("reload theirs") && text.contains("keep mine"),
        "{text}"
    );
    // No more autosave tries while the question is open.
    assert!(!app.needs_autosave());
    app.update(vsm::app::Action::Resize(80, 24));
    // The question and the bottom line (the header shows the temporary folder's name).
    let text = screen(&app, 80, 24);
    let question: Vec<&str> = text
        .lines()
        .skip(10)
        .filter(|l| !l.trim().is_empty())
        .collect();
    insta::assert_snapshot!(
        "changed_on_disk_80x24",
        question[..4].join("\n") + "\n" + question.last().unwrap()
    );
    app.update(vsm::app::Action::Resize(100, 30));

    // Reload theirs: mine goes to a recovery file offered on the start screen.
    let effect = key(&mut app, KeyCode::Char('r')).unwrap();
    rt.perform(&mut app, effect);
    assert_eq!(app.session().title, "Their title");
    assert_eq!(app.map().step_count(), 8);
    let mine = app.file.recovery.clone().unwrap_or_else(|| {
        session::recovery::list(&dir.path().join("state"))[0]
            .path
            .clone()
    });
    assert_eq!(session::load(&mine).unwrap().current.step_count(), 7);
    assert!(screen(&app, 100, 30).contains("your version is in"));
    // Editing goes on into the file as it now is.
    typing(&mut app, "x");
    assert!(rt.autosave(&mut app));
    assert_eq!(session::load(&path).unwrap().title, "Their title");
}

/// An edit that meets a file changed on disk, and the answer `answer` to the question.
fn answered(
    dir: &std::path::Path,
    answer: char,
) -> (Runtime, vsm::app::App, std::path::PathBuf, Vec<u8>) {
    let (rt, mut app, path) = opened(dir);
    let theirs = changed_by_someone_else(&path);
    typing(&mut app, "x");
    assert!(!rt.autosave(&mut app));
    let effect = key(&mut app, KeyCode::Char(answer)).unwrap();
    rt.perform(&mut app, effect);
    (rt, app, path, theirs)
}

#[test]
fn keep_mine_keeps_theirs_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (_rt, app, path, theirs) = answered(dir.path(), 'k');
    assert_eq!(session::load(&path).unwrap().current.step_count(), 7);
    assert_eq!(
        std::fs::read(session::file::backup_path(&path, 1)).unwrap(),
        theirs
    );
    assert!(screen(&app, 100, 30).contains("the other version is in"));
}

#[test]
fn save_mine_elsewhere_leaves_theirs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, mut app, path, theirs) = answered(dir.path(), 'e');
    assert_eq!(std::fs::read(&path).unwrap(), theirs);
    let mine = app.file.path.clone().unwrap();
    assert_ne!(mine, path);
    assert!(
        mine.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("ws-mine")
    );
    assert_eq!(session::load(&mine).unwrap().current.step_count(), 7);
    // The app now edits the new file.
    typing(&mut app, "x");
    assert!(rt.autosave(&mut app));
    assert_eq!(session::load(&mine).unwrap().current.step_count(), 6);
}

/// A session's folder that turns out to be a file: nothing can be written there.
fn blocked_folder(dir: &std::path::Path) -> std::path::PathBuf {
    let blocker = dir.join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    blocker
}

/// The demo with one step deleted, as a session file inside `folder`.
fn edited_demo_in(folder: &std::path::Path) -> vsm::app::App {
    let mut app = common::demo(80, 24);
    app.file.path = Some(folder.join("ws.ron"));
    typing(&mut app, "x");
    app
}

#[test]
fn quitting_when_the_file_cannot_be_written_keeps_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let blocker = blocked_folder(dir.path());
    let mut app = edited_demo_in(&blocker);
    // Quit within the autosave delay: the edit goes to the state folder, and the shell is
    // told where.
    let effect = key(&mut app, KeyCode::Char('q'));
    let quits = match effect {
        Some(effect) => rt.perform(&mut app, effect),
        None => {
            let effect = key(&mut app, KeyCode::Char('s')).unwrap();
            rt.perform(&mut app, effect)
        }
    };
    assert!(quits);
    let kept = app.file.recovery.clone().unwrap();
    assert!(kept.starts_with(dir.path().join("state")));
    assert_eq!(session::load(&kept).unwrap().current.step_count(), 7);
    assert!(
        app.file
            .farewell
            .as_ref()
            .unwrap()
            .contains(&kept.display().to_string())
    );

    // Nowhere to write at all: the app asks instead of quitting.
    let rt = Runtime::in_folder(blocker.join("state"));
    let mut app = edited_demo_in(&blocker);
    assert!(!rt.perform(&mut app, Effect::Quit));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nothing could be written"), "{text}");
    // y quits without the edits, as asked.
    let effect = key(&mut app, KeyCode::Char('y')).unwrap();
    assert!(rt.perform(&mut app, effect));
}

#[test]
fn exporting_a_session_named_like_its_export_keeps_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let path = dir.path().join("notes.md");
    session::save(&path, &session::demo()).unwrap();
    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut app, &path);
    let before = std::fs::read(&path).unwrap();
    typing(&mut app, "X");
    let effect = key(&mut app, KeyCode::Char('m')).unwrap();
    rt.perform(&mut app, effect);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let exported = dir.path().join("notes-export.md");
    assert!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .contains("Tailspin")
    );
    assert!(screen(&app, 100, 30).contains("notes-export.md"));
}

#[test]
fn choosing_a_theme_never_touches_the_users_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    let written_by_hand = "// my settings\n(\n    zoom: Some(Large), // big room\n)\n";
    std::fs::write(&config, written_by_hand).unwrap();
    let rt = Runtime {
        data_dir: Some(dir.path().join("data")),
        state_dir: Some(dir.path().join("state")),
        config_path: Some(config.clone()),
    };
    let mut app = rt.start_app();
    typing(&mut app, "d");
    let effect = key(&mut app, KeyCode::Char('T')).unwrap();
    rt.perform(&mut app, effect);
    rt.perform(&mut app, Effect::Quit);
    assert_eq!(std::fs::read_to_string(&config).unwrap(), written_by_hand);
    // The choice is remembered in the state folder.
    let next = rt.start_app();
    assert_eq!(next.viewer.theme, app.viewer.theme);
    assert_eq!(next.viewer.zoom, vsm::ui::geometry::Zoom::Large);
}

#[test]
fn opening_a_file_that_does_not_exist_creates_it_only_at_the_first_change() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let path = dir.path().join("typo");
    let mut app = rt.start_app();
    rt.open_or_new(&mut app, &path);
    assert_eq!(app.viewer.screen, Screen::Map);
    rt.autosave(&mut app);
    rt.perform(&mut app, Effect::Quit);
    assert!(!path.exists());
    // Listed on the start screen (as "not saved yet"), though nothing was created.
    assert_eq!(rt.recent().len(), 1);

    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(80, 24));
    rt.open_or_new(&mut app, &path);
    typing(&mut app, "t");
    // Nothing is on disk yet: the header must not say saved.
    for (w, h) in [(80, 24), (200, 60)] {
        let header = screen(&app, w, h).lines().next().unwrap().to_string();
        assert!(header.contains("not saved yet"), "{header}");
        assert!(!header.contains("✓"), "{header}");
    }
    typing(&mut app, "Workshop");
    key(&mut app, KeyCode::Enter);
    assert!(rt.autosave(&mut app), "{}", screen(&app, 80, 24));
    app.viewer.status = None;
    let header = screen(&app, 200, 60).lines().next().unwrap().to_string();
    assert!(header.contains("✓ saved"), "{header}");
    assert_eq!(session::load(&path).unwrap().title, "Workshop");
    assert_eq!(rt.recent().len(), 1, "Recent lists the file once");
}

/// A map as big as an import of a large spreadsheet.
fn big_session(steps: u64) -> vsm::model::Session {
    let mut session = vsm::model::Session::new("Big");
    for id in 1..=steps {
        let mut step = vsm::model::Step::new(id, format!("Step number {id} of the big map"));
        step.owner = "Team".into();
        step.lead_time = vsm::model::Duration::parse("3d").unwrap();
        step.process_time = vsm::model::Duration::parse("2h").unwrap();
        session.current.stages.push(
            vsm::model::map::Stage {
                queue: None,
                steps: vec![step],
            }
            .into(),
        );
    }
    session
}

fn saves_reopens_and_reports(steps: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let session = big_session(steps);
    let (mut open, _) = {
        session::save(&path, &vsm::model::Session::new("Big")).unwrap();
        session::OpenFile::open(&path).unwrap()
    };
    open.write(&session).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < session::disk::MAX_FILE_BYTES / 2, "{size} bytes");
    let again = session::load(&path).unwrap();
    assert_eq!(again.current.step_count() as u64, steps);
    let report = vsm::export::report::json(&again);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["current"]["lead_time_hours"], (steps * 24) as f64);
}

/// An import of 30,000 rows used to write 14 MB that the old 10 MB limit then refused.
#[test]
fn a_thirty_thousand_step_map_saves_reopens_and_reports() {
    saves_reopens_and_reports(30_000);
}

/// The 100,000-step case takes a while in a debug build: `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn a_hundred_thousand_step_map_saves_reopens_and_reports() {
    saves_reopens_and_reports(100_000);
}

#[test]
fn quitting_after_autosave_failed_keeps_the_edits_in_a_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let blocker = blocked_folder(dir.path());
    let mut app = edited_demo_in(&blocker);
    // The autosave has already failed ("retrying every second") when the facilitator quits.
    assert!(!rt.autosave(&mut app));
    assert!(app.file.write_failed);
    let effect = key(&mut app, KeyCode::Char('q')).expect("q leaves: nothing to ask");
    assert!(rt.perform(&mut app, effect));
    let kept = app.file.recovery.clone().unwrap();
    assert!(kept.starts_with(dir.path().join("state")));
    assert_eq!(session::load(&kept).unwrap().current.step_count(), 7);

    // Asked to save and quit when nothing at all can be written, then given a place to keep
    // them: "s" leaves with the edits in the recovery file.
    let mut app = edited_demo_in(&blocker);
    assert!(!Runtime::in_folder(blocker.join("state")).perform(&mut app, Effect::Quit));
    let effect = key(&mut app, KeyCode::Char('s')).unwrap();
    assert!(rt.perform(&mut app, effect));
    let kept = app.file.recovery.clone().unwrap();
    assert_eq!(session::load(&kept).unwrap().current.step_count(), 7);
}

#[cfg(unix)]
#[test]
fn a_planted_lock_link_makes_the_session_read_only_and_says_why_on_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let path = dir.path().join("b.ron");
    session::save(&path, &session::demo()).unwrap();
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join(".b.ron.lock")).unwrap();
    let mut app = common::demo(80, 24);
    rt.open(&mut app, &path);
    assert!(app.file.is_read_only());
    typing(&mut app, "x");
    let said = app.viewer.status.clone().unwrap().text;
    assert!(said.contains("cannot be locked"), "{said}");
    assert!(!said.contains("another vsm"), "{said}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn a_refused_file_says_what_is_wrong_and_how_to_fix_it_whole_on_the_start_screen_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let rt = Runtime::in_folder(dir.path().join("state"));
    let path = dir.path().join("bad.ron");
    let text = std::fs::read_to_string("sessions/tailspin.ron")
        .unwrap()
        .replacen(
            "lead_time: \"3d\"",
            "lead_time: \"3d\", rework_to: Some(99)",
            1,
        );
    std::fs::write(&path, text).unwrap();
    let mut app = vsm::app::App::start(Vec::new());
    rt.open(&mut app, &path);
    let shown = screen(&app, 80, 24).replace(['│', '\n'], " ");
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = words(&shown);
    assert!(shown.contains("names no step of this map"), "{shown}");
    assert!(shown.contains("or remove it"), "{shown}");
}
