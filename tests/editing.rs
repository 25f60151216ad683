//! Editing the map through key events, as a facilitator would, checked on the screen.

mod common;

use common::{ctrl, demo, key, screen, times, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Mode, Screen};
use vsm::model::MapMetrics;

/// Opens the form of the selected step and replaces the field `tabs` Tabs down with `value`.
fn edit_field(app: &mut vsm::app::App, tabs: usize, value: &str) {
    key(app, KeyCode::Enter);
    times(app, KeyCode::Tab, tabs);
    ctrl(app, 'u');
    typing(app, value);
    key(app, KeyCode::Enter);
}

#[test]
fn the_demo_shows_the_published_metrics() {
    let app = demo(80, 24);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Lead time           22 d"), "{text}");
    assert!(text.contains("Process time         5 d"), "{text}");
    assert!(text.contains("Activity ratio       23%"), "{text}");
}

#[test]
fn shortening_leadership_approval_updates_metrics_and_undo_restores_them() {
    let mut app = demo(80, 24);
    times(&mut app, KeyCode::Right, 6);
    assert_eq!(app.selected_step().unwrap().name, "Leadership approval");
    edit_field(&mut app, 1, "1d");
    assert!(matches!(app.viewer.mode, Mode::Normal));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Lead time           19 d"), "{text}");
    assert!(text.contains("Activity ratio       26%"), "{text}");
    assert!(text.contains("PT 0  LT 1d"), "{text}");

    typing(&mut app, "u");
    let text = screen(&app, 80, 24);
    assert!(text.contains("Lead time           22 d"), "{text}");
    assert!(text.contains("Activity ratio       23%"), "{text}");

    ctrl(&mut app, 'r');
    assert!(screen(&app, 80, 24).contains("Lead time           19 d"));
}

#[test]
fn a_bad_value_is_reported_at_its_field_and_the_old_value_kept() {
    let mut app = demo(80, 24);
    key(&mut app, KeyCode::Right); // Code the feature: PT 4d
    edit_field(&mut app, 1, "2d");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("✗ lead time 2d is shorter than process time 4d"),
        "{text}"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.selected_step().unwrap().lead_time.to_string(), "4d");

    edit_field(&mut app, 2, "soon");
    assert!(screen(&app, 80, 24).contains("✗ 'soon' does not start with a number"));
    key(&mut app, KeyCode::Esc);

    edit_field(&mut app, 5, "140");
    assert!(screen(&app, 80, 24).contains("✗ 140 is not a percentage"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.selected_step().unwrap().complete_accurate, None);
    assert!(!app.is_dirty());
}

#[test]
fn steps_are_added_moved_made_parallel_and_deleted() {
    let mut app = demo(120, 35);
    // After Create label, a new step.
    typing(&mut app, "a");
    typing(&mut app, "Build");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "0.5d");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "4h");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "CI server"); // replaces the owner carried over from Create label
    key(&mut app, KeyCode::Enter);
    let names: Vec<_> = app.map().steps().map(|s| s.name.clone()).collect();
    assert_eq!(names[..3], ["Create label", "Build", "Code the feature"]);
    assert_eq!(app.selected_step().unwrap().phase, "Development");
    assert_eq!(app.selected_step().unwrap().owner, "CI server");
    assert_eq!(
        MapMetrics::of(app.map(), &app.session().calendar).lead_time_hours,
        22.0 * 8.0 + 4.0
    );

    // A parallel step under Build does not lengthen the stage when shorter.
    typing(&mut app, "p");
    typing(&mut app, "Static analysis");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "2h");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "1h");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.map().stages[1].steps.len(), 2);
    let metrics = MapMetrics::of(app.map(), &app.session().calendar);
    assert_eq!(metrics.lead_time_hours, 22.0 * 8.0 + 4.0);
    assert_eq!(metrics.total_work_hours, 5.0 * 8.0 + 4.0 + 1.0);
    let text = screen(&app, 120, 35);
    assert!(text.contains("Static analysis"), "{text}");

    // Move the Build stage to the right, then delete both of its steps.
    typing(&mut app, "L");
    assert_eq!(app.map().stages[2].steps[0].name, "Build");
    assert_eq!(app.viewer.selection.stage, 2);
    typing(&mut app, "xx");
    assert_eq!(app.map().step_count(), 8);
    assert!(screen(&app, 120, 35).contains("Delete 'Build' · u undoes"));
    typing(&mut app, "uu");
    assert_eq!(app.map().stages[2].steps.len(), 2);
    typing(&mut app, "u");
    assert_eq!(app.map().stages[1].steps[0].name, "Build");
}

