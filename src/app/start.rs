//! The start screen: new session, the demo, recent and recovered sessions.

use super::form::Form;
use super::{Action, App, Effect, Mode, StartEntry};

impl App {
    pub(super) fn update_start(&mut self, action: Action) -> Option<Effect> {
        let count = self.start_entries.len();
        match action {
            Action::Up => self.start_selected = (self.start_selected + count - 1) % count,
            Action::Down => self.start_selected = (self.start_selected + 1) % count,
            Action::NewSession => self.new_session_form(),
            Action::OpenDemo => self.open_demo(),
            Action::Open => match self.start_entries.get(self.start_selected).cloned() {
                Some(StartEntry::NewSession) => self.new_session_form(),
                Some(StartEntry::Demo) => self.open_demo(),
                Some(StartEntry::Recent(recent)) if self.start_not_saved.contains(&recent.path) => {
                    return Some(Effect::OpenOrNew(recent.path));
                }
                Some(StartEntry::Recent(recent)) => return Some(Effect::Open(recent.path)),
                Some(StartEntry::Recovered(recovered)) => {
                    return Some(Effect::OpenRecovered(recovered.path));
                }
                None => {}
            },
            Action::OpenPath => self.viewer.mode = Mode::Form(Form::open_path()),
            Action::ForgetEntry => return self.forget_entry(),
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        None
    }

    /// Takes the chosen recent session off the list; its file stays where it is.
    fn forget_entry(&mut self) -> Option<Effect> {
        let Some(StartEntry::Recent(recent)) = self.start_entries.get(self.start_selected).cloned()
        else {
            self.warn("only recent sessions can be forgotten: choose one with ↑/↓");
            return None;
        };
        self.start_entries.remove(self.start_selected);
        self.start_selected = self.start_selected.min(self.start_entries.len() - 1);
        self.say(format!(
            "Forgot '{}' (the file stays: o opens it by its path)",
            recent.title
        ));
        Some(Effect::Forget(recent.path))
    }

    fn new_session_form(&mut self) {
        let calendar = self.new_session_calendar;
        self.viewer.mode = Mode::Form(Form::session(true, "", &calendar, None));
    }

    fn open_demo(&mut self) {
        self.open(crate::session::demo(), None);
        self.say("Tailspin demo: Ctrl+S saves a copy in your data folder");
    }
}
