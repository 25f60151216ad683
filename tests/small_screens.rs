//! 80x24 without loss: what a laptop screen must still show in full or mark as cut.

mod common;

use common::{demo, key, screen, typing};
use ratatui::crossterm::event::KeyCode;
use vsm::app::App;
use vsm::model::{Duration, Step, Unit};

#[test]
fn a_collapsed_stage_shows_the_step_that_sets_its_lead_time() {
    let mut session = vsm::session::demo();
    session.future = None;
    let reviews = [
        ("Review by Ann", 1.0),
        ("Review by Bo", 2.0),
        ("Review by Cy", 5.0),
    ];
    for (i, (name, days)) in reviews.into_iter().enumerate() {
        let mut step = Step::new(100 + i as u64, name);
        step.lead_time = Duration::new(days, Unit::Days);
        session.current.add_parallel(1, step).unwrap();
    }
    let mut app = App::with_session(session, None);
    app.update(vsm::app::Action::Resize(80, 24));
    let text = screen(&app, 80, 24);
    // Code the feature (4d) is first, Cy's review (5d) is what the stage waits for.
    assert!(text.contains("Review by Cy"), "{text}");
    assert!(
        text.contains("+2 parallel") || text.contains("+3 parallel"),
        "{text}"
    );
    assert!(!text.contains("Code the feat"), "{text}");
}

#[test]
fn queue_labels_and_times_keep_their_words_with_parallel_steps() {
    let mut app = App::with_session(common::readme_example(), Some("checkout.ron".into()));
    app.update(vsm::app::Action::Resize(80, 24));
    let text = screen(&app, 80, 24);
    let gap: Vec<String> = text
        .lines()
        .skip(6)
        .take(3)
        .map(|line| {
            line.chars()
                .skip(34)
                .take(5)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(gap, ["Ready", "for", "dev"], "{text}");
    assert!(text.contains("PT 2h  LT 3d"), "{text}");
    assert!(text.contains("C&A 80%"), "{text}");
}

#[test]
fn a_long_form_error_wraps_inside_the_form() {
    let mut app = demo(80, 24);
    key(&mut app, KeyCode::Right); // Code the feature: PT 4d
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "2d");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("✗ lead time 2d is shorter than process time 4d: lead"),
        "{text}"
    );
    assert!(text.contains("    time includes the work "), "{text}");
}

#[test]
fn the_export_question_wraps_its_answers_at_80x24() {
    let mut app = demo(80, 24);
    typing(&mut app, "X");
    let text = screen(&app, 80, 24);
    assert!(text.contains("j json"), "{text}");
    assert!(text.contains("Esc cancel"), "{text}");
}

#[test]
fn the_too_small_screen_names_every_key_that_quits_and_each_does() {
    for quit in [KeyCode::Char('q'), KeyCode::Esc] {
        let mut app = App::start(Vec::new());
        app.update(vsm::app::Action::Resize(40, 10));
        let words = screen(&app, 40, 10)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains("q, Esc or Ctrl+c: quit"), "{words}");
        assert_eq!(key(&mut app, quit), Some(vsm::app::Effect::Quit));
    }
}
