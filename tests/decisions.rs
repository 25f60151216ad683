//! From map to decisions (issue 21): the charter, votes, impact and effort, and the action plan
//! kept in the session file, in `vsm report`, in the tracker CSV and in the Markdown and HTML
//! exports. "Today" is set, never waited for.

use assert_cmd::Command;
use chrono::NaiveDate;
use vsm::export::{self, Format};
use vsm::model::Session;
use vsm::model::action_plan::{ActionItem, Status};
use vsm::model::charter::{CharterTarget, TargetMetric, TargetValue};
use vsm::model::ideas::{self, Level};
use vsm::model::participants::Participant;
use vsm::model::voting::{Vote, Voting};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The Tailspin map with a charter, three participants' votes on its ideas, a rating and two
/// actions (one of them past due on 2027-02-01).
fn decided() -> Session {
    let mut session = vsm::session::demo();
    // The demo ships with decisions of its own: these are the test's.
    session.decisions = Default::default();
    ideas::number_ideas(&mut session);
    let d = &mut session.decisions;
    d.charter.problem = "A feature takes a month to reach customers".into();
    d.charter.start = "Feature request".into();
    d.charter.end = "In production".into();
    d.charter.targets.push(CharterTarget {
        metric: TargetMetric::LeadTime,
        target: TargetValue::parse(TargetMetric::LeadTime, "10d").unwrap(),
        by: Some(day("2027-03-31")),
    });
    d.participants = ["Amita", "Tim", "Irwin"]
        .map(|n| Participant::new(n, "team"))
        .to_vec();
    let all: Vec<u64> = ideas::ideas(&session).iter().map(|i| i.id).collect();
    let mut round = Voting::new(3);
    for (who, idea, count) in [
        ("Amita", 3, 2),
        ("Amita", 1, 1),
        ("Tim", 3, 1),
        ("Irwin", 5, 3),
    ] {
        let vote = Vote {
            participant: who.into(),
            idea,
            count,
        };
        round.cast(vote, &all).unwrap();
    }
    let d = &mut session.decisions;
    d.voting = Some(round);
    let rating = d.rating_mut(3);
    rating.impact = Some(Level::High);
    rating.effort = Some(Level::Low);
    let mut automate = ActionItem::new(1, "Automate the regression tests");
    automate.owner = "Amita".into();
    automate.due = Some(day("2027-01-31"));
    automate.measure = "Lead time of Manual testing".into();
    automate.target = "1d".into();
    automate.idea = Some(3);
    automate.step = Some(4);
    let mut formula = ActionItem::new(2, "=HYPERLINK(\"x\") weekly approvals");
    formula.owner = "Irwin".into();
    formula.due = Some(day("2027-02-15"));
    formula.status = Status::Doing;
    d.actions = vec![automate, formula];
    session.validate().unwrap();
    session
}

fn reveal(session: &mut Session) {
    session.decisions.voting.as_mut().unwrap().revealed = true;
}

#[test]
fn the_session_file_and_the_json_export_keep_every_decision() {
    let mut session = decided();
    reveal(&mut session);
    let text = vsm::session::file::to_ron(&session);
    let back = vsm::session::file::parse(&text, "x.ron").unwrap();
    assert_eq!(back, session);
    let json = export::render(&session, Format::Json, 100);
    let back = export::json::import(&json, "x.json").unwrap();
    assert_eq!(back, session);
    assert_eq!(export::render(&back, Format::Json, 100), json);
}

#[test]
fn a_file_with_more_votes_than_dots_is_refused_at_its_place_with_what_to_do() {
    let mut session = decided();
    session.decisions.voting.as_mut().unwrap().dots = 2;
    let text = vsm::session::file::to_ron(&session);
    let error = vsm::session::file::parse(&text, "x.ron")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("voting: Amita has 3 dots in a round of 2: remove votes or raise the dots"),
        "{error}"
    );
    assert!(error.starts_with("x.ron:"), "{error}");
}

