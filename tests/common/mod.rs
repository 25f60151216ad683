//! Helpers shared by the integration tests: drive the app with keys, render it to text.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::{Action, App, Effect};

/// Renders the app into a `width` x `height` screen and returns it as lines of text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            vsm::ui::draw(frame, app);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Like `screen`, and the app learns what the frame showed, as after a real frame: which maps
/// are on screen and where each step box is (for clicks).
pub fn shown(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(vsm::ui::draw(frame, app)))
        .unwrap();
    app.record_drawn(drawn.unwrap());
    screen(app, width, height)
}

pub fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(app: &mut App, c: char) -> Option<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Presses each character as a key, as a facilitator typing.
pub fn typing(app: &mut App, text: &str) {
    for c in text.chars() {
        let modifiers = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(c), modifiers));
    }
}

pub fn times(app: &mut App, code: KeyCode, n: usize) {
    for _ in 0..n {
        key(app, code);
    }
}

/// The demo as opened from the start screen (current and future state), sized as given.
pub fn demo_with_future(width: u16, height: u16) -> App {
    let mut app = App::start(Vec::new());
    app.update(Action::Resize(width, height));
    typing(&mut app, "d");
    app
}

/// The demo's current-state map alone, as a session before a future state is drafted.
pub fn demo(width: u16, height: u16) -> App {
    let mut session = vsm::session::demo();
    session.future = None;
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(width, height));
    app
}

/// The example session shown in the README (a queue, parallel steps, %C&A, annotations).
pub fn readme_example() -> vsm::model::Session {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```ron\n(\n    version").unwrap() + 7;
    let end = start + readme[start..].find("```\n").unwrap();
    vsm::session::file::parse(&readme[start..end], "README example").unwrap()
}
