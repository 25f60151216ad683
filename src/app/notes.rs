//! The notes of a step or of the whole map: what was said in the room, and ideas linked to the
//! future steps that realise them.

use super::form::{Form, FormKind};
use super::{Action, App, Effect, Mode, Target};
use crate::model::{Annotation, AnnotationKind, Map, Which};

impl App {
    pub(super) fn annotations_of(&self, target: Target) -> &[Annotation] {
        match target {
            Target::Map => &self.map().annotations,
            Target::Step(at) => self
                .map()
                .step(at)
                .map(|s| s.annotations.as_slice())
                .unwrap_or_default(),
        }
    }

    /// Where a note is pinned, for messages: "'Code the feature'" or "the map".
    pub(super) fn target_name(&self, target: Target) -> String {
        match target {
            Target::Map => "the map".into(),
            Target::Step(at) => match self.map().step(at) {
                Some(step) => format!("'{}'", step.name),
                None => "the step".into(),
            },
        }
    }

    pub(super) fn update_annotations(&mut self, action: Action) -> Option<Effect> {
        let Mode::Annotations { target, selected } = self.viewer.mode else {
            return None;
        };
        let count = self.annotations_of(target).len();
        match action {
            Action::Up => self.set_annotation_selected(selected.saturating_sub(1)),
            Action::Down => {
                self.set_annotation_selected((selected + 1).min(count.saturating_sub(1)))
            }
            Action::AddAnnotation => {
                self.viewer.mode = Mode::Form(Form::annotation(
                    FormKind::NewAnnotation(target),
                    "New annotation".into(),
                    None,
                ));
            }
            Action::EditAnnotation => {
                let form = match self.annotations_of(target).get(selected) {
                    Some(annotation) => Form::annotation(
                        FormKind::EditAnnotation(target, selected),
                        "Edit annotation".into(),
                        Some(annotation),
                    ),
                    None => Form::annotation(
                        FormKind::NewAnnotation(target),
                        "New annotation".into(),
                        None,
                    ),
                };
                self.viewer.mode = Mode::Form(form);
            }
            Action::DeleteAnnotation => {
                let on = self.target_name(target);
                let changed = self.change_map(|map, _| {
                    let list = annotations_mut(map, target).ok_or("that step is gone")?;
                    if selected >= list.len() {
                        return Err("no annotation to delete: press a to add one".into());
                    }
                    let removed = list.remove(selected);
                    Ok(format!("delete {} on {on}", removed.kind.name()))
                });
                if changed {
                    self.set_annotation_selected(selected.min(count.saturating_sub(2)));
                }
            }
            Action::LinkIdea => self.link_idea(target, selected),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    /// Links an idea on the current map to the selected future step, or unlinks it.
    fn link_idea(&mut self, target: Target, selected: usize) {
        if self.viewer.focus != Which::Current {
            self.warn("ideas are linked from the current map: Tab to it, then n on the step");
            return;
        }
        let Some(future_step) = self
            .session()
            .future
            .as_ref()
            .and_then(|f| f.step(self.viewer.other_selection))
            .map(|s| (s.id, s.name.clone()))
        else {
            self.warn(
                "select the future step that realises the idea first (F drafts a future state)",
            );
            return;
        };
        match self.annotations_of(target).get(selected) {
            Some(a) if a.kind == AnnotationKind::Idea => {}
            _ => {
                self.warn("only ideas are linked to future steps");
                return;
            }
        }
        let (id, name) = future_step;
        self.change_map(|map, _| {
            let list = annotations_mut(map, target).ok_or("that step is gone")?;
            let links = &mut list[selected].realised_by;
            Ok(if let Some(at) = links.iter().position(|l| *l == id) {
                links.remove(at);
                format!("unlink the idea from future step '{name}'")
            } else {
                links.push(id);
                format!("link the idea to future step '{name}' that realises it")
            })
        });
    }

    pub(super) fn set_annotation_selected(&mut self, index: usize) {
        if let Mode::Annotations { selected, .. } = &mut self.viewer.mode {
            *selected = index;
        }
    }
}

pub(super) fn annotations_mut(map: &mut Map, target: Target) -> Option<&mut Vec<Annotation>> {
    match target {
        Target::Map => Some(&mut map.annotations),
        Target::Step(at) => map.step_mut(at).map(|s| &mut s.annotations),
    }
}
