//! Every action findable: jump to a step by name, the command palette, help on the place it
//! was opened from, and a footer that says when there are more keys.

mod common;

use common::{demo_with_future, key, screen, shown, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::keymap::Context;
use vsm::app::{Action, App, Mode, Question};
use vsm::model::Which;

#[test]
fn slash_leader_enter_selects_leadership_approval() {
    let mut app = demo_with_future(80, 24);
    shown(&mut app, 80, 24);
    typing(&mut app, "/Leader");
    let text = screen(&app, 80, 24);
    assert!(text.contains("› Leader"), "{text}");
    assert!(
        text.contains("▶ current state 7  Leadership approval"),
        "{text}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Map);
    assert_eq!(app.viewer.focus, Which::Current);
    assert_eq!(app.selected_step().unwrap().name, "Leadership approval");
    // The map scrolled so the room sees it.
    assert!(shown(&mut app, 80, 24).contains("Leadership"));
}

#[test]
fn jumping_reaches_the_future_map_too_and_esc_goes_back() {
    let mut app = demo_with_future(120, 35);
    typing(&mut app, "/automated");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.viewer.focus, Which::Future);
    assert_eq!(
        app.selected_step().unwrap().name,
        "Automated build and notification"
    );
    typing(&mut app, "/zzzz");
    assert!(screen(&app, 120, 35).contains("nothing matches"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);
    assert_eq!(
        app.selected_step().unwrap().name,
        "Automated build and notification"
    );
}

#[test]
fn colon_exp_enter_starts_an_export() {
    let mut app = demo_with_future(80, 24);
    typing(&mut app, ":");
    let text = screen(&app, 80, 24);
    assert!(text.contains("Actions: Map"), "{text}");
    assert!(text.contains("more: type to narrow"), "{text}");
    typing(&mut app, "exp");
    let text = screen(&app, 80, 24);
    assert!(text.contains("▶ X "), "{text}");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.viewer.mode, Mode::Confirm(Question::Export)));
    assert!(screen(&app, 80, 24).contains("Write the session beside its file as:"));
}

#[test]
fn the_palette_lists_the_actions_of_the_place_it_was_opened_from() {
    let mut app = App::start(Vec::new());
    app.update(Action::Resize(100, 30));
    typing(&mut app, ":demo");
    assert!(screen(&app, 100, 30).contains("open the Tailspin demo"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Map);
    assert_eq!(app.session().current.step_count(), 8);
}

#[test]
fn help_opens_on_the_keys_of_its_place_and_typing_filters_them() {
    let mut app = demo_with_future(80, 24);
    typing(&mut app, "?");
    let text = screen(&app, 80, 24);
    let first_section = text.lines().nth(2).unwrap();
    assert!(first_section.contains("Map (here)"), "{text}");
    typing(&mut app, "undo");
    let text = screen(&app, 80, 24);
    assert!(text.contains("undo the last change"), "{text}");
    assert!(!text.contains("select the stage to the left"), "{text}");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);

    typing(&mut app, "n?");
    let text = screen(&app, 80, 24);
    assert!(
        text.lines().nth(2).unwrap().contains("Annotations (here)"),
        "{text}"
    );
}

#[test]
fn the_footer_ends_with_more_when_keys_are_left_out_and_status_does_not_hide_it() {
    let mut app = demo_with_future(80, 24);
    typing(&mut app, "x");
    let text = screen(&app, 80, 24);
    let footer = text.lines().last().unwrap();
    assert!(footer.trim_end().ends_with("? more"), "{footer}");
    assert!(footer.starts_with(" a add"), "{footer}");
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("Delete 'Create label' · u undoes"),
        "{header}"
    );
}

/// The new windows are drawn at any size without a panic, and opening them changes nothing.
#[test]
fn palette_jump_help_and_quick_notes_draw_at_any_size() {
    for keys in [":", ":exp", "/", "/Lead", "?", "?undo", "c", "M", "Mgroom"] {
        let mut app = demo_with_future(120, 40);
        let before = app.session().clone();
        typing(&mut app, keys);
        for width in [1, 2, 5, 10, 20, 40, 60, 80, 120, 200, 400] {
            for height in [1, 2, 3, 5, 10, 20, 24, 45, 60, 150] {
                app.update(Action::Resize(width, height));
                screen(&app, width, height);
            }
        }
        assert_eq!(app.session(), &before, "{keys}");
    }
}

#[test]
fn a_name_pasted_into_jump_finds_the_step() {
    let mut app = demo_with_future(120, 35);
    typing(&mut app, "/");
    app.handle_paste("Triage\nbugs");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_step().unwrap().name, "Triage bugs");
}