#[test]
fn the_report_json_has_charter_participants_ideas_and_actions() {
    vsm::clock::set_today(Some(day("2027-02-01")));
    let mut session = decided();
    let hidden: serde_json::Value = serde_json::from_str(&export::report::json(&session)).unwrap();
    // Before the reveal nobody sees the votes.
    assert!(
        hidden["ideas"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["votes"].is_null())
    );
    reveal(&mut session);
    let report: serde_json::Value = serde_json::from_str(&export::report::json(&session)).unwrap();
    let charter = &report["charter"];
    assert_eq!(
        charter["problem"],
        "A feature takes a month to reach customers"
    );
    assert_eq!(
        (&charter["start"], &charter["end"]),
        (&"Feature request".into(), &"In production".into())
    );
    let target = &charter["targets"][0];
    assert_eq!(
        (&target["reached"], &target["current"]),
        (&false.into(), &176.0.into())
    );
    assert_eq!(
        (&target["metric"], &target["target"], &target["by"]),
        (&"lead_time".into(), &80.0.into(), &"2027-03-31".into())
    );
    assert_eq!(report["participants"][2]["name"], "Irwin");
    // Ranked: idea 3 (3 votes, high impact) before idea 5 (3 votes, not rated), then idea 1.
    let ideas = report["ideas"].as_array().unwrap();
    let order: Vec<(u64, u64)> = ideas
        .iter()
        .map(|i| (i["id"].as_u64().unwrap(), i["votes"].as_u64().unwrap()))
        .collect();
    assert_eq!(order[..3], [(3, 3), (5, 3), (1, 1)]);
    let first = &ideas[0];
    assert_eq!(first["step"], "Manual testing");
    assert_eq!(
        (&first["impact"], &first["effort"]),
        (&"high".into(), &"low".into())
    );
    assert_eq!(first["quick_win"], true);
    assert_eq!(first["action"], serde_json::json!([1]));
    let action = &report["actions"][0];
    assert_eq!(action["owner"], "Amita");
    assert_eq!(action["due"], "2027-01-31");
    assert_eq!(action["status"], "open");
    assert_eq!(action["overdue"], true);
    assert_eq!(
        (&action["idea"], &action["step"]),
        (&3.into(), &"Manual testing".into())
    );
    assert!(action["future_step"].is_null());
    assert_eq!(report["actions"][1]["overdue"], false);
    assert_eq!(report["follow_up"]["overdue"], 1);
    // Months later the second one is late too.
    vsm::clock::set_today(Some(day("2027-06-01")));
    let later: serde_json::Value = serde_json::from_str(&export::report::json(&session)).unwrap();
    assert_eq!(later["actions"][1]["overdue"], true);
    vsm::clock::set_today(None);
}

#[test]
fn the_text_report_prints_the_charter_ranked_ideas_and_where_the_plan_stands() {
    vsm::clock::set_today(Some(day("2027-02-01")));
    let mut session = decided();
    reveal(&mut session);
    let text = export::report::table(&session);
    assert!(text.contains("Charter\n  Problem: A feature takes a month to reach customers\n  Stream: from Feature request to In production\n  Target: Lead time 10d by 2027-03-31 (current map 22 d, future map 6.6 d): not yet\n  In the room: Amita (team), Tim (team), Irwin (team)\n"), "{text}");
    assert!(text.contains("Ideas, ranked\n  3. Automate the tests so they run on every build. (3 votes, impact high, effort low, quick win, on Manual testing)\n"), "{text}");
    assert!(text.contains("Actions on 2027-02-01: 0 done, 2 open (1 overdue)\n  1. Automate the regression tests (Amita, due 2027-01-31, open, OVERDUE)\n     Idea 3: Automate the tests so they run on every build. Step: Manual testing. Measure: Lead time of Manual testing, target 1d\n"), "{text}");
    vsm::clock::set_today(None);
}