#[test]
fn queues_and_annotations_are_edited_from_the_keyboard() {
    let mut app = demo(120, 35);
    times(&mut app, KeyCode::Right, 3); // Manual testing
    typing(&mut app, "w");
    typing(&mut app, "Builds");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "3");
    key(&mut app, KeyCode::Enter);
    let queue = app.map().stages[3].queue.clone().unwrap();
    assert_eq!((queue.label.as_str(), queue.items), ("Builds", 3));
    let text = screen(&app, 120, 35);
    assert!(text.contains("▲3"), "{text}");
    assert!(text.contains("queue before: Builds (3 items)"), "{text}");

    // A question from Tim about manual testing.
    typing(&mut app, "n");
    typing(&mut app, "a");
    key(&mut app, KeyCode::BackTab);
    typing(&mut app, "q"); // chooses the kind and moves on to the text
    typing(&mut app, "Which browsers do we test?");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "Tim");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.viewer.mode, Mode::Annotations { .. }));
    key(&mut app, KeyCode::Esc);
    let text = screen(&app, 120, 35);
    assert!(
        text.contains("[Q] Which browsers do we test? — Tim"),
        "{text}"
    );
    assert!(text.contains("C&A – Q1 C1"), "{text}");

    // Edit the complaint into an idea, then delete it.
    typing(&mut app, "n");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::BackTab);
    typing(&mut app, "i");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.selected_step().unwrap().annotations[0].kind,
        vsm::model::AnnotationKind::Idea
    );
    typing(&mut app, "x");
    assert_eq!(app.selected_step().unwrap().annotations.len(), 2);
    key(&mut app, KeyCode::Esc);

    typing(&mut app, "W");
    assert!(app.map().stages[3].queue.is_none());
}

#[test]
fn title_and_work_calendar_change_the_totals_not_the_entries() {
    let mut app = demo(80, 24);
    typing(&mut app, "t");
    ctrl(&mut app, 'u');
    typing(&mut app, "Tailspin again");
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    typing(&mut app, "10");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().title, "Tailspin again");
    assert_eq!(app.session().calendar.hours_per_day, 10.0);
    let metrics = MapMetrics::of(app.map(), &app.session().calendar);
    assert_eq!(metrics.lead_time_hours, 220.0);
    assert!(screen(&app, 80, 24).contains("22 d"));
    assert_eq!(app.map().stages[0].steps[0].lead_time.to_string(), "3d");

    typing(&mut app, "t");
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    typing(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("✗ hours per day is 30: give 1 to 24"));
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = demo(80, 24);
    assert_eq!(typing_effect(&mut app, 'x'), None);
    assert_eq!(typing_effect(&mut app, 'q'), None);
    assert!(matches!(
        app.viewer.mode,
        Mode::Confirm(vsm::app::Question::Quit)
    ));
    assert!(screen(&app, 80, 24).contains("There are unsaved changes."));
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.viewer.mode, Mode::Normal));
    assert_eq!(typing_effect(&mut app, 'u'), None);
    assert_eq!(typing_effect(&mut app, 'q'), Some(vsm::app::Effect::Quit));
    assert_eq!(app.viewer.screen, Screen::Map);
}

fn typing_effect(app: &mut vsm::app::App, c: char) -> Option<vsm::app::Effect> {
    key(app, KeyCode::Char(c))
}

#[test]
fn nothing_panics_at_any_size_or_on_resize_while_editing() {
    let mut app = demo(80, 24);
    for (w, h) in [(80, 24), (250, 70), (20, 5), (1, 1), (59, 19), (160, 45)] {
        app.update(vsm::app::Action::Resize(w, h));
        screen(&app, w, h);
        typing(&mut app, "e");
        screen(&app, w, h);
        key(&mut app, KeyCode::Esc);
        typing(&mut app, "?");
        screen(&app, w, h);
        key(&mut app, KeyCode::Esc);
        typing(&mut app, "n");
        screen(&app, w, h);
        key(&mut app, KeyCode::Esc);
        typing(&mut app, "llll");
    }
    assert!(screen(&app, 40, 10).contains("vsm needs a window of at least 60x20"));
}
