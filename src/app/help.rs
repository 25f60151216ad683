//! The help screen over whatever was showing; it remembers what to go back to.

use super::{Action, App, Effect, Mode};

impl App {
    pub(super) fn open_help(&mut self) {
        let back = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = Mode::Help {
            scroll: 0,
            back: Box::new(back),
        };
    }

    pub(super) fn update_help(&mut self, action: Action) -> Option<Effect> {
        if let Mode::Help { scroll, back } = &mut self.mode {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::PageDown => *scroll = scroll.saturating_add(10),
                Action::Back => {
                    let back = std::mem::replace(back.as_mut(), Mode::Normal);
                    self.mode = back;
                }
                _ => {}
            }
        }
        None
    }
}
