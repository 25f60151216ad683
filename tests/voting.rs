//! Dot voting through the keymap: V opens the round on the demo's ideas, the facilitator types
//! who votes for which idea, the tally stays hidden until the reveal, and undo takes a vote back.

mod common;

use common::{ctrl, key, screen, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::keymap::Context;

/// The demo's map before the room decided anything.
fn undecided(width: u16, height: u16) -> vsm::app::App {
    let mut session = vsm::session::demo();
    session.future = None;
    session.decisions = Default::default();
    let mut app = vsm::app::App::with_session(session, None);
    app.update(vsm::app::Action::Resize(width, height));
    app
}

fn line(app: &mut vsm::app::App, text: &str) {
    typing(app, text);
    key(app, KeyCode::Enter);
}

fn status(app: &vsm::app::App) -> String {
    app.viewer
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn votes_are_typed_hidden_until_the_reveal_and_undone_like_any_edit() {
    let mut app = undecided(80, 24);
    typing(&mut app, "V");
    assert_eq!(app.context(), Context::Voting);
    let voting = app.session().decisions.voting.clone().unwrap();
    // Six ideas: a quarter is 1.5, so the floor of 3 dots.
    assert_eq!(voting.dots, 3);
    let names: Vec<&str> = app
        .session()
        .decisions
        .participants
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Andy", "Mara", "Amita", "Tim"]);
    line(&mut app, "+Irwin Leadership");
    line(&mut app, "a 3");
    assert_eq!(
        status(&app),
        "'a' could be Andy or Amita: type more of the name"
    );
    // The line stays for the fix.
    ctrl(&mut app, 'u');
    line(&mut app, "am 3 2");
    line(&mut app, "t 3");
    line(&mut app, "i 5 3");
    line(&mut app, "i 1");
    assert_eq!(
        status(&app),
        "Irwin has 0 of 3 dots left: take a dot back first (undo)"
    );
    ctrl(&mut app, 'u');
    let hidden = screen(&app, 80, 24);
    assert!(hidden.contains("votes hidden until the reveal"), "{hidden}");
    assert!(!hidden.contains(" 3 ●"), "{hidden}");
    assert_snapshot!("voting_hidden_80x24", hidden);

    ctrl(&mut app, 'o');
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("votes revealed"), "{shown}");
    assert_snapshot!("voting_revealed_80x24", shown);
    assert_snapshot!("voting_revealed_200x60", screen(&app, 200, 60));
    let tally =
        |app: &vsm::app::App, idea| app.session().decisions.voting.as_ref().unwrap().tally(idea);
    assert_eq!((tally(&app, 3), tally(&app, 5)), (3, 3));

    // Undo hides the votes again, then takes Irwin's dots back; redo puts them back.
    ctrl(&mut app, 'z');
    assert!(!app.session().decisions.voting.as_ref().unwrap().revealed);
    ctrl(&mut app, 'z');
    assert_eq!(tally(&app, 5), 0);
    ctrl(&mut app, 'r');
    assert_eq!(tally(&app, 5), 3);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);
    // The round stays open: V comes back to it.
    typing(&mut app, "V");
    assert_eq!(app.context(), Context::Voting);
    assert_eq!(tally(&app, 3), 3);
}

#[test]
fn undoing_the_opening_of_the_round_goes_back_to_the_map() {
    let mut app = undecided(80, 24);
    typing(&mut app, "V");
    assert_eq!(
        status(&app),
        "Open voting on 6 ideas, 3 dots each · u undoes"
    );
    ctrl(&mut app, 'z');
    assert!(app.session().decisions.voting.is_none());
    assert_eq!(app.context(), Context::Map);
}

#[test]
fn a_map_without_ideas_says_how_to_note_one() {
    let mut app = vsm::app::App::with_session(vsm::model::Session::new("empty"), None);
    app.update(vsm::app::Action::Resize(80, 24));
    typing(&mut app, "V");
    assert_eq!(app.context(), Context::Map);
    assert_eq!(
        status(&app),
        "No ideas to vote on yet: f notes an idea on the selected step"
    );
}