#[test]
fn the_tracker_csv_has_one_row_per_action_and_never_a_formula() {
    vsm::clock::set_today(Some(day("2027-02-01")));
    let csv = export::render(&decided(), Format::Actions, 100);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Summary,Description,Assignee,Due date,Status,Labels")
    );
    assert_eq!(
        lines.next(),
        Some(
            "Automate the regression tests,\"Idea 3: Automate the tests so they run on every build. Step: Manual testing. Measure: Lead time of Manual testing, target 1d\",Amita,2027-01-31,open,vsm overdue"
        )
    );
    assert_eq!(
        lines.next(),
        Some("\"'=HYPERLINK(\"\"x\"\") weekly approvals\",,Irwin,2027-02-15,doing,vsm")
    );
    assert_eq!(lines.next(), None);
    vsm::clock::set_today(None);
}

#[test]
fn markdown_has_the_charter_at_the_top_ranked_ideas_the_grid_and_the_plan_as_tasks() {
    vsm::clock::set_today(Some(day("2027-02-01")));
    let mut session = decided();
    reveal(&mut session);
    session.decisions.actions[1].status = Status::Done;
    let md = export::render(&session, Format::Markdown, 100);
    let charter = md.find("## Charter").unwrap();
    assert!(charter < md.find("## Metrics").unwrap(), "{md}");
    assert!(
        md.contains("- **Target:** Lead time 10d by 2027-03-31 (current map 22 d, future map 6.6 d): not yet\n"),
        "{md}"
    );
    assert!(md.contains("| 3 | Automate the tests so they run on every build. **(quick win)** | 3 | high | low | Manual testing |\n"), "{md}");
    assert!(md.contains("| high | 3 |  |  |\n"), "{md}");
    assert!(
        md.contains("1 done, 1 open (1 overdue) on 2027-02-01."),
        "{md}"
    );
    assert!(md.contains("| 1 | Automate the regression tests | Amita | 2027-01-31 | open **overdue** | Lead time of Manual testing | 1d | 3 | Manual testing |\n"), "{md}");
    assert!(
        md.contains("- [ ] Automate the regression tests (Amita, due 2027-01-31, open, OVERDUE)\n"),
        "{md}"
    );
    assert!(md.contains("- [x] "), "{md}");
    let html = export::render(&session, Format::Html, 100);
    assert!(html.contains("<h2>Charter</h2>"), "{html}");
    assert!(
        html.contains("open <strong class=\"worse\">overdue</strong>"),
        "{html}"
    );
    vsm::clock::set_today(None);
}

#[test]
fn the_command_line_reads_today_from_vsm_today() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("decided.ron");
    std::fs::write(&file, vsm::session::file::to_ron(&decided())).unwrap();
    let run = |today: &str, args: &[&str]| {
        let out = Command::cargo_bin("vsm")
            .unwrap()
            .env("VSM_TODAY", today)
            .args(args)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let early = run("2027-01-02", &["report", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&early).unwrap();
    assert_eq!(report["actions"][0]["overdue"], false);
    let late = run("2027-02-01", &["report"]);
    assert!(
        late.contains("(Amita, due 2027-01-31, open, OVERDUE)"),
        "{late}"
    );
    let csv = run("2027-02-01", &["export", "--format", "actions", "-o", "-"]);
    assert!(
        csv.starts_with("Summary,Description,Assignee,Due date,Status,Labels\n"),
        "{csv}"
    );
}

/// (The demo file is the session layer's: this rule of the model is checked on it here.)
#[test]
fn a_target_is_reached_by_the_measurement_else_by_the_current_map() {
    let session = vsm::session::demo();
    let lead = &session.decisions.charter.targets[0];
    let status = lead.status(&session);
    // 22 d now, 6.6 d in the future state, against 10 d.
    assert_eq!((status.target, status.current), (80.0, Some(176.0)));
    assert!((status.future.unwrap() - 53.0).abs() < 1e-9);
    assert_eq!((status.measured, status.reached), (None, Some(false)));
    let p85 = CharterTarget {
        metric: TargetMetric::FlowTimeP85,
        target: TargetValue::parse(TargetMetric::FlowTimeP85, "10d").unwrap(),
        by: None,
    };
    // Nothing measured: flow time cannot say.
    assert_eq!(p85.status(&session).reached, None);
}
