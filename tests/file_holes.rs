//! Every file vsm writes, attacked: links planted or given, the session file named as an
//! output, read-only files (tests run as root here, who could write anything), a change made
//! by another program in the middle of a save, a user's file that looks like a temporary one,
//! a session file deleted under vsm.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use common::{ctrl, screen, typing};
use vsm::app::{Effect, Screen};
use vsm::runtime::{AutosaveDone, Runtime};
use vsm::session;

fn vsm(home: &Path) -> Command {
    let mut command = Command::cargo_bin("vsm").unwrap();
    command
        .env("VSM_DATA_DIR", home.join("data"))
        .env("VSM_STATE_DIR", home.join("state"))
        .env("VSM_CONFIG_DIR", home.join("config"))
        .env_remove("VSM_LOG");
    command
}

fn run(home: &Path, args: &[&str]) -> (bool, String) {
    let output = vsm(home).args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).unwrap().is_symlink()
}

fn demo_in(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, session::to_ron(&session::demo())).unwrap();
    path
}

fn git(repo: &Path, args: &[&str]) {
    let when = "2024-01-05T15:00:00+00:00";
    let output = Process::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

/// A repository with one merged pull request: `measure --git` derives a log from it.
fn repo_with_a_pull_request(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("a"), "a").unwrap();
    git(&repo, &["add", "a"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    git(&repo, &["checkout", "-q", "-b", "one"]);
    std::fs::write(repo.join("b"), "b").unwrap();
    git(&repo, &["add", "b"]);
    git(&repo, &["commit", "-q", "-m", "work"]);
    git(&repo, &["checkout", "-q", "main"]);
    git(
        &repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "one",
            "-m",
            "Merge pull request #1 from ann/one",
        ],
    );
    repo
}

#[test]
fn write_log_never_replaces_the_session_and_writes_through_a_link_only_to_a_regular_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let repo = repo_with_a_pull_request(dir);
    let ron = demo_in(dir, "ws.ron");
    let map = std::fs::read(&ron).unwrap();
    let to_session = dir.join("log-link.csv");
    symlink(&ron, &to_session).unwrap();
    for out in [&ron, &to_session] {
        let (ok, error) = run(
            dir,
            &[
                "measure",
                ron.to_str().unwrap(),
                "--git",
                repo.to_str().unwrap(),
                "--write-log",
                out.to_str().unwrap(),
            ],
        );
        assert!(!ok, "{}", out.display());
        assert!(error.contains("is the session file itself"), "{error}");
        assert_eq!(std::fs::read(&ron).unwrap(), map, "the map is kept");
    }
    // A link the user gave to a log file of theirs: written through, link and mode kept.
    let real = dir.join("real.csv");
    std::fs::write(&real, "old log").unwrap();
    set_mode(&real, 0o640);
    let link = dir.join("log.csv");
    symlink(&real, &link).unwrap();
    let (ok, error) = run(
        dir,
        &[
            "measure",
            ron.to_str().unwrap(),
            "--git",
            repo.to_str().unwrap(),
            "--write-log",
            link.to_str().unwrap(),
        ],
    );
    assert!(ok, "{error}");
    assert!(is_link(&link));
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("item,"));
    assert_eq!(mode(&real), 0o640);
    // A link to a device is refused, not followed.
    let to_null = dir.join("null.csv");
    symlink("/dev/null", &to_null).unwrap();
    let (ok, error) = run(
        dir,
        &[
            "measure",
            ron.to_str().unwrap(),
            "--git",
            repo.to_str().unwrap(),
            "--write-log",
            to_null.to_str().unwrap(),
        ],
    );
    assert!(!ok && error.contains("symbolic link"), "{error}");
}

