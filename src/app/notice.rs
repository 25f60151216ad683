//! A message about the settings (a mistake in the config file) that must not go unnoticed: it
//! stays on screen, whatever vsm opened at start, until it is dismissed (Esc on the map) or
//! replaced by a message the user asked for.

use super::keymap::Context;
use super::{App, Status, Viewer};

impl Viewer {
    /// Pins `text` as the notice: shown before any other status until dismissed or replaced.
    pub fn pin_notice(&mut self, text: impl Into<String>) {
        self.notice = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    /// The status line as drawn: the notice first, then the latest message.
    pub fn status_line(&self) -> Option<Status> {
        let Some(notice) = &self.notice else {
            return self.status.clone();
        };
        // Said first: the notice may be longer than the line.
        let dismiss = if self.context() == Context::Map {
            "(Esc dismisses) "
        } else {
            ""
        };
        let mut text = format!("{dismiss}{}", notice.text);
        if let Some(status) = &self.status {
            text = format!("{text} · {}", status.text);
        }
        Some(Status {
            text,
            is_error: true,
        })
    }

    /// After an action (not typing): a message it gave replaces the notice.
    pub fn notice_after_action(&mut self) {
        if self.status.is_some() {
            self.notice = None;
        }
    }

    /// Esc on the map with a notice showing: dismisses it. False when there is none.
    pub fn dismiss_notice(&mut self) -> bool {
        self.notice.take().is_some()
    }
}

impl App {
    pub fn pin_notice(&mut self, text: impl Into<String>) {
        self.viewer.pin_notice(text);
    }

    pub fn status_line(&self) -> Option<Status> {
        self.viewer.status_line()
    }

    pub(super) fn notice_after_action(&mut self) {
        self.viewer.notice_after_action();
    }

    pub(super) fn dismiss_notice(&mut self) -> bool {
        self.viewer.dismiss_notice()
    }
}
