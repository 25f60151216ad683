//! The full-screen comparison of current and future state. Only its own keys work here: the
//! maps are not on screen, so nothing may change them unseen.

use super::{Action, App, Effect, View};

impl App {
    pub(super) fn update_comparison(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Up => {
                self.viewer.comparison_scroll = self.viewer.comparison_scroll.saturating_sub(1)
            }
            Action::Down => {
                self.viewer.comparison_scroll = self.viewer.comparison_scroll.saturating_add(1)
            }
            Action::PageUp => {
                self.viewer.comparison_scroll = self.viewer.comparison_scroll.saturating_sub(10)
            }
            Action::PageDown => {
                self.viewer.comparison_scroll = self.viewer.comparison_scroll.saturating_add(10)
            }
            Action::First => self.viewer.comparison_scroll = 0,
            Action::Back | Action::Compare => self.viewer.view = View::Split,
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::Save => return Some(Effect::Save { quit_after: false }),
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }
}
