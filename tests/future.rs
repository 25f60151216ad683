//! Drafting the future state, editing it beside the current one, and comparing the two.

mod common;

use common::{ctrl, demo, demo_with_future, key, screen, times, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Mode, View};
use vsm::model::compare::Comparison;
use vsm::model::{MapMetrics, Which};
use vsm::runtime::Runtime;

fn lead_time(app: &vsm::app::App, which: Which) -> f64 {
    let map = app.session().map(which).unwrap();
    MapMetrics::of(map, &app.session().calendar).lead_time_hours
}

#[test]
fn one_key_drafts_the_future_state_and_edits_leave_the_current_map_alone() {
    let mut app = demo(80, 24);
    typing(&mut app, "F");
    assert!(screen(&app, 80, 24).contains("c copy of current · e empty · Esc cancel"));
    typing(&mut app, "c");
    assert_eq!(app.viewer.focus, Which::Future);
    assert_eq!(app.session().future.as_ref().unwrap().step_count(), 8);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("CURRENT STATE   LT 22 d · PT 5 d · activity ratio 23%"),
        "{text}"
    );
    assert!(
        text.contains("▶ FUTURE STATE (editing)   LT 22 d"),
        "{text}"
    );

    // Create label: 3d -> 1h in the future map only.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab); // lead time
    typing(&mut app, "1h");
    key(&mut app, KeyCode::Enter);
    assert_eq!(lead_time(&app, Which::Current), 176.0);
    assert_eq!(lead_time(&app, Which::Future), 176.0 - 24.0 + 1.0);
    let text = screen(&app, 80, 24);
    assert!(text.contains("CURRENT STATE   LT 22 d"), "{text}");
    assert!(
        text.contains("FUTURE STATE (editing)   LT 19.1 d"),
        "{text}"
    );
    assert!(text.contains("┏ changed"), "{text}");
    typing(&mut app, "=");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Lead time          22 d  19.1 d    -2.9 d  -13%  better"),
        "{text}"
    );
    assert!(text.contains("Create label: LT 3d -> 1h"), "{text}");
    typing(&mut app, "=");

    // Undo works across both maps: the edit, then the draft itself.
    typing(&mut app, "u");
    assert_eq!(lead_time(&app, Which::Future), 176.0);
    typing(&mut app, "u");
    assert!(app.session().future.is_none());
    assert_eq!(app.viewer.focus, Which::Current);
    assert!(screen(&app, 80, 24).contains("Lead time           22 d"));
    ctrl(&mut app, 'r');
    assert!(app.session().future.is_some());
}

#[test]
fn an_empty_future_state_starts_with_nothing_to_compare_but_counts() {
    let mut app = demo(80, 24);
    typing(&mut app, "Fe");
    assert_eq!(app.session().future.as_ref().unwrap().step_count(), 0);
    let comparison = Comparison::of(app.session()).unwrap();
    assert_eq!(comparison.removed.len(), 8);
    typing(&mut app, "=");
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Activity ratio      23%     n/a     n/a    n/a"),
        "{text}"
    );
    assert!(text.contains("- removed  Create label"), "{text}");
}

#[test]
fn deleting_the_future_state_asks_first_and_can_be_undone() {
    let mut app = demo_with_future(80, 24);
    typing(&mut app, "D");
    assert!(matches!(app.viewer.mode, Mode::Confirm(_)));
    key(&mut app, KeyCode::Esc);
    assert!(app.session().future.is_some());
    typing(&mut app, "Dy");
    assert!(app.session().future.is_none());
    assert!(screen(&app, 80, 24).contains("Delete the future state · u undoes"));
    typing(&mut app, "u");
    assert!(app.session().future.is_some());
}

#[test]
fn focus_and_views_switch_by_key() {
    let mut app = demo_with_future(80, 24);
    assert_eq!(app.viewer.focus, Which::Current);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.viewer.focus, Which::Future);
    assert_eq!(app.selected_step().unwrap().name, "Create feature branch");
    typing(&mut app, "v");
    assert_eq!(app.viewer.view, View::Single);
    let text = screen(&app, 80, 24);
    assert!(text.contains("▶ FUTURE STATE (editing)"), "{text}");
    assert!(!text.contains("CURRENT STATE"), "{text}");
    assert!(text.contains("Lead time          6.6 d"), "{text}");
    typing(&mut app, "v");
    assert_eq!(app.viewer.view, View::Split);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.selected_step().unwrap().name, "Create label");
}

