//! `vsm measure` on what trackers really export (issue 19), each file written here from a table
//! of true events: a Jira status history (`Status` and `To Status`, Jira's date format), Azure
//! DevOps revisions in dd/MM/yyyy, a Linear API dump in camelCase, a semicolon file, a CRLF
//! file with a repeated header and an unbalanced quote, a mixed-language workflow with
//! Removed/Canceled/Reopened, and Jira's REST JSON. Every figure is checked against an
//! independent computation from the table, and the summary's column names and counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::DateTime;
use serde_json::Value;
use vsm::model::{Session, Step};

/// One true event: item, type, state entered, when (RFC 3339).
type Row = (&'static str, &'static str, &'static str, &'static str);

fn utc(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp()
}

/// A session with the map Build, Review, Release in `dir`.
fn session(dir: &Path) -> PathBuf {
    let mut session = Session::new("tracker");
    for (i, name) in ["Build", "Review", "Release"].iter().enumerate() {
        session
            .current
            .insert_stage(i, Step::new(i as u64 + 1, *name));
    }
    let path = dir.join("map.ron");
    vsm::session::save(&path, &session).unwrap();
    path
}

fn run(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut command = Command::cargo_bin("vsm").unwrap();
    command.args(args).env("TZ", "UTC");
    if let Some(text) = stdin {
        command.write_stdin(text.to_string());
    }
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Writes `text` as `name` and measures it with `flags`: the JSON report and the table.
fn measure(name: &str, text: &str, flags: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let log = dir.path().join(name);
    std::fs::write(&log, text).unwrap();
    let mut args = vec![
        "measure",
        ron.to_str().unwrap(),
        "--events",
        log.to_str().unwrap(),
    ];
    args.extend_from_slice(flags);
    let (ok, table, error) = run(&args, None);
    assert!(ok, "{error}");
    args.push("--json");
    let (ok, json, error) = run(&args, None);
    assert!(ok, "{error}");
    (serde_json::from_str(&json).unwrap(), table)
}

/// What the rules of DESIGN.md give for `rows`, computed here on its own.
#[derive(Debug, PartialEq)]
struct Expected {
    done: usize,
    in_progress: usize,
    dropped: usize,
    reopened: usize,
    flow_hours: Vec<f64>,
}

fn expected(rows: &[Row], done: &[&str], dropped: &[&str], last: bool) -> Expected {
    let mut items: BTreeMap<&str, Vec<(i64, &str)>> = BTreeMap::new();
    for (item, _, state, at) in rows {
        let events = items.entry(item).or_default();
        // Rows repeating item, state and time are one event.
        if !events.contains(&(utc(at), *state)) {
            events.push((utc(at), *state));
        }
    }
    let mut out = Expected {
        done: 0,
        in_progress: 0,
        dropped: 0,
        reopened: 0,
        flow_hours: Vec::new(),
    };
    for events in items.values_mut() {
        events.sort_by_key(|e| e.0);
        if dropped.contains(&events.last().unwrap().1) {
            out.dropped += 1;
            continue;
        }
        let dones: Vec<usize> = (0..events.len())
            .filter(|i| done.contains(&events[*i].1))
            .collect();
        if let Some(first) = dones.first()
            && events[*first..].iter().any(|e| !done.contains(&e.1))
        {
            out.reopened += 1;
        }
        match if last { dones.last() } else { dones.first() } {
            Some(end) => {
                out.done += 1;
                out.flow_hours
                    .push((events[*end].0 - events[0].0) as f64 / 3600.0);
            }
            None => out.in_progress += 1,
        }
    }
    out.flow_hours.sort_by(f64::total_cmp);
    out
}

fn rank(sorted: &[f64], percent: usize) -> f64 {
    sorted[(percent * sorted.len()).div_ceil(100) - 1]
}

/// The report's counts and flow times are those computed here.
fn check(json: &Value, want: &Expected) {
    let count = |key: &str| json[key].as_u64().unwrap() as usize;
    assert_eq!(
        (
            count("done"),
            count("in_progress"),
            count("dropped"),
            count("reopened")
        ),
        (want.done, want.in_progress, want.dropped, want.reopened)
    );
    assert_eq!(count("items"), want.done + want.in_progress);
    let flow = &json["flow_time"];
    assert_eq!(flow["n"].as_u64().unwrap() as usize, want.flow_hours.len());
    let close = |got: &Value, want: f64| {
        assert!(
            (got.as_f64().unwrap() - want).abs() < 1e-9,
            "{got} vs {want}"
        )
    };
    close(&flow["p50_hours"], rank(&want.flow_hours, 50));
    close(&flow["p85_hours"], rank(&want.flow_hours, 85));
}

fn formatted(at: &str, format: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .unwrap()
        .format(format)
        .to_string()
}

const JIRA: &[Row] = &[
    ("ABC-1", "Story", "To Do", "2024-02-01T09:00:00Z"),
    ("ABC-1", "Story", "In Progress", "2024-02-02T18:34:00Z"),
    ("ABC-1", "Story", "In Review", "2024-02-05T10:15:00Z"),
    ("ABC-1", "Story", "Done", "2024-02-06T16:00:00Z"),
    ("ABC-1", "Story", "Reopened", "2024-02-08T09:00:00Z"),
    ("ABC-1", "Story", "Done", "2024-02-09T11:30:00Z"),
    ("ABC-2", "Bug", "To Do", "2024-02-03T08:00:00Z"),
    ("ABC-2", "Bug", "In Progress", "2024-02-03T13:00:00Z"),
    ("ABC-2", "Bug", "Done", "2024-02-04T00:05:00Z"),
    ("ABC-3", "Story", "To Do", "2024-02-04T10:00:00Z"),
    ("ABC-3", "Story", "In Progress", "2024-02-12T12:00:00Z"),
    ("ABC-4", "Bug", "To Do", "2024-02-05T10:00:00Z"),
    ("ABC-4", "Bug", "Won't Do", "2024-02-06T10:00:00Z"),
    ("ABC-5", "Story", "To Do", "2024-02-06T10:00:00Z"),
    ("ABC-5", "Story", "In Progress", "2024-02-07T11:00:00Z"),
    ("ABC-5", "Story", "In Review", "2024-02-08T15:45:00Z"),
    ("ABC-5", "Story", "Done", "2024-02-13T17:20:00Z"),
];

/// A Jira status-history export: the issue's current `Status` on every row beside the
/// transition's `From Status` and `To Status`, in Jira's `dd/MMM/yy h:mm a`.
fn jira_history() -> String {
    let mut text =
        String::from("Issue key,Summary,Issue Type,Status,From Status,To Status,Date,Created\n");
    for (i, (item, kind, state, at)) in JIRA.iter().enumerate() {
        let current = JIRA.iter().rev().find(|r| r.0 == *item).unwrap().2;
        let from = if i > 0 && JIRA[i - 1].0 == *item {
            JIRA[i - 1].2
        } else {
            ""
        };
        let created = JIRA.iter().find(|r| r.0 == *item).unwrap().3;
        text += &format!(
            "{item},\"Summary of {item}, with a comma\",{kind},{current},{from},{state},{},{}\n",
            formatted(at, "%d/%b/%y %-I:%M %p"),
            formatted(created, "%d/%b/%y %-I:%M %p"),
        );
    }
    text
}

#[test]
fn a_jira_status_history_measures_the_transitions_not_the_current_status() {
    let (json, table) = measure("jira.csv", &jira_history(), &["--tz", "UTC"]);
    check(&json, &expected(JIRA, &["Done"], &["Won't Do"], false));
    let columns = &json["columns"];
    assert_eq!(columns["state"], "To Status");
    assert_eq!(columns["current_state_not_used"], "Status");
    assert_eq!(columns["time"], "Date");
    assert_eq!(
        (&columns["item"], &columns["type"], &columns["title"]),
        (
            &Value::from("Issue key"),
            &Value::from("Issue Type"),
            &Value::from("Summary")
        )
    );
    assert_eq!(
        columns["time_formats"],
        serde_json::json!(["Jira dd/MMM/yy h:mm a"])
    );
    assert_eq!(json["done_states"], serde_json::json!(["Done"]));
    assert_eq!(json["dropped_states"], serde_json::json!(["Won't Do"]));
    assert!(table.contains(
        "Read: item 'Issue key', state 'To Status' (not the current status 'Status'), time 'Date' \
         (Jira dd/MMM/yy h:mm a; no offset: UTC local time), type 'Issue Type', title 'Summary', \
         separator ','"
    ), "{table}");
    assert!(
        table.contains("4 items: 3 done, 1 in progress (never reached Done); 1 dropped (Won't Do)"),
        "{table}"
    );
    assert!(
        table.contains("Reopened: 1 items left a done state"),
        "{table}"
    );
    // Flow time to the last done state instead: ABC-1 runs to its second Done.
    let (json, _) = measure(
        "jira.csv",
        &jira_history(),
        &["--tz", "UTC", "--done-at", "last"],
    );
    check(&json, &expected(JIRA, &["Done"], &["Won't Do"], true));
    assert_eq!(json["done_at"], "last");
}

const ADO: &[Row] = &[
    ("101", "User Story", "New", "2024-01-08T08:00:00Z"),
    ("101", "User Story", "Active", "2024-01-09T09:30:00Z"),
    ("101", "User Story", "Resolved", "2024-01-15T17:00:00Z"),
    ("101", "User Story", "Closed", "2024-01-16T10:00:00Z"),
    ("102", "Bug", "New", "2024-01-10T08:00:00Z"),
    ("102", "Bug", "Active", "2024-01-22T14:00:00Z"),
    ("102", "Bug", "Closed", "2024-02-01T09:00:00Z"),
    ("103", "Bug", "New", "2024-01-12T08:00:00Z"),
    ("103", "Bug", "Removed", "2024-01-13T08:00:00Z"),
];

/// Azure DevOps revisions: a row per revision (several with the state unchanged), State Change
/// Date beside Changed Date, dd/MM/yyyy HH:mm in Berlin winter time (UTC+1).
fn ado_revisions() -> String {
    let mut text =
        String::from("ID,Rev,Work Item Type,Title,State,Changed Date,State Change Date\n");
    for (rev, (item, kind, state, at)) in ADO.iter().enumerate() {
        let local = |at: &str| {
            DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        };
        let row = |rev: usize, changed: &str| {
            format!(
                "{item},{rev},{kind},Work {item},{state},{changed},{}\n",
                local(at)
            )
        };
        text += &row(rev * 2, &local(at));
        // A revision that changed another field: the same state and state change date.
        text += &row(rev * 2 + 1, "20/02/2024 10:00");
    }
    text
}

#[test]
fn azure_devops_revisions_in_day_month_order_are_measured_once_per_state_change() {
    let (json, table) = measure("ado.csv", &ado_revisions(), &["--tz", "Europe/Berlin"]);
    check(
        &json,
        &expected(ADO, &["Resolved", "Closed"], &["Removed"], false),
    );
    let columns = &json["columns"];
    assert_eq!(
        (&columns["item"], &columns["state"], &columns["time"]),
        (
            &Value::from("ID"),
            &Value::from("State"),
            &Value::from("State Change Date")
        )
    );
    assert_eq!(columns["time_formats"], serde_json::json!(["d/M/yyyy"]));
    assert_eq!(columns["duplicates"], ADO.len());
    assert_eq!(columns["zone"], "Europe/Berlin");
    assert!(table.contains("duplicate rows measured once: 9"), "{table}");
}

const LINEAR: &[Row] = &[
    ("ENG-1", "Feature", "Backlog", "2024-04-01T10:00:00.000Z"),
    (
        "ENG-1",
        "Feature",
        "In Progress",
        "2024-04-02T10:00:00.000Z",
    ),
    ("ENG-1", "Feature", "Hecho", "2024-04-04T22:00:00.000Z"),
    ("ENG-2", "Feature", "Backlog", "2024-04-01T11:00:00.000Z"),
    (
        "ENG-2",
        "Feature",
        "En progreso",
        "2024-04-03T09:00:00.000Z",
    ),
    ("ENG-2", "Feature", "Done", "2024-04-03T21:30:00.000Z"),
    ("ENG-3", "Bug", "Backlog", "2024-04-02T11:00:00.000Z"),
    ("ENG-3", "Bug", "Canceled", "2024-04-02T12:00:00.000Z"),
    ("ENG-4", "Bug", "Backlog", "2024-04-05T11:00:00.000Z"),
    ("ENG-4", "Bug", "In Progress", "2024-04-06T11:00:00.000Z"),
];

#[test]
fn a_linear_dump_in_camel_case_counts_done_in_both_languages() {
    let mut text = String::from("id,identifier,title,fromState,toState,createdAt\n");
    for (i, (item, _, state, at)) in LINEAR.iter().enumerate() {
        let from = if i > 0 && LINEAR[i - 1].0 == *item {
            LINEAR[i - 1].2
        } else {
            ""
        };
        text += &format!("9f1c{i:04},{item},Issue {item},{from},{state},{at}\n");
    }
    let (json, _) = measure("linear.csv", &text, &[]);
    check(
        &json,
        &expected(LINEAR, &["Hecho", "Done"], &["Canceled"], false),
    );
    let columns = &json["columns"];
    assert_eq!(
        (&columns["item"], &columns["state"], &columns["time"]),
        (
            &Value::from("identifier"),
            &Value::from("toState"),
            &Value::from("createdAt")
        )
    );
    assert_eq!(columns["local_times"], false);
}

#[test]
fn a_semicolon_file_with_dotted_dates_and_a_mixed_language_workflow() {
    const ROWS: &[Row] = &[
        ("A", "", "Offen", "2024-05-02T08:00:00Z"),
        ("A", "", "In Arbeit", "2024-05-02T09:00:00Z"),
        ("A", "", "Erledigt", "2024-05-06T17:00:00Z"),
        ("B", "", "À faire", "2024-05-03T08:00:00Z"),
        ("B", "", "En cours", "2024-05-03T10:00:00Z"),
        ("B", "", "Terminé", "2024-05-03T18:00:00Z"),
        ("B", "", "Reopened", "2024-05-07T09:00:00Z"),
        ("B", "", "Terminé", "2024-05-08T12:00:00Z"),
        ("C", "", "Offen", "2024-05-04T08:00:00Z"),
        ("C", "", "Removed", "2024-05-05T08:00:00Z"),
        ("D", "", "To Do", "2024-05-04T08:00:00Z"),
        ("D", "", "Canceled", "2024-05-04T09:00:00Z"),
        ("E", "", "To Do", "2024-05-06T08:00:00Z"),
        ("E", "", "Reopened", "2024-05-07T08:00:00Z"),
    ];
    let mut text = String::from("Schlüssel;Status Name;Changed At\n");
    for (item, _, state, at) in ROWS {
        text += &format!("{item};{state};{}\n", formatted(at, "%d.%m.%Y %H:%M"));
    }
    let (json, table) = measure(
        "de.csv",
        &text,
        &["--column", "item=Schlüssel", "--tz", "UTC"],
    );
    let done = ["Erledigt", "Terminé"];
    check(
        &json,
        &expected(ROWS, &done, &["Removed", "Canceled"], false),
    );
    assert_eq!(json["columns"]["separator"], ";");
    assert_eq!(
        json["columns"]["time_formats"],
        serde_json::json!(["dd.MM.yyyy"])
    );
    assert_eq!(json["done_states"], serde_json::json!(done));
    assert!(table.contains("2 dropped (Removed or Canceled)"), "{table}");
    // Reopened is never done, even when the team's words are unknown to the proposal.
    assert!(
        !json["done_states"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Reopened"))
    );
    let (json, _) = measure(
        "de.csv",
        &text,
        &[
            "--column",
            "item=Schlüssel",
            "--tz",
            "UTC",
            "--done",
            "Erledigt",
            "--dropped",
            "Removed",
        ],
    );
    check(&json, &expected(ROWS, &["Erledigt"], &["Removed"], false));
}

#[test]
fn a_crlf_file_with_a_repeated_header_and_an_unbalanced_quote_swallows_nothing() {
    let text = "item,state,at\r\n\
                A,Doing,2024-03-01T10:00:00Z\r\n\
                A,\"Review,2024-03-02T10:00:00Z\r\n\
                A,Done,2024-03-03T10:00:00Z\r\n\
                \r\n\
                item,state,at\r\n\
                B,Doing,2024-03-01T10:00:00Z\r\n\
                B,\"Done\",2024-03-05T10:00:00Z\r\n";
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let log = dir.path().join("crlf.csv");
    std::fs::write(&log, text).unwrap();
    let (ok, _, error) = run(
        &[
            "measure",
            ron.to_str().unwrap(),
            "--events",
            log.to_str().unwrap(),
        ],
        None,
    );
    assert!(!ok);
    assert!(
        error.contains("crlf.csv: line 3: an unbalanced quote"),
        "{error}"
    );
    let (json, table) = measure("crlf.csv", text, &["--skip-bad"]);
    const ROWS: &[Row] = &[
        ("A", "", "Doing", "2024-03-01T10:00:00Z"),
        ("A", "", "Done", "2024-03-03T10:00:00Z"),
        ("B", "", "Doing", "2024-03-01T10:00:00Z"),
        ("B", "", "Done", "2024-03-05T10:00:00Z"),
    ];
    check(&json, &expected(ROWS, &["Done"], &[], false));
    assert_eq!(json["skipped"]["unbalanced quote"], 1);
    assert_eq!(json["columns"]["repeated_headers"], 1);
    assert!(table.contains("Repeated header rows skipped: 1"), "{table}");
}

#[test]
fn a_day_that_lost_an_hour_measures_23_hours() {
    let text = "item,state,at\nA,Doing,2024-03-30 12:00\nA,Done,2024-03-31 12:00\n";
    let (json, table) = measure("dst.csv", text, &["--tz", "Europe/Berlin"]);
    assert_eq!(json["flow_time"]["p50_hours"], 23.0);
    assert!(
        table.contains("no offset: Europe/Berlin local time"),
        "{table}"
    );
    let (json, _) = measure("dst.csv", text, &["--tz", "UTC"]);
    assert_eq!(json["flow_time"]["p50_hours"], 24.0);
}

#[test]
fn what_cannot_be_settled_is_refused_with_the_flag_that_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let ron = ron.to_str().unwrap();
    let log = dir.path().join("us.csv");
    std::fs::write(
        &log,
        "item,state,at\nA,Doing,3/1/2024 10:05 AM\nA,Done,3/4/2024 4:00 PM\n",
    )
    .unwrap();
    let log = log.to_str().unwrap();
    let (ok, _, error) = run(&["measure", ron, "--events", log], None);
    assert!(!ok);
    assert!(
        error.contains("--date-order dmy") && error.contains("--date-order mdy"),
        "{error}"
    );
    let (ok, out, error) = run(
        &[
            "measure",
            ron,
            "--events",
            log,
            "--date-order",
            "mdy",
            "--json",
            "--tz",
            "UTC",
        ],
        None,
    );
    assert!(ok, "{error}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["flow_time"]["p50_hours"],
        3.0 * 24.0 + 5.0 + 55.0 / 60.0
    );
    let (ok, _, error) = run(
        &[
            "measure",
            ron,
            "--events",
            log,
            "--date-order",
            "dmy",
            "--done",
            "Shipped",
        ],
        None,
    );
    assert!(!ok);
    assert!(
        error.contains("--done Shipped: the log has no such state (its states: Doing, Done)"),
        "{error}"
    );
    let (ok, _, error) = run(
        &["measure", ron, "--events", log, "--tz", "Mars/Base"],
        None,
    );
    assert!(!ok && error.contains("IANA"), "{error}");
}

#[test]
fn a_log_without_a_done_state_says_so_and_stdin_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let ron = ron.to_str().unwrap();
    let text = "ticket\ttimestamp\tstatus\nT-1\t1711375509\tCoding\nT-1\t1711461909\tIn prod\n";
    let (ok, table, error) = run(&["measure", ron, "--events", "-"], Some(text));
    assert!(ok, "{error}");
    assert!(
        table.contains("No state means done by its name: say which with --done"),
        "{table}"
    );
    assert!(
        table.contains("separator 'tab'") && table.contains("epoch seconds"),
        "{table}"
    );
    let (ok, out, error) = run(
        &[
            "measure", ron, "--events", "-", "--done", "in PROD", "--json",
        ],
        Some(text),
    );
    assert!(ok, "{error}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["flow_time"]["p50_hours"], 24.0);
    assert_eq!(json["source"], "stdin");
}

/// Issue search with `expand=changelog`, shaped as Jira's REST API documents it: pages with
/// `startAt`, `maxResults`, `total` and `issues`; an issue's `key`, `fields` (`created`,
/// `issuetype.name`, `summary`, `status.name`) and `changelog.histories` (newest first), each
/// with `created` and `items` of `field`, `fieldtype`, `from`, `fromString`, `to`, `toString`.
const JIRA_JSON: &str = r#"{"expand":"schema,names","startAt":0,"maxResults":2,"total":3,"issues":[
 {"expand":"operations,changelog","id":"10001","self":"https://example.atlassian.net/rest/api/2/issue/10001","key":"PRJ-1",
  "fields":{"summary":"Log in with SSO","created":"2024-02-01T09:00:00.000+0100",
   "issuetype":{"id":"10002","name":"Story","subtask":false},"status":{"name":"Done","id":"10003"}},
  "changelog":{"startAt":0,"maxResults":100,"total":3,"histories":[
   {"id":"3","author":{"displayName":"Ana"},"created":"2024-02-06T16:00:00.000+0100","items":[
     {"field":"resolution","fieldtype":"jira","from":null,"fromString":null,"to":"10000","toString":"Done"},
     {"field":"status","fieldtype":"jira","from":"3","fromString":"In Review","to":"10003","toString":"Done"}]},
   {"id":"2","created":"2024-02-05T10:00:00.000+0100","items":[
     {"field":"status","fieldtype":"jira","from":"3","fromString":"In Progress","to":"4","toString":"In Review"}]},
   {"id":"1","created":"2024-02-02T09:00:00.000+0100","items":[
     {"field":"assignee","fieldtype":"jira","from":null,"fromString":null,"to":"ana","toString":"Ana"},
     {"field":"status","fieldtype":"jira","from":"1","fromString":"To Do","to":"3","toString":"In Progress"}]}]}},
 {"id":"10002","key":"PRJ-2","fields":{"summary":"Typo","created":"2024-02-03T12:00:00.000+0000",
   "issuetype":{"name":"Bug"},"status":{"name":"To Do"}},
  "changelog":{"startAt":0,"maxResults":100,"total":0,"histories":[]}}]}
{"startAt":2,"maxResults":2,"total":3,"issues":[
 {"id":"10003","key":"PRJ-3","fields":{"summary":"Export","created":"2024-02-04T08:00:00.000+0000",
   "issuetype":{"name":"Story"},"status":{"name":"Done"}},
  "changelog":{"histories":[
   {"created":"2024-02-09T08:00:00.000+0000","items":[{"field":"status","fromString":"In Progress","toString":"Done"}]},
   {"created":"2024-02-04T20:00:00.000+0000","items":[{"field":"status","fromString":"To Do","toString":"In Progress"}]}]}}]}
