//! The action plan through the keymap: A opens it on the demo's three actions, overdue marked
//! against a set day; a adds one through its form, s moves a status on, x deletes; undo takes
//! each back.

mod common;

use common::{ctrl, demo, key, screen, times, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::keymap::Context;
use vsm::model::action_plan::Status;

fn status(app: &vsm::app::App) -> String {
    app.viewer
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_plan_shows_where_it_stands_and_is_edited_like_the_map() {
    vsm::clock::set_today(chrono::NaiveDate::from_ymd_opt(2027, 3, 1));
    let mut app = demo(80, 24);
    typing(&mut app, "A");
    assert_eq!(app.context(), Context::Actions);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Action plan · 1 done, 2 open (1 overdue) on 2027-03-01"),
        "{shown}"
    );
    assert!(
        shown.contains("Amita · due 2027-02-26 · doing OVERDUE"),
        "{shown}"
    );
    assert_snapshot!("actions_80x24", shown);
    assert_snapshot!("actions_200x60", screen(&app, 200, 60));

    // A new action, realising idea 4 (filed bugs): its step comes with the idea.
    typing(&mut app, "a");
    assert_eq!(app.context(), Context::Form);
    typing(&mut app, "File bugs in the tracker");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "Andy");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "31 March");
    times(&mut app, KeyCode::Tab, 4);
    typing(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    // A date the form cannot read is said at its field; the rest is kept.
    let form = screen(&app, 80, 24);
    assert!(
        form.contains("'31 March' is not a date: write it as 2027-03-31"),
        "{form}"
    );
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typing(&mut app, "2027-03-31");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Actions);
    let added = app.session().decisions.actions.last().unwrap().clone();
    assert_eq!(
        (added.id, added.owner.as_str(), added.idea, added.step),
        (4, "Andy", Some(4), Some(5))
    );
    assert_eq!(
        status(&app),
        "Add action 4 'File bugs in the tracker' · u undoes"
    );

    // s on the selected (new) action: doing; x deletes; u brings it back.
    typing(&mut app, "s");
    assert_eq!(app.session().decisions.actions[3].status, Status::Doing);
    typing(&mut app, "x");
    assert_eq!(app.session().decisions.actions.len(), 3);
    typing(&mut app, "u");
    assert_eq!(app.session().decisions.actions.len(), 4);
    typing(&mut app, "uu");
    assert_eq!(app.session().decisions.actions.len(), 3);
    // f shows open, then overdue actions; o one owner's; the title says what is shown.
    typing(&mut app, "ff");
    let overdue = screen(&app, 80, 24);
    assert!(overdue.contains("showing overdue"), "{overdue}");
    assert!(overdue.contains("Run the regression tests"), "{overdue}");
    assert!(!overdue.contains("Replace the weekly release"), "{overdue}");
    assert_eq!(status(&app), "Showing overdue (1 of 3)");
    typing(&mut app, "fffo");
    assert_eq!(status(&app), "Showing Irwin (1 of 3)");
    typing(&mut app, "ooo");
    assert_eq!(status(&app), "Showing every action");
    key(&mut app, KeyCode::End);
    times(&mut app, KeyCode::Down, 2);

    // K moves the selected action up the plan, J down; at the top K says so.
    let order = |app: &vsm::app::App| -> Vec<u64> {
        app.session()
            .decisions
            .actions
            .iter()
            .map(|a| a.id)
            .collect()
    };
    typing(&mut app, "K");
    assert_eq!(order(&app), [1, 3, 2]);
    typing(&mut app, "KK");
    assert_eq!(order(&app), [3, 1, 2]);
    assert_eq!(status(&app), "The first action: nothing above it");
    typing(&mut app, "J");
    assert_eq!(order(&app), [1, 3, 2]);
    // Three moves, three undos.
    typing(&mut app, "uuu");
    assert_eq!(order(&app), [1, 2, 3]);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);
    vsm::clock::set_today(None);
}
