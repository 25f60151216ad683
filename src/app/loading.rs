//! A log read off the UI thread, as the app sees it: the form closes at once so the map stays
//! usable, the status line says how reading goes ("reading tags 312/662") and that Esc stops
//! it, and a log that cannot be read reopens the form with its path and the reason. The thread
//! itself is the event loop's (`crate::reading`); nothing here waits.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::FormKind;
use super::measured::log_form;
use super::{App, Mode};
use crate::measure::EventLog;

impl App {
    /// The event loop started reading `source` on a thread of its own.
    pub fn log_reading(&mut self, source: &str) {
        if matches!(&self.viewer.mode, Mode::Form(form) if form.kind == FormKind::LogPath) {
            self.viewer.mode = Mode::Normal;
        }
        self.say(format!("Reading {source}… (Esc stops)"));
    }

    /// How reading goes, e.g. "reading tags 312/662".
    pub fn log_progress(&mut self, source: &str, progress: &str) {
        self.say(format!("Reading {source}: {progress}… (Esc stops)"));
    }

    /// The log read off the UI thread (or why it could not be). A log that cannot be read
    /// reopens the form with the path typed, so it can be fixed, unless the facilitator is
    /// busy elsewhere (another form, another screen): then the status line says why.
    pub fn log_read(&mut self, source: String, result: Result<EventLog, String>) {
        if result.is_err() && matches!(self.viewer.mode, Mode::Normal) {
            self.viewer.mode = Mode::Form(log_form(&source));
        }
        self.log_loaded(source, result);
    }

    /// Reading `source` was stopped with Esc.
    pub fn log_stopped(&mut self, source: &str) {
        self.say(format!("Stopped reading {source}: nothing changed"));
    }

    /// Whether `key` stops a log being read: Esc on the map, where it has nothing else to do
    /// (in a form or another screen Esc goes back, as everywhere).
    pub fn stops_reading(&self, key: &KeyEvent) -> bool {
        key.code == KeyCode::Esc && matches!(self.viewer.mode, Mode::Normal)
    }
}
