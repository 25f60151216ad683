//! `--git` read exactly as documented, and safely: repositories are built here in temp folders
//! with the `git` program (only as a fixture tool), some with hostile config and forged
//! objects; vsm must read them without running anything they name or touching any file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{key, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{App, Effect, Mode};
use vsm::model::{Duration, Session, Step};

/// Runs the fixture tool with fixed identities and dates, and no user or system config.
fn git(repo: &Path, args: &[&str], when: &str) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// A commit of a new file, authored at `author` and committed at `committer`.
fn commit(repo: &Path, file: &str, author: &str, committer: &str) {
    std::fs::write(repo.join(file), file).unwrap();
    git(repo, &["add", file], committer);
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["commit", "-q", "-m", file])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", author)
        .env("GIT_COMMITTER_DATE", committer)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// `git merge --no-ff BRANCH` with GitHub's message for pull request `number`.
fn merge_pr(repo: &Path, branch: &str, number: u32, title: &str, when: &str) {
    let subject = format!("Merge pull request #{number} from ann/{branch}");
    git(
        repo,
        &[
            "merge", "-q", "--no-ff", branch, "-m", &subject, "-m", title,
        ],
        when,
    );
}

/// A commit object written byte for byte (what `git commit` refuses to write: NUL bytes,
/// forged signatures), returned by hash.
fn raw_commit(repo: &Path, bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// A repository in `dir/repo` with one commit on main made at `t0`.
fn new_repo(dir: &Path, t0: &str) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], t0);
    commit(&repo, "base", t0, t0);
    repo
}

/// The session the tests measure: Code (Coding), Review, Release (Awaiting release).
fn three_steps(dir: &Path) -> PathBuf {
    let path = dir.join("map.ron");
    vsm::session::save(&path, &three_step_session()).unwrap();
    path
}

fn three_step_session() -> Session {
    let mut session = Session::new("pull requests");
    for (i, (name, lead)) in [("Code", "3d"), ("Review", "1d"), ("Release", "2w")]
        .iter()
        .enumerate()
    {
        let mut step = Step::new(i as u64 + 1, *name);
        step.lead_time = Duration::parse(lead).unwrap();
        session.current.insert_stage(i, step);
    }
    session
}

fn vsm(args: &[&str]) -> (bool, String, String) {
    vsm_with_path(args, None)
}

