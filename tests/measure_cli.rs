//! `vsm measure`, run as the binary: on the serde log, on bad logs, and on a git repository
//! built here with the `git` program.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use vsm::model::{Session, Step};

fn vsm() -> Command {
    Command::cargo_bin("vsm").unwrap()
}

/// A session with the 3-step map Code, Review, Release, saved in `dir`.
fn three_steps(dir: &Path) -> std::path::PathBuf {
    let mut session = Session::new("serde");
    for (i, (name, lead)) in [("Code", "3d"), ("Review", "1d"), ("Release", "2w")]
        .iter()
        .enumerate()
    {
        let mut step = Step::new(i as u64 + 1, *name);
        step.lead_time = vsm::model::Duration::parse(lead).unwrap();
        session.current.insert_stage(i, step);
    }
    let path = dir.join("serde.ron");
    vsm::session::save(&path, &session).unwrap();
    path
}

/// Runs `vsm` with `args`, which must succeed, and reads its output as JSON.
fn json_of(args: &[&str]) -> serde_json::Value {
    let (ok, out, error) = run(args);
    assert!(ok, "{error}");
    serde_json::from_str(&out).unwrap()
}

fn run(args: &[&str]) -> (bool, String, String) {
    let output = vsm().args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_serde_log_prints_steps_flow_time_velocity_and_what_was_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let ron = ron.to_str().unwrap();
    let (ok, text, _) = run(&["measure", ron, "--events", "tests/data/serde-prs.csv"]);
    assert!(ok);
    for needle in [
        "661 items: 653 done, 8 in progress (never reached Released)",
        "Skipped rows: none",
        "items had rows out of time order",
        "Code               Coding",
        "Release            Awaiting release",
        "Flow time p50",
        "Velocity per month",
        "2016-02 ",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }

    let report = json_of(&[
        "measure",
        ron,
        "--events",
        "tests/data/serde-prs.csv",
        "--json",
        "--period",
        "quarter",
    ]);
    assert_eq!(report["items"], 661);
    assert_eq!(report["done"], 653);
    assert_eq!(report["in_progress"], 8);
    assert_eq!(report["skipped"], serde_json::json!({}));
    assert_eq!(report["flow_time"]["n"], 653);
    assert!(report["flow_time"]["p50_hours"].as_f64().unwrap() > 0.0);
    assert!(report["flow_efficiency"].as_f64().unwrap() > 0.0);
    let steps = report["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Code", "Review", "Release"]);
    // 3 working days are 4.2 elapsed days.
    assert!((steps[0]["estimate_hours"].as_f64().unwrap() - 3.0 * 24.0 * 7.0 / 5.0).abs() < 1e-9);
    for step in steps {
        assert!(step["n"].as_u64().unwrap() > 600);
        assert!(step["p85_hours"].as_f64() >= step["p50_hours"].as_f64());
    }
    let velocity = report["velocity"].as_array().unwrap();
    assert_eq!(velocity[0]["start"], "2014-07-01");
    let done: u64 = velocity.iter().map(|v| v["count"].as_u64().unwrap()).sum();
    assert_eq!(done, 653);
}

#[test]
fn a_bad_row_is_named_by_line_and_column_or_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let log = dir.path().join("log.csv");
    std::fs::write(
        &log,
        "item,state,at\nA,Coding,2024-01-01\nA,Review,next week\nA,Released,2024-01-05\nB,,2024-01-02\n",
    )
    .unwrap();
    let (ron, log) = (ron.to_str().unwrap(), log.to_str().unwrap());
    let (ok, _, error) = run(&["measure", ron, "--events", log]);
    assert!(!ok);
    assert!(
        error.contains("log.csv: line 3, column 3 (at): 'next week' is not a time"),
        "{error}"
    );
    let report = json_of(&["measure", ron, "--events", log, "--skip-bad", "--json"]);
    assert_eq!(
        report["skipped"],
        serde_json::json!({"bad time": 1, "no state": 1})
    );
    assert_eq!(report["done"], 1);
    let (ok, _, error) = run(&["measure", ron, "--events", "missing.csv"]);
    assert!(!ok && error.contains("missing.csv: cannot read"), "{error}");
}

