//! Changing the document: every edit goes through `change`, which records what it replaced for
//! undo, gives the document a new revision and says on the status line what happened. Undo and
//! redo bring the changed map and step into view and say what they undid.

use super::history::{Entry, Patch};
use super::{App, View};
use crate::model::map::StepAt;
use crate::model::{Map, Session, Which};

impl App {
    /// Applies a change to a copy of the document (cheap: unchanged stages are shared) and
    /// records what it replaced. `apply` returns the change in the facilitator's words
    /// ("delete 'Triage bugs'"), or why it cannot be done.
    pub(super) fn change(
        &mut self,
        apply: impl FnOnce(&mut Session, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let mut session = self.session.clone();
        let mut selection = self.selection;
        match apply(&mut session, &mut selection) {
            Ok(label) => {
                let mut before = std::mem::replace(&mut self.session, session);
                let patch = Patch::between(&mut before, &mut self.session);
                if patch.is_empty() {
                    self.say(format!("No change: {label}"));
                    return false;
                }
                let revision = self.revision;
                self.history.record(Entry {
                    patch,
                    label: label.clone(),
                    focus: self.focus,
                    selection: self.selection,
                    revision,
                });
                self.revision = self.new_revision();
                self.selection = selection;
                self.say(format!("{} · u undoes", capitalised(&label)));
                true
            }
            Err(message) => {
                self.warn(message);
                false
            }
        }
    }

    /// An accepted change to the focused map.
    pub(super) fn change_map(
        &mut self,
        apply: impl FnOnce(&mut Map, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let which = self.focus;
        self.change(|session, selection| {
            let map = session
                .map_mut(which)
                .ok_or("there is no future state: F drafts one")?;
            apply(map, selection)
        })
    }

    pub(super) fn undo(&mut self) {
        let Some(entry) = self.history.take_undo() else {
            self.warn("nothing to undo");
            return;
        };
        let place = entry.patch.place();
        let redo = self.step_through(entry);
        self.say(format!("Undone: {} · Ctrl+R redoes", redo.label));
        self.history.undone(redo);
        self.show_change(place);
    }

    pub(super) fn redo(&mut self) {
        let Some(entry) = self.history.take_redo() else {
            self.warn("nothing to redo");
            return;
        };
        let place = entry.patch.place();
        let undo = self.step_through(entry);
        self.say(format!("Redone: {} · u undoes", undo.label));
        self.history.redone(undo);
        self.show_change(place);
    }

    /// Applies a history entry and returns the one that goes back.
    fn step_through(&mut self, entry: Entry) -> Entry {
        let back = Entry {
            patch: entry.patch.apply(&mut self.session),
            label: entry.label,
            focus: self.focus,
            selection: self.selection,
            revision: self.revision,
        };
        if self.focus != entry.focus && self.session.map(entry.focus).is_some() {
            self.switch_focus();
        }
        self.selection = entry.selection;
        self.revision = entry.revision;
        back
    }

    /// Makes sure the map a change touched is on screen and being edited.
    fn show_change(&mut self, place: Option<(Which, usize)>) {
        let Some((which, stage)) = place else {
            return;
        };
        if self.session.map(which).is_none() {
            return;
        }
        if self.focus != which {
            self.switch_focus();
        }
        if self.view == View::Comparison {
            self.view = View::Split;
        }
        // The selection goes back to where it was at the change; a change made without a
        // selection on the map (a hand-made patch) shows its first stage.
        if self.map().step(self.selection).is_none() && self.map().stages.len() > stage {
            self.selection = StepAt::new(stage, 0);
        }
    }
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
