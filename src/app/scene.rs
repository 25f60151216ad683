//! What one viewer sees, for drawing: the document, that viewer's own state, and what the
//! drawing needs besides (the file's state for the top line, the keys for the bottom line).
//! Drawing takes a `Scene`, never the app, so two viewers of one document draw independently.

use std::rc::Rc;

use super::keymap::{Context, Keymap};
use super::measured::Measuring;
use super::{Document, FileLink, StartEntry, Viewer};
use crate::model::FlowSummary;
use crate::model::compare::Comparison;
use crate::model::{Map, MapMetrics, Session, Step, Which};

#[derive(Debug, Clone, Copy)]
pub struct Scene<'a> {
    pub doc: &'a Document,
    pub viewer: &'a Viewer,
    pub file: &'a FileLink,
    pub keymap: &'a Keymap,
    pub start_entries: &'a [StartEntry],
    pub start_selected: usize,
    pub start_not_saved: &'a [std::path::PathBuf],
    pub measuring: &'a Measuring,
}

impl<'a> Scene<'a> {
    pub fn session(&self) -> &'a Session {
        self.doc.session()
    }

    /// The map this viewer edits: the current state, or the future state when focused.
    pub fn map(&self) -> &'a Map {
        let session = self.doc.session();
        session.map(self.viewer.focus).unwrap_or(&session.current)
    }

    pub fn selected_step(&self) -> Option<&'a Step> {
        self.map().step(self.viewer.selection)
    }

    pub fn context(&self) -> Context {
        self.viewer.context()
    }

    pub fn comparison(&self) -> Option<Rc<Comparison>> {
        self.doc.comparison()
    }

    pub fn metrics(&self, which: Which) -> Option<Rc<MapMetrics>> {
        self.doc.metrics(which)
    }

    /// The measured figures for the steps of `which` map.
    pub fn figures(&self, which: Which) -> Option<&'a FlowSummary> {
        let measured = self.doc.session().measured.as_ref()?;
        match which {
            Which::Current => Some(&measured.summary),
            Which::Future => measured.since_future.as_ref(),
        }
    }

    pub fn notes_rows_needed(
        &self,
        key: super::document::NotesKey,
        compute: impl FnOnce() -> u16,
    ) -> u16 {
        self.doc.notes_rows_needed(key, compute)
    }

    /// The status line as drawn: a settings notice first, then the latest message.
    pub fn status_line(&self) -> Option<super::Status> {
        self.viewer.status_line()
    }

    /// Changes since the last save.
    pub fn is_dirty(&self) -> bool {
        self.doc.revision() != self.file.saved_revision
    }
}