#[test]
fn export_to_a_link_writes_the_real_file_and_never_makes_a_world_writable_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let ron = demo_in(dir, "ws.ron");
    set_mode(&ron, 0o600);
    let real = dir.join("report.md");
    std::fs::write(&real, "old").unwrap();
    set_mode(&real, 0o640);
    let link = dir.join("link.md");
    symlink(&real, &link).unwrap();
    let (ok, error) = run(
        dir,
        &[
            "export",
            ron.to_str().unwrap(),
            "-f",
            "markdown",
            "-o",
            link.to_str().unwrap(),
        ],
    );
    assert!(ok, "{error}");
    assert!(is_link(&link), "the link is kept");
    assert!(std::fs::read_to_string(&real).unwrap().contains("Tailspin"));
    assert_eq!(mode(&real), 0o640);
    // A new export takes the session's mode (0600 here), never 0777 nor wider than it.
    let new = dir.join("new.md");
    let (ok, error) = run(
        dir,
        &[
            "export",
            ron.to_str().unwrap(),
            "-f",
            "markdown",
            "-o",
            new.to_str().unwrap(),
        ],
    );
    assert!(ok, "{error}");
    assert_eq!(mode(&new), 0o600);
    // A link to the session is the session.
    let to_session = dir.join("to-session.md");
    symlink(&ron, &to_session).unwrap();
    let (ok, error) = run(
        dir,
        &[
            "export",
            ron.to_str().unwrap(),
            "-f",
            "markdown",
            "-o",
            to_session.to_str().unwrap(),
        ],
    );
    assert!(!ok && error.contains("session file itself"), "{error}");
    assert!(session::load(&ron).is_ok());
}

fn events_csv(dir: &Path) -> PathBuf {
    let csv = dir.join("events.csv");
    std::fs::write(
        &csv,
        "item,state,time\n1,Code the feature,2024-01-01T09:00:00Z\n1,Done,2024-01-03T09:00:00Z\n",
    )
    .unwrap();
    csv
}

#[test]
fn measure_save_on_a_linked_session_keeps_the_link_and_the_mode() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let real_dir = dir.join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = demo_in(&real_dir, "ws.ron");
    set_mode(&real, 0o640);
    let link = dir.join("ws.ron");
    symlink(&real, &link).unwrap();
    let csv = events_csv(dir);
    let (ok, error) = run(
        dir,
        &[
            "measure",
            link.to_str().unwrap(),
            "--events",
            csv.to_str().unwrap(),
            "--save",
        ],
    );
    assert!(ok, "{error}");
    assert!(is_link(&link), "the link is kept");
    assert_eq!(mode(&real), 0o640);
    assert!(session::load(&real).unwrap().measured.is_some());
    assert!(session::file::backup_path(&real, 1).exists());
}

#[test]
fn a_read_only_session_is_never_written_without_being_asked_even_by_root() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let ron = demo_in(dir, "ws.ron");
    set_mode(&ron, 0o444);
    let before = std::fs::read(&ron).unwrap();
    // Headless: refused with what to do.
    let csv = events_csv(dir);
    let (ok, error) = run(
        dir,
        &[
            "measure",
            ron.to_str().unwrap(),
            "--events",
            csv.to_str().unwrap(),
            "--save",
        ],
    );
    assert!(!ok);
    assert!(
        error.contains("read-only (mode 0444)") && error.contains("chmod u+w"),
        "{error}"
    );
    assert_eq!(std::fs::read(&ron).unwrap(), before);

    // In the app: an edit is not autosaved, the user is asked; Ctrl+S is the `:w!`.
    let rt = Runtime::in_folder(dir.join("state"));
    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(120, 35));
    rt.open(&mut app, &ron);
    assert_eq!(app.viewer.screen, Screen::Map);
    typing(&mut app, "x");
    assert!(!rt.autosave(&mut app));
    assert_eq!(std::fs::read(&ron).unwrap(), before, "not written");
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("read-only (mode 0444)") && text.contains("Ctrl+S writes it anyway"),
        "{text}"
    );
    let effect = ctrl(&mut app, 's').unwrap();
    rt.perform(&mut app, effect);
    assert_ne!(std::fs::read(&ron).unwrap(), before, "written when told to");
    assert_eq!(mode(&ron), 0o444, "and still read-only");
}

