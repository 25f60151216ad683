//! Changing the document: every edit goes through `change`, which records what it replaced for
//! undo, gives the document a new revision and says on the status line what happened. Undo and
//! redo bring the changed map and step into view and say what they undid.

use super::document::{Changed, Place, SteppedThrough};
use super::{App, View};
use crate::model::map::StepAt;
use crate::model::{Map, Session, Which};

impl App {
    /// Applies a change to the document through its one door and says on the status line
    /// what happened. `apply` returns the change in the facilitator's words ("delete 'Triage
    /// bugs'"), or why it cannot be done; it may move the selection.
    pub(super) fn change(
        &mut self,
        apply: impl FnOnce(&mut Session, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let mut selection = self.viewer.selection;
        let at = self.place();
        match self
            .doc
            .change(at, |session| apply(session, &mut selection))
        {
            Ok(Changed::Yes(label)) => {
                self.viewer.selection = selection;
                let undo = self.undo_key();
                self.say(format!("{} · {undo} undoes", capitalised(&label)));
                true
            }
            Ok(Changed::Nothing(label)) => {
                self.say(format!("No change: {label}"));
                false
            }
            Err(message) => {
                self.warn(message);
                false
            }
        }
    }

    /// The key that undoes in the place in force, as the keymap (the user's included) binds it:
    /// `u` on the map, `Ctrl+z` where a line is typed (the vote line).
    fn undo_key(&self) -> String {
        self.keymap
            .bindings(self.context())
            .iter()
            .find(|b| b.action == super::Action::Undo)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "u".to_string(), super::keymap::display_key)
    }

    /// Where the facilitator is: what undo comes back to.
    fn place(&self) -> Place {
        Place {
            focus: self.viewer.focus,
            selection: self.viewer.selection,
        }
    }

    /// An accepted change to the focused map.
    pub(super) fn change_map(
        &mut self,
        apply: impl FnOnce(&mut Map, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let which = self.viewer.focus;
        self.change(|session, selection| {
            let map = session
                .map_mut(which)
                .ok_or("there is no future state: F drafts one")?;
            apply(map, selection)
        })
    }

    pub(super) fn undo(&mut self) {
        match self.doc.undo(self.place()) {
            Some(undone) => {
                self.say(format!("Undone: {} · Ctrl+R redoes", undone.label));
                self.return_to(undone);
            }
            None => self.warn("nothing to undo"),
        }
    }

    pub(super) fn redo(&mut self) {
        match self.doc.redo(self.place()) {
            Some(redone) => {
                self.say(format!("Redone: {} · u undoes", redone.label));
                self.return_to(redone);
            }
            None => self.warn("nothing to redo"),
        }
    }

    /// Back where an undone or redone change was made, with what it touched in view.
    fn return_to(&mut self, done: SteppedThrough) {
        if self.viewer.focus != done.place.focus && self.session().map(done.place.focus).is_some() {
            self.switch_focus();
        }
        self.viewer.selection = done.place.selection;
        self.show_change(done.touched);
    }

    /// Makes sure the map a change touched is on screen and being edited.
    fn show_change(&mut self, place: Option<(Which, usize)>) {
        let Some((which, stage)) = place else {
            return;
        };
        if self.session().map(which).is_none() {
            return;
        }
        if self.viewer.focus != which {
            self.switch_focus();
        }
        if self.viewer.view == View::Comparison {
            self.viewer.view = View::Split;
        }
        // The selection goes back to where it was at the change; a change made without a
        // selection on the map (a hand-made patch) shows its first stage.
        if self.map().step(self.viewer.selection).is_none() && self.map().stages.len() > stage {
            self.viewer.selection = StepAt::new(stage, 0);
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
