//! A form open over the map: typing, moving between fields, and applying it to the document.

use ratatui::crossterm::event::KeyCode;

use super::flow_fields;
use super::form::{Form, FormKind, Placement};
use super::notes::annotations_mut;
use super::{Action, App, Effect, Mode, Screen};
use crate::model::map::StepAt;
use crate::model::{Annotation, Session, Step};

impl App {
    pub(super) fn update_form(&mut self, action: Action) -> Option<Effect> {
        let Mode::Form(form) = &mut self.viewer.mode else {
            return None;
        };
        match action {
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::Type(key) if key.code == KeyCode::Char('?') && form.focused_is_empty() => {
                self.open_help();
            }
            Action::Type(key) => {
                form.type_key(key);
                form.follow_note_marker();
            }
            Action::Help => self.open_help(),
            Action::Back => {
                let kind = form.kind.clone();
                self.viewer.mode = self.mode_after_form(&kind, None);
                let from_start =
                    matches!(kind, FormKind::Session { new: true } | FormKind::OpenPath);
                if from_start && self.viewer.screen == Screen::Start {
                    self.viewer.mode = Mode::Normal;
                }
            }
            Action::Submit if form.kind == FormKind::OpenPath => {
                let path = form.text(0);
                if path.is_empty() {
                    form.fail(0, "type the path of a .ron session file".into());
                    return None;
                }
                self.viewer.mode = Mode::Normal;
                return Some(Effect::Open(home_expanded(&path)));
            }
            Action::Submit if form.kind == FormKind::LogPath => {
                let form = form.clone();
                match self.submit_log_path(&form) {
                    // The form stays open with the path until the log is read: an error
                    // shows in it, and the keys that follow still go to it.
                    Ok(effect) => return Some(effect),
                    Err((field, message)) => {
                        if let Mode::Form(open) = &mut self.viewer.mode {
                            open.fail(field, message);
                        }
                    }
                }
            }
            Action::Submit => {
                let form = form.clone();
                if self.enter_line(&form) {
                    return None;
                }
                match self.submit(&form) {
                    Ok(index) => self.viewer.mode = self.mode_after_form(&form.kind, index),
                    Err((field, message)) => {
                        if let Mode::Form(open) = &mut self.viewer.mode {
                            open.fail(field, message);
                        }
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// Annotation forms return to their list; other forms to the map.
    fn mode_after_form(&self, kind: &FormKind, index: Option<usize>) -> Mode {
        match kind {
            FormKind::NewAnnotation(target) => Mode::Annotations {
                target: *target,
                selected: index.unwrap_or(0),
            },
            FormKind::EditAnnotation(target, i) => Mode::Annotations {
                target: *target,
                selected: *i,
            },
            FormKind::Action { index: at } => Mode::Actions {
                selected: index.or(*at).unwrap_or(0),
                filter: Default::default(),
            },
            _ => Mode::Normal,
        }
    }

    /// Applies a form. Returns the index of a new annotation, or the field that is wrong.
    pub(super) fn submit(&mut self, form: &Form) -> Result<Option<usize>, (usize, String)> {
        let calendar = self.session().calendar;
        match &form.kind {
            FormKind::Action { index } => self.submit_action(form, *index),
            FormKind::Charter => self.submit_charter(form),
            FormKind::NewStep(placement) => {
                let id = self.session().next_step_id();
                let mut step = form.to_step(Step::new(id, ""), &calendar)?;
                flow_fields::read_rework(form, self.map(), None, &mut step)?;
                let placement = *placement;
                self.change_map(|map, selection| {
                    let empty = map.stages.is_empty();
                    let name = step.name.clone();
                    *selection = match placement {
                        _ if empty => map.insert_stage(0, step),
                        Placement::After => map.insert_stage(selection.stage + 1, step),
                        Placement::Before => map.insert_stage(selection.stage, step),
                        Placement::Parallel => map
                            .add_parallel(selection.stage, step)
                            .ok_or("no stage selected")?,
                    };
                    Ok(format!("add '{name}'"))
                });
                Ok(None)
            }
            FormKind::EditStep(at) => {
                let old = self
                    .map()
                    .step(*at)
                    .cloned()
                    .ok_or((0, "that step is gone".to_string()))?;
                let mut step = form.to_step(old.clone(), &calendar)?;
                flow_fields::read_rework(form, self.map(), Some(*at), &mut step)?;
                if step != old {
                    let at = *at;
                    self.change_map(|map, _| {
                        let label = format!("edit '{}'", step.name);
                        if let Some(slot) = map.step_mut(at) {
                            *slot = step;
                        }
                        Ok(label)
                    });
                }
                Ok(None)
            }
            FormKind::Queue { stage } => {
                let queue = form.to_queue()?;
                let stage = *stage;
                self.change_map(|map, _| {
                    let label = format!("queue '{}' before the stage", queue.label);
                    let slot = map.stages.get_mut(stage).ok_or("that stage is gone")?;
                    slot.queue = Some(queue);
                    Ok(label)
                });
                Ok(None)
            }
            FormKind::NewAnnotation(target)
            | FormKind::QuickNote(target)
            | FormKind::EditAnnotation(target, _) => {
                let annotation = form.to_annotation()?;
                let target = *target;
                let editing = match form.kind {
                    FormKind::EditAnnotation(_, i) => Some(i),
                    _ => None,
                };
                let on = self.target_name(target);
                let mut index = None;
                self.change_map(|map, _| {
                    let kind = annotation.kind.name();
                    let list = annotations_mut(map, target).ok_or("that step is gone")?;
                    match editing {
                        Some(i) if i < list.len() => {
                            let realised_by = std::mem::take(&mut list[i].realised_by);
                            // An idea keeps its number (and so its votes and actions).
                            let id = list[i].id;
                            list[i] = Annotation {
                                realised_by,
                                id,
                                ..annotation
                            };
                            Ok(format!("edit {kind} on {on}"))
                        }
                        _ => {
                            list.push(annotation);
                            index = Some(list.len() - 1);
                            Ok(format!("add {kind} on {on}"))
                        }
                    }
                });
                Ok(index)
            }
            FormKind::Session { new } => self.submit_session(form, *new),
            FormKind::OpenPath | FormKind::LogPath => Ok(None),
        }
    }

    fn submit_session(&mut self, form: &Form, new: bool) -> Result<Option<usize>, (usize, String)> {
        let calendar = self.session().calendar;
        let (title, new_calendar, held_on) = form.to_session_fields()?;
        let totals_in = super::totals_field::read(form);
        if new {
            let mut session = Session::new(title);
            session.totals_in = totals_in;
            session.calendar = new_calendar;
            session.held_on = held_on;
            self.open(session, None);
            self.mark_unsaved();
            self.say("New session: press a to add the first step");
            return Ok(None);
        }
        let broken = self
            .session()
            .maps()
            .into_iter()
            .flat_map(|(_, map)| map.steps())
            .find(|s| s.validate(&new_calendar).is_err());
        if let Some(step) = broken {
            let field = if new_calendar.clock != calendar.clock {
                form.index_of(flow_fields::CLOCK)
            } else if new_calendar.hours_per_day != calendar.hours_per_day {
                1
            } else {
                2
            };
            return Err((
                field,
                format!(
                    "with this calendar '{}' would have a lead time shorter than its process time",
                    step.name
                ),
            ));
        }
        self.change(|session: &mut Session, _: &mut StepAt| {
            session.title = title;
            session.calendar = new_calendar;
            session.held_on = held_on;
            session.totals_in = totals_in;
            Ok("change the title, date, calendar or units".into())
        });
        Ok(None)
    }
}

/// `~/x` as the user means it: in their home folder.
fn home_expanded(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => path.into(),
    }
}