#[test]
fn save_keeps_the_mapping_and_figures_in_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let path = ron.to_str().unwrap();
    let (ok, _, _) = run(&[
        "measure",
        path,
        "--events",
        "tests/data/serde-prs.csv",
        "--save",
    ]);
    assert!(ok);
    let session = vsm::session::load(&ron).unwrap();
    let measured = session.measured.unwrap();
    assert_eq!(measured.summary.items, 661);
    let states: Vec<Vec<String>> = session.current.steps().map(|s| s.states.clone()).collect();
    assert_eq!(states, [["Coding"], ["Review"], ["Awaiting release"]]);
    let size = std::fs::metadata(&ron).unwrap().len();
    let log = std::fs::metadata("tests/data/serde-prs.csv").unwrap().len();
    assert!(
        size * 4 < log,
        "the session keeps figures, not rows: {size} bytes"
    );
}

#[test]
fn save_never_writes_a_session_another_vsm_has_open() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let before = std::fs::read(&ron).unwrap();
    let resolved = std::fs::canonicalize(&ron).unwrap();
    let me = vsm::session::lock::Lock::this_process();
    let held = vsm::session::lock::acquire(&resolved, &me).unwrap();
    let path = ron.to_str().unwrap();
    let events = ["--events", "tests/data/serde-prs.csv", "--save"];
    let (ok, out, error) = run(&[&["measure", path][..], &events[..]].concat());
    assert!(!ok);
    assert!(out.contains("Code"), "the figures are still printed: {out}");
    assert!(error.contains("is open in another vsm"), "{error}");
    assert!(error.contains("nothing was written"), "{error}");
    assert_eq!(std::fs::read(&ron).unwrap(), before);
    held.release();
    let (ok, _, error) = run(&[&["measure", path][..], &events[..]].concat());
    assert!(ok, "{error}");
    assert_ne!(std::fs::read(&ron).unwrap(), before);
}

#[test]
fn a_folder_or_device_is_not_read_as_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let path = ron.to_str().unwrap();
    for log in ["/dev/null", dir.path().to_str().unwrap()] {
        let (ok, _, error) = run(&["measure", path, "--events", log]);
        assert!(!ok, "{log}");
        assert!(error.contains("is not a regular file"), "{log}: {error}");
    }
}

fn git(repo: &Path, args: &[&str], when: &str) {
    let status = Process::new("git")
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
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

fn commit(repo: &Path, file: &str, author: &str, committer: &str) {
    std::fs::write(repo.join(file), author).unwrap();
    git(repo, &["add", file], committer);
    let status = Process::new("git")
        .arg("-C")
        .arg(repo)
        .args(["commit", "-q", "-m", file])
        .env("GIT_AUTHOR_DATE", author)
        .env("GIT_COMMITTER_DATE", committer)
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .output()
        .unwrap();
    assert!(status.status.success());
}

/// A repository in a new folder, with one commit on main made at `t0`.
fn new_repo(t0: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], t0);
    commit(&repo, "base", t0, t0);
    (dir, repo)
}

