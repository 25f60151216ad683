//! vsm as a good citizen of the shell: no terminal, typos, standard input and output,
//! completions, manual, paths, and nothing hostile printed.

use assert_cmd::Command;

fn vsm(home: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("vsm").unwrap();
    command
        .env("VSM_DATA_DIR", home.join("data"))
        .env("VSM_STATE_DIR", home.join("state"))
        .env("VSM_CONFIG_DIR", home.join("config"))
        .env_remove("VSM_LOG");
    command
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn without_a_terminal_vsm_says_what_to_use_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let session = home.path().join("ws.ron");
    std::fs::copy("sessions/tailspin.ron", &session).unwrap();
    for args in [
        vec![],
        vec![session.to_str().unwrap()],
        vec!["new-workshop"],
    ] {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vsm"))
            .env("VSM_DATA_DIR", home.path().join("data"))
            .env("VSM_STATE_DIR", home.path().join("state"))
            .env("VSM_CONFIG_DIR", home.path().join("config"))
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let error = String::from_utf8(output.stderr).unwrap();
        assert_eq!(error.lines().count(), 1, "{error}");
        assert!(
            error.contains("vsm report") && error.contains("vsm export"),
            "{error}"
        );
    }
    assert_eq!(files_under(home.path()), vec!["ws.ron"]);
}

#[test]
fn a_mistyped_command_names_the_command_meant_and_creates_nothing() {
    let home = tempfile::tempdir().unwrap();
    for (typo, meant) in [("exprot", "vsm export"), ("reprot", "vsm report")] {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vsm"))
            .env("VSM_DATA_DIR", home.path().join("data"))
            .env("VSM_STATE_DIR", home.path().join("state"))
            .env("VSM_CONFIG_DIR", home.path().join("config"))
            .current_dir(home.path())
            .args([typo, "x.ron"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let error = String::from_utf8(output.stderr).unwrap();
        assert!(
            error.contains(&format!("did you mean '{meant}'")),
            "{error}"
        );
    }
    assert!(files_under(home.path()).is_empty());
}

#[test]
fn report_and_export_read_standard_input_and_import_writes_standard_output() {
    let home = tempfile::tempdir().unwrap();
    let demo = std::fs::read("sessions/tailspin.ron").unwrap();
    let output = vsm(home.path())
        .args(["report", "-", "--json"])
        .write_stdin(demo.clone())
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["current"]["lead_time_hours"], 176.0);

    let csv = vsm(home.path())
        .args(["export", "-", "--format", "csv", "-o", "-", "--bom"])
        .write_stdin(demo)
        .output()
        .unwrap();
    assert!(csv.status.success());
    assert!(csv.stdout.starts_with("\u{feff}map,step,".as_bytes()));

    let imported = vsm(home.path())
        .args(["import", "-"])
        .write_stdin(csv.stdout)
        .output()
        .unwrap();
    assert!(imported.status.success(), "{imported:?}");
    let session = vsm::session::file::parse_bytes(&imported.stdout, "stdout").unwrap();
    assert_eq!(session.current.step_count(), 8);
    assert!(files_under(home.path()).is_empty());
}

#[test]
fn completions_manual_and_paths() {
    let home = tempfile::tempdir().unwrap();
    let bash = vsm(home.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(bash.status.success());
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(
        script.contains("complete") && script.contains("report"),
        "{script}"
    );

    let man = vsm(home.path()).arg("man").output().unwrap();
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH vsm"),
        "{page}"
    );
    assert!(page.contains("report"));
    // The pages the main page lists exist too.
    let man = vsm(home.path()).args(["man", "report"]).output().unwrap();
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(page.contains(".TH vsm-report"), "{page}");
    assert!(page.contains("json"), "{page}");

    let paths = vsm(home.path()).arg("paths").output().unwrap();
    let text = String::from_utf8(paths.stdout).unwrap();
    let state = home.path().join("state");
    assert!(
        text.contains(&state.join("recovery").display().to_string()),
        "{text}"
    );
    assert!(
        text.contains(
            &home
                .path()
                .join("config")
                .join("config.ron")
                .display()
                .to_string()
        )
    );
    assert!(text.contains("vsm.log"), "{text}");
}

#[test]
fn every_argument_has_help() {
    let home = tempfile::tempdir().unwrap();
    for command in [
        vec![],
        vec!["report"],
        vec!["export"],
        vec!["import"],
        vec!["completions"],
    ] {
        let help = vsm(home.path()).args(&command).arg("-h").output().unwrap();
        let text = String::from_utf8(help.stdout).unwrap();
        // clap prints an argument without help as its name alone on the line.
        let sections = text.split("\n\n").filter(|s| {
            ["Arguments:", "Options:", "Commands:"]
                .iter()
                .any(|h| s.starts_with(h))
        });
        let entries = sections.flat_map(|s| s.lines().skip(1));
        for line in entries.filter(|l| l.starts_with("  ") && !l.starts_with("   ")) {
            let words: Vec<&str> = line.split("  ").filter(|w| !w.trim().is_empty()).collect();
            assert!(
                words.len() >= 2,
                "{command:?}: no help for {line:?}\n{text}"
            );
        }
    }
}

#[test]
fn terminal_escapes_never_reach_the_shell() {
    let home = tempfile::tempdir().unwrap();
    let mut session = vsm::session::demo();
    session.title = "Evil\x1b]0;owned\x07 \u{202E}title".into();
    session.current.stages[0].steps[0].name = "Step\x1b[2J".into();
    let path = home.path().join("evil.ron");
    vsm::session::save(&path, &session).unwrap();
    let hostile = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        text.contains('\x1b') || text.contains('\x07') || text.contains('\u{202E}')
    };
    for args in [
        vec!["report", path.to_str().unwrap()],
        vec!["export", path.to_str().unwrap(), "--format", "text"],
    ] {
        let output = vsm(home.path()).args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(
            !hostile(&output.stdout),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    let missing = home.path().join("no\x1b[31mfile\u{202E}.ron");
    let output = vsm(home.path())
        .args(["report", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        !hostile(&output.stderr),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_at_once() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("x.ron");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for path in [fifo.to_str().unwrap(), "/dev/zero"] {
        let output = vsm(home.path())
            .args(["report", path])
            .timeout(std::time::Duration::from_secs(10))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{path}");
        let error = String::from_utf8(output.stderr).unwrap();
        assert!(error.contains("not a regular file"), "{error}");
    }
}

#[test]
fn an_export_never_goes_over_its_own_session_file() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("notes.md");
    std::fs::copy("sessions/tailspin.ron", &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let output = vsm(home.path())
        .args(["export", path.to_str().unwrap(), "-f", "markdown", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("is the session file itself")
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