/// Runs vsm, with `PATH` replaced when given.
fn vsm_with_path(args: &[&str], path: Option<&Path>) -> (bool, String, String) {
    let mut command = assert_cmd::Command::cargo_bin("vsm").unwrap();
    command.args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `vsm measure MAP --git REPO --write-log LOG [extra]`: the derived log's rows.
fn derived_rows(dir: &Path, repo: &Path, extra: &[&str]) -> Vec<Vec<String>> {
    let map = three_steps(dir);
    let log = dir.join("derived.csv");
    let mut args = vec![
        "measure",
        map.to_str().unwrap(),
        "--git",
        repo.to_str().unwrap(),
        "--write-log",
        log.to_str().unwrap(),
    ];
    args.extend(extra);
    let (ok, _, error) = vsm(&args);
    assert!(ok, "{error}");
    let mut reader = csv::Reader::from_path(&log).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn items(rows: &[Vec<String>]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for row in rows {
        if items.last() != Some(&row[0]) {
            items.push(row[0].clone());
        }
    }
    items
}

/// A script that appends its name and arguments to `marker` whenever anything runs it.
fn tripwire(dir: &Path, marker: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("tripwire.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\n", marker.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// A repository with pull request #1 merged normally, then #2 merged by a forged signed merge
/// commit; its `.git/config` names `program` for every program git runs on its own.
fn hostile_repository(dir: &Path, program: &Path) -> PathBuf {
    let t0 = "2024-01-01T09:00:00+00:00";
    let repo = new_repo(dir, t0);
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T09:00:00+00:00",
        "2024-01-02T10:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "one", 1, "Add maps", "2024-01-03T09:00:00+00:00");
    git(&repo, &["checkout", "-q", "-b", "two"], t0);
    commit(
        &repo,
        "b",
        "2024-01-04T09:00:00+00:00",
        "2024-01-04T10:00:00+00:00",
    );
    let main = git(&repo, &["rev-parse", "main"], t0);
    let two = git(&repo, &["rev-parse", "two"], t0);
    let tree = git(&repo, &["rev-parse", "main^{tree}"], t0);
    let forged = format!(
        "tree {tree}\nparent {main}\nparent {two}\n\
         author Ann <ann@example.com> 1704445200 +0000\n\
         committer Ann <ann@example.com> 1704445200 +0000\n\
         gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEforgedforgedforged\n \
         -----END PGP SIGNATURE-----\n\n\
         Merge pull request #2 from ann/two\n\nSigned, but forged\n"
    );
    let forged = raw_commit(&repo, forged.as_bytes());
    git(&repo, &["checkout", "-q", "main"], t0);
    git(&repo, &["reset", "-q", "--hard", &forged], t0);
    std::fs::write(repo.join(".gitattributes"), "* diff=trip filter=trip\n").unwrap();
    let p = program.display();
    let mut config = std::fs::OpenOptions::new()
        .append(true)
        .open(repo.join(".git/config"))
        .unwrap();
    use std::io::Write;
    write!(
        config,
        "[log]\n\tshowSignature = true\n\
         [gpg]\n\tprogram = {p}\n[gpg \"ssh\"]\n\tprogram = {p}\n[gpg \"x509\"]\n\tprogram = {p}\n\
         [core]\n\tfsmonitor = {p}\n\tpager = {p}\n\tsshCommand = {p}\n\taskPass = {p}\n\
         \thooksPath = {hooks}\n\
         [diff]\n\texternal = {p}\n[diff \"trip\"]\n\ttextconv = {p}\n\
         [filter \"trip\"]\n\tclean = {p}\n\tsmudge = {p}\n\tprocess = {p}\n\
         [pager]\n\tlog = {p}\n[sequence]\n\teditor = {p}\n[core]\n\teditor = {p}\n",
        hooks = program.parent().unwrap().display()
    )
    .unwrap();
    repo
}

#[test]
fn a_hostile_repository_is_measured_without_running_anything_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran.txt");
    let program = tripwire(dir.path(), &marker);
    let repo = hostile_repository(dir.path(), &program);
    // The trap is live: the git program runs the "signature checker" on this repository.
    Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["log", "-1"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(marker.exists(), "the fixture's gpg.program should trip git");
    std::fs::remove_file(&marker).unwrap();

    // And no `git` at all: a tripwire stands first on the PATH under that name.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::copy(&program, bin.join("git")).unwrap();
    let map = three_steps(dir.path());
    let (ok, out, error) = vsm_with_path(
        &[
            "measure",
            map.to_str().unwrap(),
            "--git",
            repo.to_str().unwrap(),
            "--json",
        ],
        Some(&bin),
    );
    assert!(ok, "{error}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["items"], 2, "{report}");
    assert!(
        !marker.exists(),
        "{}",
        std::fs::read_to_string(&marker).unwrap()
    );

    // The same repository through the app's E and git:PATH.
    let mut app = App::with_session(three_step_session(), None);
    key(&mut app, KeyCode::Char('E'));
    let source = format!("git:{}", repo.display());
    typing(&mut app, &source);
    let effect = key(&mut app, KeyCode::Enter);
    assert_eq!(effect, Some(Effect::LoadLog(source.clone())));
    vsm::measure_command::load_into(&mut app, source.clone());
    assert!(matches!(app.viewer.mode, Mode::Normal));
    assert_eq!(app.session().measured.as_ref().unwrap().summary.items, 2);
    assert!(
        !marker.exists(),
        "{}",
        std::fs::read_to_string(&marker).unwrap()
    );

    // And as the event loop reads it, off the UI thread.
    let mut app = App::with_session(three_step_session(), None);
    ask_for(&mut app, &source);
    let (_reading, reports, next) = start_reading(&mut app, &source);
    let done = loop {
        match reports.recv().unwrap() {
            vsm::reading::Report::Progress(_) => next.send(()).unwrap(),
            vsm::reading::Report::Done(done) => break *done,
        }
    };
    let (remembered, log) = done.unwrap();
    // Two pull requests, untagged: Coding, Review and Awaiting release each.
    assert_eq!(log.events.len(), 6);
    app.log_read(remembered, Ok(log));
    assert_eq!(app.session().measured.as_ref().unwrap().summary.items, 2);
    assert!(
        !marker.exists(),
        "{}",
        std::fs::read_to_string(&marker).unwrap()
    );
}

#[test]
fn separators_nul_and_an_output_option_in_a_message_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = "2024-01-01T09:00:00+00:00";
    let repo = new_repo(dir.path(), t0);
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let written = std::fs::metadata(&victim).unwrap().modified().unwrap();
    let created = dir.path().join("created.txt");
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T09:00:00+00:00",
        "2024-01-02T10:00:00+00:00",
    );
    let main = git(&repo, &["rev-parse", "main"], t0);
    let one = git(&repo, &["rev-parse", "one"], t0);
    let tree = git(&repo, &["rev-parse", "one^{tree}"], t0);
    // What vsm's old `git log --format` split on, then a fake record whose "parents" are an
    // option that makes git write files, in the subject, the body and after a NUL.
    let payload = |path: &Path| {
        format!(
            "\u{1f}\u{1e}\n{main}\u{1f}--output={} {one}\u{1f}2024-01-01T00:00:00Z\u{1f}\
             Merge pull request #666 from x/y\u{1f}\u{1e}",
            path.display()
        )
    };
    let mut message = format!(
        "tree {tree}\nparent {main}\nparent {one}\n\
         author Ann <ann@example.com> 1704272400 +0000\n\
         committer Ann <ann@example.com> 1704272400 +0000\n\n\
         Merge pull request #1 from ann/one{}\n\nTitle{}\nmore\n",
        payload(&victim),
        payload(&created)
    )
    .into_bytes();
    message.push(0);
    message.extend_from_slice(payload(&victim).as_bytes());
    message.extend_from_slice(b"\n--output=");
    message.extend_from_slice(created.to_str().unwrap().as_bytes());
    message.push(b'\n');
    let merge = raw_commit(&repo, &message);
    git(&repo, &["checkout", "-q", "main"], t0);
    git(&repo, &["reset", "-q", "--hard", &merge], t0);

    let rows = derived_rows(dir.path(), &repo, &[]);
    // One pull request: the text is never a record, an id or an argument.
    assert_eq!(items(&rows), ["#1"]);
    assert!(rows[0][2].starts_with("Title"), "{:?}", rows[0]);
    assert_eq!(rows[2][3], "Awaiting release");
    assert_eq!(rows[2][4], "2024-01-03T09:00:00Z");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let metadata = std::fs::metadata(&victim).unwrap();
    assert_eq!(metadata.modified().unwrap(), written);
    assert!(!created.exists());
}

/// Main line: #1, #2 (a PR whose branch merged #7 into itself), then #1 again (history
/// imported from another repository) and #3.
fn numbered_repository(dir: &Path) -> PathBuf {
    let t0 = "2024-01-01T09:00:00+00:00";
    let repo = new_repo(dir, t0);
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T09:00:00+00:00",
        "2024-01-02T10:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "one", 1, "Add maps", "2024-01-03T09:00:00+00:00");

    git(&repo, &["checkout", "-q", "-b", "two"], t0);
    commit(
        &repo,
        "b",
        "2024-01-04T09:00:00+00:00",
        "2024-01-04T09:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "-b", "seven"], t0);
    commit(
        &repo,
        "c",
        "2024-01-05T09:00:00+00:00",
        "2024-01-05T09:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "two"], t0);
    merge_pr(&repo, "seven", 7, "Nested", "2024-01-06T09:00:00+00:00");
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "two", 2, "Add sets", "2024-01-07T09:00:00+00:00");

    git(&repo, &["checkout", "-q", "-b", "again"], t0);
    commit(
        &repo,
        "d",
        "2024-01-08T09:00:00+00:00",
        "2024-01-08T09:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "again", 1, "Imported", "2024-01-09T09:00:00+00:00");
    repo
}

#[test]
fn a_number_seen_again_is_another_item_and_second_parent_merges_need_all_merges() {
    let dir = tempfile::tempdir().unwrap();
    let repo = numbered_repository(dir.path());
    let again = git(
        &repo,
        &["rev-parse", "--short=7", "main"],
        "2024-01-10T00:00:00Z",
    );
    let rows = derived_rows(dir.path(), &repo, &[]);
    assert_eq!(items(&rows), ["#1", "#2", &format!("#1@{again}")]);
    let imported: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0] != "#1" && r[0] != "#2")
        .collect();
    assert_eq!(imported[0][2], "Imported");
    assert_eq!(imported[0][4], "2024-01-08T09:00:00Z");

    let all = derived_rows(dir.path(), &repo, &["--all-merges"]);
    assert_eq!(items(&all), ["#1", "#7", "#2", &format!("#1@{again}")]);
    // #2's own commits include the nested merge's: it started at b, 2024-01-04.
    let two: Vec<&Vec<String>> = all.iter().filter(|r| r[0] == "#2").collect();
    assert_eq!(two[0][3..], ["Coding", "2024-01-04T09:00:00Z"]);
    assert_eq!(two[1][3..], ["Review", "2024-01-06T09:00:00Z"]);
}

#[test]
fn the_git_log_measures_as_the_csv_written_by_the_documented_rules() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = "2024-01-01T09:00:00+00:00";
    let repo = new_repo(dir.path(), t0);
    // #1: two commits (authored 01-02 10:00 -05:00 and 01-03 09:00 +01:00, pushed at
    // 01-04 08:00 +01:00 and 01-04 07:30 -05:00), merged 01-05 15:00 UTC; tagged v0.1.0 (annotated, 01-10) and
    // v0.2.0 (01-20): released 01-10. A lightweight tag before it does not contain it.
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T10:00:00-05:00",
        "2024-01-04T08:00:00+01:00",
    );
    // b is pushed last (12:30 UTC) though its text sorts first: instants are compared.
    commit(
        &repo,
        "b",
        "2024-01-03T09:00:00+01:00",
        "2024-01-04T07:30:00-05:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    git(&repo, &["tag", "v0.0.1"], "2024-01-01T10:00:00+00:00");
    merge_pr(
        &repo,
        "one",
        1,
        "Fix crash on empty input",
        "2024-01-05T15:00:00+00:00",
    );
    git(
        &repo,
        &["tag", "-a", "v0.1.0", "-m", "release"],
        "2024-01-10T12:00:00+00:00",
    );
    git(
        &repo,
        &["tag", "-a", "v0.2.0", "-m", "release"],
        "2024-01-20T12:00:00+00:00",
    );
    // #2: one commit, merged, never released.
    git(&repo, &["checkout", "-q", "-b", "two"], t0);
    commit(
        &repo,
        "c",
        "2024-02-01T09:00:00+00:00",
        "2024-02-01T09:30:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(
        &repo,
        "two",
        2,
        "Add a bugreport template",
        "2024-02-03T09:00:00+00:00",
    );

    let by_hand = "item,type,title,state,at\n\
        #1,defect,Fix crash on empty input,Coding,2024-01-02T10:00:00-05:00\n\
        #1,defect,Fix crash on empty input,Review,2024-01-04T07:30:00-05:00\n\
        #1,defect,Fix crash on empty input,Awaiting release,2024-01-05T15:00:00Z\n\
        #1,defect,Fix crash on empty input,Released,2024-01-10T12:00:00Z\n\
        #2,feature,Add a bugreport template,Coding,2024-02-01T09:00:00Z\n\
        #2,feature,Add a bugreport template,Review,2024-02-01T09:30:00Z\n\
        #2,feature,Add a bugreport template,Awaiting release,2024-02-03T09:00:00Z\n";
    let hand = dir.path().join("by-hand.csv");
    std::fs::write(&hand, by_hand).unwrap();
    let map = three_steps(dir.path());
    let written = dir.path().join("derived.csv");
    let report = |source: &[&str]| {
        let mut args = vec!["measure", map.to_str().unwrap(), "--json"];
        args.extend(source);
        let (ok, out, error) = vsm(&args);
        assert!(ok, "{error}");
        let mut report: serde_json::Value = serde_json::from_str(&out).unwrap();
        report["source"] = serde_json::Value::Null;
        report
    };
    let from_git = report(&[
        "--git",
        repo.to_str().unwrap(),
        "--write-log",
        written.to_str().unwrap(),
    ]);
    let from_csv = report(&["--events", hand.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), by_hand);
    assert_eq!(from_git, from_csv);
    // By hand: #1 ran from 01-02 15:00 UTC to its release 01-10 12:00 UTC: 189 h; #2 is in
    // progress.
    assert_eq!(
        (from_git["items"].as_u64(), from_git["done"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(from_git["flow_time"]["p50_hours"], 189.0);
    // Code is Coding: 01-02 15:00 to 01-04 12:30 UTC, 45.5 h.
    assert_eq!(from_git["steps"][0]["p50_hours"], 45.5);
}

#[test]
fn a_folder_that_is_no_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let map = three_steps(dir.path());
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (ok, out, error) = vsm(&[
        "measure",
        map.to_str().unwrap(),
        "--git",
        empty.to_str().unwrap(),
    ]);
    assert!(!ok, "{out}");
    assert!(error.contains("not a git repository"), "{error}");
    assert!(error.contains("--events"), "{error}");
}

/// A pull request's (state, time) pairs.
type States = Vec<(String, String)>;

/// `+02:00` as git writes it in objects: `+0200`.
fn git_time(at: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "{} {sign}{:02}{:02}",
        t.timestamp(),
        offset / 3600,
        offset % 3600 / 60
    )
}

#[test]
fn a_repository_built_from_the_serde_log_gives_back_its_items() {
    // The serde log, item by item, as history: a pull request commit authored at Coding and
    // committed at Review, forked from main and merged into it at Awaiting release, and an
    // annotated tag at each Released time on the last merge it released.
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut items: Vec<(String, String, States)> = Vec::new();
    for row in &rows {
        if items.last().is_none_or(|(item, _, _)| *item != row[0]) {
            items.push((row[0].clone(), row[2].clone(), Vec::new()));
        }
        items
            .last_mut()
            .unwrap()
            .2
            .push((row[3].clone(), row[4].clone()));
    }
    let at = |states: &[(String, String)], state: &str| {
        states
            .iter()
            .find(|(s, _)| s == state)
            .map(|(_, at)| git_time(at))
    };
    let data = |text: &str| format!("data {}\n{text}\n", text.len());
    let who = "Ann <ann@example.com>";
    let mut stream = format!(
        "commit refs/heads/main\nmark :1\ncommitter {who} 0 +0000\n{}",
        data("root")
    );
    let mut main = 1;
    for (i, (item, title, states)) in items.iter().enumerate() {
        let (pr, merge) = (2 * i + 2, 2 * i + 3);
        stream += &format!(
            "commit refs/heads/pr\nmark :{pr}\nauthor {who} {}\ncommitter {who} {}\n{}from :{main}\n",
            at(states, "Coding").unwrap(),
            at(states, "Review").unwrap(),
            data("work")
        );
        let message = format!("Merge pull request {item} from ann/pr\n\n{title}");
        stream += &format!(
            "commit refs/heads/main\nmark :{merge}\ncommitter {who} {}\n{}from :{main}\nmerge :{pr}\n",
            at(states, "Awaiting release").unwrap(),
            data(&message)
        );
        main = merge;
        let released = at(states, "Released");
        let next = items.get(i + 1).and_then(|(_, _, s)| at(s, "Released"));
        if let Some(released) = released
            && next.as_ref() != Some(&released)
        {
            stream += &format!(
                "tag r{i}\nfrom :{merge}\ntagger {who} {released}\n{}",
                data("release")
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    git(
        dir.path(),
        &["init", "-q", "-b", "main", repo.to_str().unwrap()],
        "2024-01-01T00:00:00Z",
    );
    use std::io::Write;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());

    let derived = derived_rows(dir.path(), &repo, &[]);
    assert_eq!(derived.len(), 2636);
    // The same items, titles, states and times, row for row; the type is read again from
    // the title by whole words.
    for (got, want) in derived.iter().zip(&rows) {
        assert_eq!(
            (&got[0], &got[2], &got[3], &got[4]),
            (&want[0], &want[2], &want[3], &want[4])
        );
        assert_eq!(got[1], vsm::gitlog::kind_of(&want[2]), "{want:?}");
    }
}

/// The repository of `the_git_log_measures_...`, smaller: #1 released by v1 (of 3 tags), #2 not.
fn tagged_repository(dir: &Path) -> PathBuf {
    let t0 = "2024-01-01T09:00:00+00:00";
    let repo = new_repo(dir, t0);
    git(&repo, &["tag", "v0"], t0);
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T09:00:00+00:00",
        "2024-01-02T10:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "one", 1, "Add maps", "2024-01-03T09:00:00+00:00");
    git(
        &repo,
        &["tag", "-a", "v1", "-m", "v1"],
        "2024-01-04T09:00:00+00:00",
    );
    git(
        &repo,
        &["tag", "-a", "v2", "-m", "v2"],
        "2024-01-05T09:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "-b", "two"], t0);
    commit(
        &repo,
        "b",
        "2024-01-06T09:00:00+00:00",
        "2024-01-06T10:00:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    merge_pr(&repo, "two", 2, "Add sets", "2024-01-07T09:00:00+00:00");
    repo
}

/// E, the source typed, Enter: what the event loop is asked to read.
fn ask_for(app: &mut App, source: &str) {
    key(app, KeyCode::Char('E'));
    typing(app, source);
    assert_eq!(
        key(app, KeyCode::Enter),
        Some(Effect::LoadLog(source.into()))
    );
}

/// Starts reading as the event loop does; each report waits for the test to take it.
fn start_reading(
    app: &mut App,
    source: &str,
) -> (
    vsm::reading::Reading,
    std::sync::mpsc::Receiver<vsm::reading::Report>,
    std::sync::mpsc::Sender<()>,
) {
    app.log_reading(source);
    let (reports, received) = std::sync::mpsc::channel();
    let (next, wait) = std::sync::mpsc::channel::<()>();
    let read = vsm::measure_command::app_read_options(app, source);
    let reading = vsm::reading::Reading::start(source.into(), read, move |report| {
        let _ = reports.send(report);
        let _ = wait.recv();
    });
    (reading, received, next)
}

#[test]
fn e_reads_a_repository_off_the_ui_thread_with_progress_and_the_map_usable() {
    use vsm::reading::Report;
    let dir = tempfile::tempdir().unwrap();
    let repo = tagged_repository(dir.path());
    let source = format!("git:{}", repo.display());
    let mut app = App::with_session(three_step_session(), None);
    ask_for(&mut app, &source);
    let (_reading, reports, next) = start_reading(&mut app, &source);
    // The form is gone: keys reach the map while the repository is read.
    assert!(matches!(app.viewer.mode, Mode::Normal));
    let screen = common::screen(&app, 120, 30);
    assert!(screen.contains("(Esc stops)"), "{screen}");
    key(&mut app, KeyCode::Char('l'));
    let Report::Progress(first) = reports.recv().unwrap() else {
        panic!("progress first")
    };
    assert_eq!(first, "reading tags 0/3");
    app.log_progress(&source, &first);
    let screen = common::screen(&app, 120, 30);
    assert!(screen.contains("reading tags 0/3"), "{screen}");
    next.send(()).unwrap();
    let done = loop {
        match reports.recv().unwrap() {
            Report::Progress(_) => next.send(()).unwrap(),
            Report::Done(done) => break *done,
        }
    };
    let (remembered, log) = done.unwrap();
    app.log_read(remembered, Ok(log));
    let measured = app.session().measured.as_ref().unwrap();
    assert_eq!((measured.summary.items, measured.summary.done), (2, 1));
}

#[test]
fn esc_stops_reading_and_nothing_is_measured() {
    use vsm::reading::Report;
    let dir = tempfile::tempdir().unwrap();
    let repo = tagged_repository(dir.path());
    let source = format!("git:{}", repo.display());
    let mut app = App::with_session(three_step_session(), None);
    ask_for(&mut app, &source);
    let (reading, reports, next) = start_reading(&mut app, &source);
    let esc = ratatui::crossterm::event::KeyEvent::from(KeyCode::Esc);
    assert!(app.stops_reading(&esc));
    assert!(matches!(reports.recv().unwrap(), Report::Progress(_)));
    reading.stop();
    app.log_stopped(&source);
    let _ = next.send(());
    // The thread ends (its sender goes) without a result.
    while let Ok(report) = reports.recv() {
        assert!(matches!(report, Report::Progress(_)), "{report:?}");
        let _ = next.send(());
    }
    assert!(app.session().measured.is_none());
    assert!(common::screen(&app, 120, 30).contains("Stopped reading"));
    // In a form, Esc goes back as everywhere.
    key(&mut app, KeyCode::Char('E'));
    assert!(!app.stops_reading(&esc));
}

#[test]
fn a_repository_that_cannot_be_read_reopens_the_form_with_its_path_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("git:{}", dir.path().join("nowhere").display());
    let mut app = App::with_session(three_step_session(), None);
    ask_for(&mut app, &source);
    let (_reading, reports, _next) = start_reading(&mut app, &source);
    let Ok(vsm::reading::Report::Done(done)) = reports.recv() else {
        panic!("an error")
    };
    let Err(error) = *done else {
        panic!("an error")
    };
    app.log_read(source.clone(), Err(error));
    let Mode::Form(form) = &app.viewer.mode else {
        panic!("{:?}", app.viewer.mode)
    };
    assert_eq!(form.text(0), source);
    assert!(common::screen(&app, 120, 30).contains("not a git repository"));
}
