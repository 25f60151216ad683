//! The acceptance run of issue 21: a whole workshop through the keymap on an empty session:
//! charter, 5 steps, 4 ideas, dot voting by 3 participants with the reveal, an impact/effort
//! placement, 2 actions made from ideas; then the session file, `vsm report --json` and the
//! Markdown export. Today is set, never waited for.

mod common;

use assert_cmd::Command;
use common::{ctrl, key, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::keymap::Context;
use vsm::app::{Action, App};
use vsm::export::{self, Format};

fn enter(app: &mut App, text: &str) {
    typing(app, text);
    key(app, KeyCode::Enter);
}

fn tab(app: &mut App, text: &str) {
    key(app, KeyCode::Tab);
    typing(app, text);
}

#[test]
fn a_whole_workshop_from_an_empty_session_to_two_actions() {
    let today = chrono::NaiveDate::from_ymd_opt(2027, 2, 1);
    vsm::clock::set_today(today);
    let mut app = App::start(Vec::new());
    app.update(Action::Resize(120, 35));
    typing(&mut app, "n");
    enter(&mut app, "Checkout: idea to customer");

    // The charter.
    typing(&mut app, "K");
    typing(&mut app, "Checkout changes take a month");
    tab(&mut app, "Feature idea");
    tab(&mut app, "In production");
    tab(&mut app, "10d");
    tab(&mut app, "40%");
    tab(&mut app, "2027-06-30");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Map);

    // Five steps, one line each, and four ideas on them.
    typing(&mut app, "a");
    for line in [
        "Refine the idea 2h/3d @Product",
        "Build 3d/5d @Developers",
        "Review 1h/2d",
        "Release approval 15min/2d nva @Leads",
        "Deploy 30min/1d @Ops",
    ] {
        enter(&mut app, line);
    }
    // Dictation kept the entry open for the next step: Esc ends it.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Left);
    typing(&mut app, "f");
    enter(&mut app, "Approve by checklist, not meeting @Ana");
    key(&mut app, KeyCode::Left);
    typing(&mut app, "f");
    enter(&mut app, "Pair instead of review @Ben");
    key(&mut app, KeyCode::Left);
    typing(&mut app, "f");
    enter(&mut app, "Build on every push @Ben");
    key(&mut app, KeyCode::Home);
    typing(&mut app, "f");
    enter(&mut app, "Smaller slices @Ana");
    let session = &app.session();
    assert_eq!(session.current.step_count(), 5);

    // Voting: Ana and Ben from the notes, Cleo added; hidden, then revealed.
    typing(&mut app, "V");
    assert_eq!(app.context(), Context::Voting);
    enter(&mut app, "+Cleo Operations");
    // Ideas are numbered in map order: 1 slices, 2 build, 3 pairing, 4 the checklist.
    for vote in ["an 4 2", "an 1", "b 4", "b 3 2", "c 4 3"] {
        enter(&mut app, vote);
    }
    let voting = app.session().decisions.voting.clone().unwrap();
    assert!(!voting.revealed);
    assert_eq!(voting.tally(4), 6);
    ctrl(&mut app, 'o');
    key(&mut app, KeyCode::Esc);

    // Impact and effort: idea 4 (the approval checklist) is a quick win.
    typing(&mut app, "I");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    typing(&mut app, "iiie");
    // Two actions made from ideas: the focus lands on Owner.
    typing(&mut app, "a");
    typing(&mut app, "Ana");
    tab(&mut app, "2027-01-29");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Actions);
    key(&mut app, KeyCode::Esc);
    typing(&mut app, "I");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    typing(&mut app, "a");
    typing(&mut app, "Ben");
    tab(&mut app, "2027-03-15");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);

    // The session file keeps it all.
    let ron = vsm::session::file::to_ron(app.session());
    let back = vsm::session::file::parse(&ron, "checkout.ron").unwrap();
    assert_eq!(&back, app.session());
    assert!(
        ron.contains("problem: \"Checkout changes take a month\""),
        "{ron}"
    );

    // The report, from the command line, on the same day.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkout.ron");
    std::fs::write(&file, &ron).unwrap();
    let out = Command::cargo_bin("vsm")
        .unwrap()
        .env("VSM_TODAY", "2027-02-01")
        .args(["report", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["charter"]["targets"][0]["target_text"], "10d");
    assert_eq!(report["charter"]["targets"][1]["target_text"], "40%");
    assert_eq!(report["participants"].as_array().unwrap().len(), 3);
    let first = &report["ideas"][0];
    assert_eq!(
        (&first["id"], &first["votes"], &first["quick_win"]),
        (&4.into(), &6.into(), &true.into())
    );
    assert_eq!(first["text"], "Approve by checklist, not meeting");
    assert_eq!(first["step"], "Release approval");
    let actions = report["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2);
    assert_eq!(
        (
            &actions[0]["owner"],
            &actions[0]["idea"],
            &actions[0]["overdue"]
        ),
        (&"Ana".into(), &4.into(), &true.into())
    );
    assert_eq!(actions[0]["text"], "Approve by checklist, not meeting");
    assert_eq!(actions[0]["step"], "Release approval");
    assert_eq!(
        (&actions[1]["owner"], &actions[1]["overdue"]),
        (&"Ben".into(), &false.into())
    );
    assert_eq!(
        (&actions[1]["idea"], &actions[1]["step"]),
        (&3.into(), &"Review".into())
    );
    let current = &report["current"];
    assert_eq!(
        current["value_adding_hours"],
        current["process_time_hours"].as_f64().unwrap() - 0.25
    );

    // The Markdown export: charter first, ranked ideas, the plan as a task list.
    let md = export::render(app.session(), Format::Markdown, 100);
    assert!(md.find("## Charter").unwrap() < md.find("## Metrics").unwrap());
    assert!(
        md.contains("- **Problem:** Checkout changes take a month\n"),
        "{md}"
    );
    assert!(md.contains("| 4 | Approve by checklist, not meeting **(quick win)** | 6 | high | low | Release approval |"), "{md}");
    assert!(
        md.contains(
            "- [ ] Approve by checklist, not meeting (Ana, due 2027-01-29, open, OVERDUE)\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("0 done, 2 open (1 overdue) on 2027-02-01."),
        "{md}"
    );
    vsm::clock::set_today(None);
}
