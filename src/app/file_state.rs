//! What the app knows about its file: saved and written revisions, recovery, locks held
//! elsewhere, read-only sessions.

use std::path::PathBuf;

use super::{App, Mode, Screen};
use super::{LockedFile, NEVER, Question, StartEntry};
use crate::model::Session;
use crate::session::recovery::Recovered;

impl App {
    /// The document has changes that were never saved.
    pub fn mark_unsaved(&mut self) {
        self.saved_revision = NEVER;
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Changes not yet on disk (in the session file, or in a recovery file when it has none).
    pub fn needs_autosave(&self) -> bool {
        self.screen == Screen::Map
            && !self.read_only
            && !matches!(self.mode, Mode::Confirm(Question::ChangedOnDisk))
            && self.revision != self.written_revision
    }

    /// Called when `revision` of the document reached disk.
    pub fn written(&mut self, revision: u64) {
        self.written_revision = revision;
        self.file_pending = false;
        if self.path.is_some() {
            self.saved_revision = revision;
        }
    }

    /// Puts sessions recovered after a crash on the start screen, after the demo.
    pub fn offer_recovered(&mut self, recovered: Vec<Recovered>) {
        let at = 2.min(self.start_entries.len());
        for (i, entry) in recovered.into_iter().enumerate() {
            self.start_entries
                .insert(at + i, StartEntry::Recovered(entry));
            // Work that was nearly lost comes first.
            self.start_selected = at;
        }
    }

    /// Opens a recovered session: still without a file, still autosaved where it was found.
    pub fn open_recovered(&mut self, session: Session, recovery: PathBuf) {
        self.open(session, None);
        self.mark_unsaved();
        self.recovery_path = Some(recovery);
        self.say("Recovered session: Ctrl+S saves it in your data folder");
    }

    /// The file is open in another vsm: ask before showing it.
    pub fn ask_about_lock(&mut self, path: PathBuf, session: Session, holder: String) {
        self.locked = Some(LockedFile {
            path,
            session,
            holder,
        });
        self.mode = Mode::Confirm(Question::Locked);
    }

    /// Refuses edits from now on, saying why when one is tried.
    pub fn make_read_only(&mut self, why: String) {
        self.read_only = true;
        self.read_only_why = why;
    }

    /// Called by the event loop once a save finished.
    pub fn saved_to(&mut self, path: PathBuf, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.say(format!("Saved to {}", path.display()));
                self.saved_revision = self.revision;
                self.path = Some(path);
            }
            Err(message) => {
                self.warn(format!(
                    "Not saved: {message}. Your changes are still here."
                ));
            }
        }
    }
}
