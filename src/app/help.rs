//! The help screen over whatever was showing; it remembers what to go back to, opens on the
//! keys of the place it was called from, and typing filters it.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, App, Effect, Mode};

impl App {
    pub(super) fn open_help(&mut self) {
        let from = self.context();
        let back = std::mem::replace(&mut self.viewer.mode, Mode::Normal);
        self.viewer.mode = Mode::Help {
            scroll: 0,
            back: Box::new(back),
            from,
            filter: String::new(),
        };
    }

    pub(super) fn update_help(&mut self, action: Action) -> Option<Effect> {
        if let Mode::Help {
            scroll,
            back,
            filter,
            ..
        } = &mut self.viewer.mode
        {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::PageDown => *scroll = scroll.saturating_add(10),
                // Typing filters the keys shown.
                Action::Type(key) => {
                    match key.code {
                        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                            filter.push(c)
                        }
                        KeyCode::Backspace => {
                            filter.pop();
                        }
                        _ => return None,
                    }
                    *scroll = 0;
                }
                Action::Back => {
                    let back = std::mem::replace(back.as_mut(), Mode::Normal);
                    self.viewer.mode = back;
                }
                _ => {}
            }
        }
        None
    }
}