#[test]
fn git_gives_the_events_of_the_data_readmes_rules() {
    let t0 = "2024-01-01T09:00:00+00:00";
    let (dir, repo) = new_repo(t0);

    // Pull request #1: authored on the 2nd (second commit authored earlier, on the 1st at
    // noon, as after a rebase), last pushed on the 4th, merged on the 5th, released on the 10th.
    git(&repo, &["checkout", "-q", "-b", "one"], t0);
    commit(
        &repo,
        "a",
        "2024-01-02T10:00:00+01:00",
        "2024-01-03T10:00:00+01:00",
    );
    commit(
        &repo,
        "b",
        "2024-01-01T12:00:00-05:00",
        "2024-01-04T08:00:00+01:00",
    );
    git(&repo, &["checkout", "-q", "main"], t0);
    let merged = "2024-01-05T15:00:00+00:00";
    git(
        &repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "one",
            "-m",
            "Merge pull request #1 from ann/one",
            "-m",
            "Fix crash on empty input",
        ],
        merged,
    );
    // An older tag that does not contain #1, then two that do: the earlier one counts.
    git(
        &repo,
        &["tag", "v0.0.1", "HEAD~1"],
        "2024-01-01T10:00:00+00:00",
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

    // Pull request #2: merged, never released.
    git(&repo, &["checkout", "-q", "-b", "two"], merged);
    commit(
        &repo,
        "c",
        "2024-02-01T09:00:00+00:00",
        "2024-02-01T09:30:00+00:00",
    );
    git(&repo, &["checkout", "-q", "main"], merged);
    git(
        &repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "two",
            "-m",
            "Merge pull request #2 from ann/two",
            "-m",
            "Support maps",
        ],
        "2024-02-03T09:00:00+00:00",
    );

    let events = vsm::gitlog::derive(&repo, None).unwrap();
    let rows: Vec<(String, &str, &str, String)> = events
        .iter()
        .map(|e| (e.item.clone(), e.kind, e.state, e.at.clone()))
        .collect();
    let row = |item: &str, kind, state, at: &str| (item.to_string(), kind, state, at.to_string());
    assert_eq!(
        rows,
        [
            row("#1", "defect", "Coding", "2024-01-01T12:00:00-05:00"),
            row("#1", "defect", "Review", "2024-01-04T08:00:00+01:00"),
            // git writes a zero offset as Z.
            row("#1", "defect", "Awaiting release", "2024-01-05T15:00:00Z"),
            row("#1", "defect", "Released", "2024-01-10T12:00:00Z"),
            row("#2", "feature", "Coding", "2024-02-01T09:00:00Z"),
            row("#2", "feature", "Review", "2024-02-01T09:30:00Z"),
            row("#2", "feature", "Awaiting release", "2024-02-03T09:00:00Z"),
        ]
    );
    assert_eq!(events[0].title, "Fix crash on empty input");

    let ron = three_steps(dir.path());
    let out = dir.path().join("derived.csv");
    let report = json_of(&[
        "measure",
        ron.to_str().unwrap(),
        "--git",
        repo.to_str().unwrap(),
        "--json",
        "--write-log",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        (report["items"].as_u64(), report["done"].as_u64()),
        (Some(2), Some(1))
    );
    let written = std::fs::read_to_string(out).unwrap();
    assert!(
        written.starts_with("item,type,title,state,at\n#1,defect,Fix crash on empty input,Coding,")
    );

    let report = json_of(&[
        "measure",
        ron.to_str().unwrap(),
        "--git",
        repo.to_str().unwrap(),
        "--json",
        "--since",
        "2024-01-15",
    ]);
    assert_eq!(report["items"], 1);
}

#[test]
fn a_future_drafted_on_a_day_is_measured_from_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let mut session = vsm::session::load(&ron).unwrap();
    session.draft_future(true);
    session.future_drafted_on = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
    vsm::session::save(&ron, &session).unwrap();
    let path = ron.to_str().unwrap();
    let (ok, text, _) = run(&["measure", path, "--events", "tests/data/serde-prs.csv"]);
    assert!(ok);
    assert!(
        text.contains("Did we get there? Future target vs measured since 2024-01-01"),
        "{text}"
    );
    let report = json_of(&[
        "measure",
        path,
        "--events",
        "tests/data/serde-prs.csv",
        "--json",
    ]);
    let check = &report["did_we_get_there"];
    assert_eq!(check["since"], "2024-01-01");
    // Items whose first row is on or after the day (the log's rows are in item order).
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let mut first: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for line in text.lines().skip(1) {
        let item = line.split(',').next().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339(line.rsplit(',').next().unwrap())
            .unwrap()
            .timestamp();
        let entry = first.entry(item).or_insert(at);
        *entry = (*entry).min(at);
    }
    let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let offset = chrono::Local::now().offset().local_minus_utc() as i64;
    let since = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() - offset;
    let started = first.values().filter(|at| **at >= since).count();
    assert_eq!(check["items"], started);
    let keys: Vec<&str> = check["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "lead_time_hours",
            "flow_time_p85_hours",
            "process_time_hours",
            "activity_ratio"
        ]
    );
    assert_eq!(check["steps"].as_array().unwrap().len(), 3);
}