#[test]
fn renamed_moved_and_deleted_future_steps_keep_their_match_through_save_and_reopen() {
    let data = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(data.path().to_path_buf());
    let mut app = demo(120, 35);
    typing(&mut app, "Fc");
    // Rename the first future step and move it right.
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typing(&mut app, "Branch per feature");
    key(&mut app, KeyCode::Enter);
    typing(&mut app, "L");
    // Delete what is now the first future step (Code the feature).
    key(&mut app, KeyCode::Home);
    typing(&mut app, "x");
    // And add a new one.
    typing(&mut app, "a");
    typing(&mut app, "Automated tests");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "2h");
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "1h");
    key(&mut app, KeyCode::Enter);

    let check = |app: &vsm::app::App| {
        let c = Comparison::of(app.session()).unwrap();
        let current_name = |id: u64| {
            app.session()
                .current
                .steps()
                .find(|s| s.id == id)
                .unwrap()
                .name
                .clone()
        };
        assert_eq!(
            c.removed
                .iter()
                .map(|id| current_name(*id))
                .collect::<Vec<_>>(),
            ["Code the feature"]
        );
        assert_eq!(c.added.len(), 1);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(current_name(c.changed[0].current_id), "Create label");
        assert_eq!(c.changed[0].said(), "renamed from 'Create label'");
    };
    check(&app);
    let effect = ctrl(&mut app, 's').unwrap();
    runtime.perform(&mut app, effect);
    let reopened = vsm::session::load(app.file.path.as_ref().unwrap()).unwrap();
    // The file keeps every link except those to the deleted step.
    let mut expected = app.session().clone();
    assert!(expected.drop_dangling_links());
    assert_eq!(reopened, expected);
    let reopened_app = vsm::app::App::with_session(reopened, app.file.path.clone());
    check(&reopened_app);
}

#[test]
fn an_idea_is_linked_to_the_future_step_that_realises_it() {
    let mut app = demo_with_future(160, 45);
    // Triage bugs (stage 4) holds the one open idea; realise it with future step Triage bugs.
    key(&mut app, KeyCode::Tab);
    times(&mut app, KeyCode::Right, 4);
    key(&mut app, KeyCode::Tab);
    times(&mut app, KeyCode::Right, 4);
    assert_eq!(app.selected_step().unwrap().name, "Triage bugs");
    typing(&mut app, "n");
    typing(&mut app, "r");
    assert!(screen(&app, 160, 45).contains("Link the idea to future step 'Triage bugs'"));
    key(&mut app, KeyCode::Esc);
    let c = Comparison::of(app.session()).unwrap();
    assert_eq!((c.ideas_realised, c.ideas_open), (6, 0));
    let text = screen(&app, 160, 45);
    assert!(text.contains("→ realised by Triage bugs"), "{text}");
    // Linking again unlinks.
    typing(&mut app, "nr");
    assert_eq!(Comparison::of(app.session()).unwrap().ideas_open, 1);
}

#[test]
fn an_edit_to_one_map_leaves_the_other_maps_metrics_as_they_were() {
    let mut app = demo_with_future(120, 35);
    let future_before = app.metrics(Which::Future).unwrap();
    let current_before = app.metrics(Which::Current).unwrap();
    // Delete a step of the current map: its metrics change, the future's are the same ones.
    typing(&mut app, "x");
    let current_after = app.metrics(Which::Current).unwrap();
    assert_ne!(current_after.steps, current_before.steps);
    assert!(std::rc::Rc::ptr_eq(
        &future_before,
        &app.metrics(Which::Future).unwrap()
    ));
    // The calendar counts for both (the session form: title, then hours per day).
    typing(&mut app, "t");
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    typing(&mut app, "6");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().calendar.hours_per_day, 6.0);
    assert!(!std::rc::Rc::ptr_eq(
        &future_before,
        &app.metrics(Which::Future).unwrap()
    ));
}

/// A future step whose only change is its rework loop: the notes panel says what the
/// comparison says, never "unchanged".
#[test]
fn the_notes_panel_and_the_comparison_agree_on_a_rework_only_change() {
    let mut session = vsm::session::demo();
    session.future = None;
    session.draft_future(true);
    let future = session.future.as_mut().unwrap();
    let first = future.stages[0].steps[0].id;
    let test = vsm::model::map::StepAt::new(3, 0);
    future.step_mut(test).unwrap().rework_to = Some(first);
    let test_id = future.step(test).unwrap().id;
    let mut app = vsm::app::App::with_session(session, None);
    app.update(vsm::app::Action::Resize(200, 60));
    let comparison = app.comparison().unwrap();
    let change = comparison
        .change_of(test_id)
        .expect("the comparison sees a change");
    let said = change.said();
    assert!(said.contains("rework to"), "{said}");

    app.update(vsm::app::Action::SwitchMap);
    assert_eq!(app.viewer.focus, Which::Future);
    times(&mut app, KeyCode::Right, 3);
    let text = screen(&app, 200, 60);
    assert!(!text.contains(": unchanged"), "{text}");
    assert!(text.contains(&format!(": {said}")), "{text}");
}

/// The side comparison names a dozen new steps and counts the rest, so a frame never names
/// every step of a large map.
#[test]
fn the_side_comparison_names_a_few_new_steps_and_counts_the_rest() {
    let mut session = vsm::model::Session::new("Big future");
    session
        .current
        .insert_stage(0, vsm::model::Step::new(1, "Old way"));
    session.draft_future(false);
    let future = session.future.as_mut().unwrap();
    for i in 0..30 {
        future.insert_stage(i, vsm::model::Step::new(100 + i as u64, format!("N{i}")));
    }
    let mut app = vsm::app::App::with_session(session, None);
    app.update(vsm::app::Action::Resize(200, 60));
    let text = screen(&app, 200, 60);
    assert!(text.contains("N10, N11 and 18"), "{text}");
    assert!(!text.contains("N12"), "{text}");
}
