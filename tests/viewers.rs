//! Several viewers of one document: each draws at its own size with its own selection, and an
//! edit made through the facilitator shows in every view on the next frame.

mod common;

use common::{demo_with_future, typing};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vsm::app::{Screen, Viewer};
use vsm::model::Which;
use vsm::model::map::StepAt;

fn draw(app: &vsm::app::App, viewer: &Viewer, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            vsm::ui::draw_scene(frame, &app.scene_for(viewer));
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
                + "\n"
        })
        .collect()
}

#[test]
fn two_viewers_draw_independently_and_both_see_an_edit() {
    let mut app = demo_with_future(200, 60);
    // A participant at a laptop: smaller window, the future map focused, its second stage selected.
    let mut participant = Viewer {
        screen: Screen::Map,
        viewport: (100, 30),
        ..Viewer::default()
    };
    participant.switch_focus();
    participant.selection = StepAt::new(1, 0);
    assert_eq!(participant.focus, Which::Future);

    let facilitator = draw(&app, &app.viewer, 200, 60);
    let theirs = draw(&app, &participant, 100, 30);
    assert!(
        facilitator.contains("▶ CURRENT STATE (editing)"),
        "{facilitator}"
    );
    assert!(theirs.contains("▶ FUTURE STATE (editing)"), "{theirs}");
    // Each viewer's selection is its own: the facilitator's is on the first current step.
    assert_eq!(app.viewer.selection, StepAt::new(0, 0));

    // The facilitator renames the first current step; both views show it on the next frame.
    typing(&mut app, "e");
    common::ctrl(&mut app, 'u');
    typing(&mut app, "Ask Andy for a label");
    common::key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    assert_eq!(
        app.session().current.stages[0].steps[0].name,
        "Ask Andy for a label"
    );
    let facilitator = draw(&app, &app.viewer, 200, 60);
    assert!(facilitator.contains("Ask Andy for a"), "{facilitator}");
    // The participant's view of the current map (split view shows both maps) has it too.
    let theirs = draw(&app, &participant, 100, 30);
    assert!(theirs.contains("Ask Andy"), "{theirs}");
    assert!(theirs.contains("▶ FUTURE STATE (editing)"), "{theirs}");
}