#[test]
fn a_repository_without_merged_pull_requests_says_so_and_writes_nothing() {
    let t0 = "2024-01-01T09:00:00+00:00";
    let (dir, repo) = new_repo(t0);
    // A merge, but not of a pull request.
    git(&repo, &["checkout", "-q", "-b", "topic"], t0);
    commit(&repo, "topic", t0, t0);
    git(&repo, &["checkout", "-q", "main"], t0);
    git(
        &repo,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge branch 'topic'",
            "topic",
        ],
        t0,
    );
    let ron = three_steps(dir.path());
    let before = std::fs::read(&ron).unwrap();
    let out = dir.path().join("derived.csv");
    for json in [false, true] {
        let mut args = vec![
            "measure",
            ron.to_str().unwrap(),
            "--git",
            repo.to_str().unwrap(),
            "--save",
            "--write-log",
            out.to_str().unwrap(),
        ];
        if json {
            args.push("--json");
        }
        let (ok, stdout, stderr) = run(&args);
        assert!(!ok, "{stdout}");
        assert_eq!(stdout, "");
        assert!(stderr.contains("no merged pull requests found"), "{stderr}");
        assert!(stderr.contains("Merge pull request #"), "{stderr}");
        assert!(!stderr.contains("never reached"), "{stderr}");
        assert!(!out.exists());
        assert_eq!(std::fs::read(&ron).unwrap(), before);
    }
}

#[test]
fn a_log_without_events_says_so_instead_of_a_report_of_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let ron = three_steps(dir.path());
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "item,state,time\n").unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "item,state,time\n1,Review,yesterday\n").unwrap();
    for (log, says) in [(&empty, "no events"), (&bad, "every row was bad (1 ")] {
        let args = [
            "measure",
            ron.to_str().unwrap(),
            "--events",
            log.to_str().unwrap(),
            "--skip-bad",
        ];
        let (ok, stdout, stderr) = run(&args);
        assert!(!ok && stdout.is_empty(), "{stdout}");
        assert!(stderr.contains(says), "{stderr}");
    }
}

/// A state placed on a step by its order alone (no step is named like it) is said to be a
/// guess, never used silently; a state named like its step is not.
#[test]
fn a_mapping_guessed_by_order_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::new("retro");
    for (i, name) in ["Request", "Review", "Ship"].iter().enumerate() {
        session
            .current
            .insert_stage(i, Step::new(i as u64 + 1, *name));
    }
    let path = dir.path().join("retro.ron");
    vsm::session::save(&path, &session).unwrap();
    let log = dir.path().join("log.csv");
    std::fs::write(
        &log,
        "item,state,at\nA,Coding,2024-03-01\nA,Review,2024-03-02\nA,Done,2024-03-03\n",
    )
    .unwrap();
    let (ok, out, error) = run(&[
        "measure",
        path.to_str().unwrap(),
        "--events",
        log.to_str().unwrap(),
    ]);
    assert!(ok, "{error}");
    assert!(
        out.contains(
            "Mapping guessed by order, no step is named like these states: Coding on 'Request'"
        ),
        "{out}"
    );
    assert!(!out.contains("Review on"), "{out}");
}