"#;

#[test]
fn jiras_rest_json_is_read_without_a_csv_step() {
    let (json, table) = measure("search.json", JIRA_JSON, &[]);
    const ROWS: &[Row] = &[
        ("PRJ-1", "Story", "To Do", "2024-02-01T08:00:00Z"),
        ("PRJ-1", "Story", "In Progress", "2024-02-02T08:00:00Z"),
        ("PRJ-1", "Story", "In Review", "2024-02-05T09:00:00Z"),
        ("PRJ-1", "Story", "Done", "2024-02-06T15:00:00Z"),
        ("PRJ-2", "Bug", "To Do", "2024-02-03T12:00:00Z"),
        ("PRJ-3", "Story", "To Do", "2024-02-04T08:00:00Z"),
        ("PRJ-3", "Story", "In Progress", "2024-02-04T20:00:00Z"),
        ("PRJ-3", "Story", "Done", "2024-02-09T08:00:00Z"),
    ];
    check(&json, &expected(ROWS, &["Done"], &[], false));
    assert_eq!(json["events"], ROWS.len());
    assert_eq!(json["columns"]["separator"], "Jira JSON");
    assert_eq!(json["columns"]["type"], "fields.issuetype.name");
    assert!(table.contains("from Jira JSON"), "{table}");
    let types: Vec<&str> = json["distribution"][0]["done"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(types, ["Bug", "Story"]);
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let (ok, _, error) = run(
        &["measure", ron.to_str().unwrap(), "--events", "-"],
        Some("{\"values\": []}"),
    );
    assert!(!ok && error.contains("\"issues\""), "{error}");
}

#[test]
fn what_the_team_said_and_how_the_log_was_read_are_kept_in_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let ron = session(dir.path());
    let log = dir.path().join("jira.csv");
    std::fs::write(&log, jira_history()).unwrap();
    let (ron, log) = (ron.to_str().unwrap(), log.to_str().unwrap());
    let flags = [
        "--tz",
        "Europe/Berlin",
        "--column",
        "time=Created",
        "--dropped",
        "To Do",
        "--done-at",
        "last",
    ];
    let mut args = vec!["measure", ron, "--events", log, "--save"];
    args.extend_from_slice(&flags);
    let (ok, _, error) = run(&args, None);
    assert!(ok, "{error}");
    let session = vsm::session::load(Path::new(ron)).unwrap();
    let measured = session.measured.as_deref().unwrap();
    assert_eq!(measured.dropped, ["To Do"]);
    assert_eq!(measured.done_at, vsm::model::measured::DoneAt::Last);
    let reading = measured.reading.as_ref().unwrap();
    assert_eq!(
        (reading.time.as_str(), reading.zone.as_str()),
        ("Created", "Europe/Berlin")
    );
    // The app reads the same source again the same way.
    let again = vsm::measure_command::read_again(Some(measured), log);
    assert_eq!(again.columns.time.as_deref(), Some("Created"));
    assert_eq!(again.columns.state.as_deref(), Some("To Status"));
    assert_eq!(again.zone.name(), "Europe/Berlin");
    // Measured again without flags, the meanings said are kept.
    let (ok, out, error) = run(&["measure", ron, "--events", log, "--json"], None);
    assert!(ok, "{error}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["dropped_states"], serde_json::json!(["To Do"]));
    assert_eq!(json["done_at"], "last");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(300))]
    /// Any text built of a log's pieces (quotes, separators, line ends, times, a BOM) reads or
    /// is refused with a line of the file: never a panic, never a line past the end.
    #[test]
    fn any_log_text_reads_or_says_where_it_is_wrong(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "item", "state", "at", "To Status", ",", ";", "\t", "\"", "\r\n", "\n", "A-1", "Done",
            "2024-03-01T10:00:00Z", "03/04/2024", "13/04/2024", "02/Feb/24 6:34 PM", "1711375509",
            "\u{feff}", " ", "{", "[", "", "Removed",
        ]), 0..60),
        skip_bad in proptest::bool::ANY,
        header in proptest::bool::ANY,
    ) {
        let text = format!("{}{}", if header { "item,state,at\n" } else { "" }, pieces.concat());
        let options = vsm::measure::ReadOptions { skip_bad, ..Default::default() };
        let lines = text.split('\n').count() as u64;
        match vsm::measure::read(text.as_bytes(), &options) {
            Ok(log) => proptest::prop_assert!(log.events.len() <= lines as usize),
            Err(error) => proptest::prop_assert!(error.line <= lines, "{error:?}"),
        }
    }
}
