//! The link between the document and its file: where it lives, what was last read or written,
//! whether edits may be made, where a session without a file is kept safe. One struct that the
//! runtime, the safekeeping code and the terminal rescue take.

use std::path::PathBuf;

use super::{App, LockedFile, Mode, Question, Screen, StartEntry};
use crate::model::Session;
use crate::session::recovery::Recovered;

/// A revision that no document has: "never saved".
const NEVER: u64 = u64::MAX;

#[derive(Debug, Clone, Default)]
pub struct FileLink {
    /// The session file; `None` until first saved (the demo, a new session).
    pub path: Option<PathBuf>,
    /// The revision as last saved or opened, to tell whether there are unsaved changes.
    pub saved_revision: u64,
    /// The revision last written to disk by a save or an autosave.
    pub written_revision: u64,
    /// `path` names a file that the first change creates: nothing is saved yet.
    pub pending: bool,
    /// Shown without allowing edits, and why (said when an edit is tried).
    pub read_only: Option<String>,
    /// Where a session without a file is autosaved.
    pub recovery: Option<PathBuf>,
    /// A file another vsm has open, waiting for the user's answer.
    pub locked: Option<LockedFile>,
    /// The last autosave could not write: quitting now would lose the edits.
    pub write_failed: bool,
    /// The session file as it is open: lock, what was last read or written. Set by the runtime.
    pub disk: Option<crate::session::Disk>,
    /// The user chose to quit without the unsaved edits.
    pub discard_edits: bool,
    /// A last word for the shell after the terminal is given back (where edits went).
    pub farewell: Option<String>,
}

impl FileLink {
    /// A document just opened from `path` (or without a file), as it is on disk.
    pub fn opened(path: Option<PathBuf>, revision: u64) -> FileLink {
        FileLink {
            path,
            saved_revision: revision,
            written_revision: revision,
            ..FileLink::default()
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Edits made since `revision` was written would be lost without a save.
    pub fn unwritten(&self, revision: u64) -> bool {
        revision != self.written_revision && !self.is_read_only()
    }
}

impl App {
    /// The document has changes that were never saved.
    pub fn mark_unsaved(&mut self) {
        self.file.saved_revision = NEVER;
    }

    pub fn is_dirty(&self) -> bool {
        self.revision() != self.file.saved_revision
    }

    /// Changes not yet on disk (in the session file, or in a recovery file when it has none).
    pub fn needs_autosave(&self) -> bool {
        self.viewer.screen == Screen::Map
            && !matches!(self.viewer.mode, Mode::Confirm(Question::ChangedOnDisk))
            && self.file.unwritten(self.revision())
    }

    /// Stamps the session as changed at `at`, as it is about to be saved.
    pub fn stamp_changed(&mut self, at: chrono::NaiveDateTime) {
        self.doc.stamp_changed(at);
    }

    /// Called when `revision` of the document reached disk.
    pub fn written(&mut self, revision: u64) {
        self.file.written_revision = revision;
        self.file.pending = false;
        if self.file.path.is_some() {
            self.file.saved_revision = revision;
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
        self.file.recovery = Some(recovery);
        self.say("Recovered session: Ctrl+S saves it in your data folder");
    }

    /// The file is open in another vsm: ask before showing it.
    pub fn ask_about_lock(&mut self, path: PathBuf, session: Session, holder: String) {
        self.file.locked = Some(LockedFile {
            path,
            session,
            holder,
        });
        self.viewer.mode = Mode::Confirm(Question::Locked);
    }

    /// Refuses edits from now on, saying why when one is tried.
    pub fn make_read_only(&mut self, why: String) {
        self.file.read_only = Some(why);
    }

    /// Called by the event loop once a save finished.
    pub fn saved_to(&mut self, path: PathBuf, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.say(format!("Saved to {}", path.display()));
                self.file.saved_revision = self.revision();
                self.file.path = Some(path);
            }
            Err(message) => {
                self.warn(format!(
                    "Not saved: {message}. Your changes are still here."
                ));
            }
        }
    }
}