#[test]
fn an_outside_write_during_a_large_save_keeps_both_and_asks() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let mut big = session::demo();
    for i in 0..3000 {
        big.current
            .insert_stage(0, vsm::model::Step::new(1000 + i, format!("Step {i}")));
    }
    let path = dir.join("big.ron");
    session::save(&path, &big).unwrap();
    let rt = Runtime::in_folder(dir.join("state"));
    let mut app = rt.start_app();
    app.update(vsm::app::Action::Resize(100, 30));
    rt.open(&mut app, &path);
    typing(&mut app, "x");
    let job = rt.autosave_job(&mut app).unwrap();
    let theirs = {
        let mut theirs = big.clone();
        theirs.title = "Their title".into();
        session::to_ron(&theirs)
    };
    // The other program writes while vsm's copy is on disk and not yet renamed.
    let result = job
        .disk
        .as_ref()
        .unwrap()
        .get()
        .write_pausing(&job.session, &mut || {
            std::fs::write(&path, &theirs).unwrap()
        })
        .map(|_| ());
    let done = AutosaveDone {
        target: job.target.clone(),
        revision: job.revision,
        result,
    };
    assert!(!rt.autosaved(&mut app, done));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs kept"
    );
    let mine = app
        .file
        .recovery
        .clone()
        .expect("mine kept in a recovery file");
    assert_eq!(
        session::load(&mine).unwrap().current.step_count(),
        app.session().current.step_count()
    );
    let text = screen(&app, 100, 30);
    assert!(text.contains("Changed on disk"), "{text}");
    // No temporary file is left beside the session.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("vsm-save"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn opening_a_session_leaves_the_users_dot_backup_beside_it() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let notes = demo_in(dir, "notes.ron");
    let backup = dir.join(".notes.ron.backup");
    std::fs::copy(&notes, &backup).unwrap();
    let rt = Runtime::in_folder(dir.join("state"));
    let mut app = rt.start_app();
    rt.open(&mut app, &notes);
    assert_eq!(app.viewer.screen, Screen::Map);
    assert!(backup.exists(), "the user's file survives");
    assert!(rt.quit(&mut app));
    assert!(backup.exists());
}

#[test]
fn a_session_file_deleted_under_vsm_is_written_again_on_quit() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let path = demo_in(dir, "ws.ron");
    let rt = Runtime::in_folder(dir.join("state"));
    let mut app = rt.start_app();
    rt.open(&mut app, &path);
    typing(&mut app, "x");
    assert!(rt.autosave(&mut app));
    let saved = session::load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(rt.perform(&mut app, Effect::Quit));
    let again = session::load(&path).expect("written again");
    assert_eq!(again.current, saved.current);
}

#[test]
fn the_start_screen_comes_up_at_once_with_a_pipe_or_dev_zero_as_the_recent_list() {
    let home = tempfile::tempdir().unwrap();
    let (data, state) = (home.path().join("data"), home.path().join("state"));
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&state).unwrap();
    let fifo = std::ffi::CString::new(state.join("recent.ron").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    symlink("/dev/zero", data.join("recent.ron")).unwrap();
    let rt = Runtime {
        data_dir: Some(data),
        state_dir: Some(state.clone()),
        config_path: None,
    };
    let started = std::time::Instant::now();
    let mut app = rt.start_app();
    assert_eq!(app.viewer.screen, Screen::Start);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // Opening a session does not write through the pipe either: the list is left alone.
    let path = demo_in(home.path(), "ws.ron");
    rt.open(&mut app, &path);
    assert_eq!(app.viewer.screen, Screen::Map);
    assert!(
        !std::fs::symlink_metadata(state.join("recent.ron"))
            .unwrap()
            .is_file()
    );
}
