//! The question asked when another program changed the session file since vsm read or wrote
//! it: autosave stops until the user chooses whose version to keep.

use super::{Action, App, Effect, Mode, Question};

/// Whose version of a file changed on disk to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Show the file as it is now; this window's version goes to a recovery file.
    ReloadTheirs,
    /// Write this window's version; theirs becomes the newest backup.
    KeepMine,
    /// Write this window's version as a new file beside it; theirs stays.
    SaveMineElsewhere,
}

impl App {
    /// Stops autosaving and asks whose version to keep.
    pub fn ask_about_change_on_disk(&mut self) {
        self.viewer.mode = Mode::Confirm(Question::ChangedOnDisk);
        self.warn("Another program changed this file: autosave stopped until you choose");
    }

    pub(super) fn update_changed_on_disk(&mut self, action: Action) -> Option<Effect> {
        let resolution = match action {
            Action::ReloadTheirs => Resolution::ReloadTheirs,
            Action::KeepMine => Resolution::KeepMine,
            Action::SaveMineElsewhere => Resolution::SaveMineElsewhere,
            _ => return None,
        };
        self.viewer.mode = Mode::Normal;
        Some(Effect::Resolve(resolution))
    }
}
