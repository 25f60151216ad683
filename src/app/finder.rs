//! What the palette (`:`) and jumping to a step (`/`) have in common: a line to type in, the
//! chosen row of what matches, and the mode to go back to.

use tui_input::Input;

use super::{Action, Mode};

#[derive(Debug, Clone)]
pub struct Finder {
    pub query: Input,
    pub selected: usize,
    pub back: Box<Mode>,
}

/// What an action did to a finder.
pub enum Outcome {
    Open,
    /// Enter on the row at this place among `count` matches (none when nothing matches).
    Chosen(Option<usize>),
    Closed,
}

impl Finder {
    pub fn new(back: Mode) -> Finder {
        Finder {
            query: Input::default(),
            selected: 0,
            back: Box::new(back),
        }
    }

    /// Moves among `count` matches, types into the query, or ends with Enter or Esc.
    pub fn update(&mut self, action: Action, count: usize) -> Outcome {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Type(key) => {
                if let Some(request) = super::typing::input_request(key) {
                    self.query.handle(request);
                    self.selected = 0;
                }
            }
            Action::Submit => {
                return Outcome::Chosen((self.selected < count).then_some(self.selected));
            }
            Action::Back => return Outcome::Closed,
            _ => {}
        }
        Outcome::Open
    }

    /// Pasted text goes into the query as one line.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars().take(256) {
            let c = if c.is_control() { ' ' } else { c };
            self.query.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.selected = 0;
    }

    /// The mode the finder was opened over, to go back to.
    pub fn take_back(&mut self) -> Mode {
        std::mem::replace(self.back.as_mut(), Mode::Normal)
    }
}
