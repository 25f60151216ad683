//! The impact/effort grid through the keymap: I places the demo's ideas, i and e rate the
//! selected idea, quick wins are marked, and undo takes a rating back.

mod common;

use common::{demo, key, screen, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::keymap::Context;
use vsm::model::ideas::{self, Level};

#[test]
fn ideas_are_placed_by_impact_and_effort_and_quick_wins_marked() {
    let mut app = demo(80, 24);
    typing(&mut app, "I");
    assert_eq!(app.context(), Context::Grid);
    let shown = screen(&app, 80, 24);
    // The demo rated four ideas: 6 is the quick win; 1 and 4 are not placed yet.
    assert!(shown.contains("impact high   ★ 6"), "{shown}");
    assert!(shown.contains("not placed yet: 1 4"), "{shown}");
    assert_snapshot!("grid_80x24", shown);
    assert_snapshot!("grid_200x60", screen(&app, 200, 60));

    // Idea 4 (the fourth in map order): high impact, low effort in six keys.
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    typing(&mut app, "iiie");
    let rated = |app: &vsm::app::App| {
        let idea = ideas::ideas(app.session())
            .into_iter()
            .find(|i| i.id == 4)
            .unwrap();
        (idea.impact, idea.effort, idea.quick_win())
    };
    assert_eq!(rated(&app), (Some(Level::High), Some(Level::Low), true));
    assert!(screen(&app, 80, 24).contains("★ [4] 6"));
    typing(&mut app, "u");
    assert_eq!(rated(&app), (Some(Level::High), None, false));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);
}
