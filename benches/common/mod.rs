//! Keys typed into the app, shared by the benches that drive it.
#![allow(dead_code)]

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::{App, Mode};

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Opens the selected step's form and types a new lead time, ready for Enter.
pub fn lead_time_typed(app: &mut App, hours: usize) {
    press(app, KeyCode::Enter);
    let Mode::Form(form) = &app.viewer.mode else {
        panic!("the step form opens");
    };
    let field = form
        .fields
        .iter()
        .position(|f| f.label == "Lead time")
        .unwrap();
    for _ in 0..field {
        press(app, KeyCode::Tab);
    }
    for _ in 0..12 {
        press(app, KeyCode::Backspace);
    }
    typing(app, &format!("{hours}h"));
}
