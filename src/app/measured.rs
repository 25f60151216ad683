//! Measured flow in the app: loading a log, the mapping screen, the flow screen, and copying
//! measured times into estimates. Every change to the mapping is one undoable edit that also
//! measures again with the log in memory (or asks the event loop to read it again).

use std::rc::Rc;

use super::form::{Field, Form, FormKind};
use super::{Action, App, Effect, Mode, Question};
use crate::measure::{self, EventLog, FlowOptions};
use crate::model::measured::working_hours;
use crate::model::{Duration, FlowSummary, Map, Unit, Which};

/// What the app keeps for measuring, outside the document.
#[derive(Debug, Clone, Default)]
pub struct Measuring {
    /// The event log last read, kept (not saved) so a changed mapping is measured at once.
    pub log: Option<Rc<EventLog>>,
    /// Today, from the event loop: the day a future state is drafted.
    pub today: Option<chrono::NaiveDate>,
    /// Seconds east of UTC of local time, for log times without an offset.
    pub local_offset: i32,
}

impl App {
    /// Map-screen keys of measured flow.
    pub(super) fn update_measure_keys(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::LoadLog => {
                let source = self
                    .session()
                    .measured
                    .as_ref()
                    .map(|m| m.source.clone())
                    .unwrap_or_default();
                self.viewer.mode = Mode::Form(log_form(&source));
            }
            Action::MappingScreen => self.open_measured(Mode::Mapping { selected: 0 }),
            Action::FlowScreen => self.open_measured(Mode::Flow {
                did_we_get_there: false,
            }),
            Action::CopyMeasured => match self.figures(self.viewer.focus) {
                Some(_) => self.viewer.mode = Mode::Confirm(Question::CopyMeasured),
                None => self.warn(self.no_figures_message()),
            },
            _ => {}
        }
        None
    }

    fn open_measured(&mut self, mode: Mode) {
        if self.session().measured.is_some() {
            self.viewer.mode = mode;
        } else {
            self.warn("no measured log yet: E loads an event log (CSV) or git:REPOSITORY");
        }
    }

    fn no_figures_message(&self) -> &'static str {
        match (self.viewer.focus, &self.session().measured) {
            (_, None) => "no measured log yet: E loads an event log (CSV) or git:REPOSITORY",
            (Which::Future, Some(_)) => {
                "the future state is measured from the day it was drafted: no items since then yet"
            }
            _ => "no measured figures for this map",
        }
    }

    /// The measured figures for the steps of `which` map.
    pub fn figures(&self, which: Which) -> Option<&FlowSummary> {
        let measured = self.session().measured.as_ref()?;
        match which {
            Which::Current => Some(&measured.summary),
            Which::Future => measured.since_future.as_ref(),
        }
    }

    /// The path typed in the log form: asks the event loop to read it.
    pub(super) fn submit_log_path(&mut self, form: &Form) -> Result<Effect, (usize, String)> {
        let path = form.text(0);
        if path.is_empty() {
            return Err((
                0,
                "type the path of a CSV log, or git: and a repository folder".into(),
            ));
        }
        self.say(format!("Reading {path}…"));
        Ok(Effect::LoadLog(path))
    }

    /// Called by the event loop with the log it read (or why it could not).
    pub fn log_loaded(&mut self, source: String, result: Result<EventLog, String>) {
        let asked = matches!(&self.viewer.mode, Mode::Form(form) if form.kind == FormKind::LogPath);
        let log = match result {
            Ok(log) => Rc::new(log),
            Err(message) => {
                match &mut self.viewer.mode {
                    Mode::Form(form) if asked => {
                        form.fail(0, message);
                        self.viewer.status = None;
                    }
                    _ => self.warn(message),
                }
                return;
            }
        };
        if asked {
            self.viewer.mode = Mode::Normal;
        }
        let options = self.flow_options();
        let today = self.measuring.today;
        let first = self.session().measured.is_none();
        let same = self
            .session()
            .measured
            .as_ref()
            .is_some_and(|m| m.source == source);
        if same {
            // Read again (after a mapping change, or r): the figures are derived data, so they
            // are refreshed in place; undo still goes back to the mapping before.
            self.doc
                .refresh_measured(|session| measure::remeasure(session, &log, options));
            self.measuring.log = Some(log);
            self.say(format!("Measured again from {source}"));
            return;
        }
        let reading = Rc::clone(&log);
        let changed = self.change(|session, _| {
            if session.future.is_some() && session.future_drafted_on.is_none() {
                session.future_drafted_on = today;
            }
            measure::apply(session, &reading, source.clone(), options);
            Ok(format!("measure {source}"))
        });
        self.measuring.log = Some(log);
        if let Some(measured) = &self.session().measured {
            let s = &measured.summary;
            let skipped: usize = s.skipped.values().sum();
            // On the top line beside the title: short enough for 80 columns with its keys.
            let mut text = format!("Measured {source}: {} items, {} done", s.items, s.done);
            if skipped > 0 {
                text += &format!(", {skipped} bad rows skipped (S shows why)");
            }
            if measured.done.is_empty() {
                text += ", no state means done by its name: S, then d on the done state";
            }
            if first || changed {
                text += " · S mapping, O flow, u undoes";
            }
            self.say(text);
        }
    }

    fn flow_options(&self) -> FlowOptions {
        FlowOptions {
            period: self
                .session()
                .measured
                .as_ref()
                .map(|m| m.summary.period)
                .unwrap_or_default(),
            since: None,
            local_offset: self.measuring.local_offset,
            done_at: Default::default(),
        }
    }

    /// Changes the mapping (or period) and measures again: at once when the log is in memory,
    /// else after the event loop read it again.
    fn change_measured(
        &mut self,
        options: FlowOptions,
        apply: impl FnOnce(&mut crate::model::Session) -> Result<String, String>,
    ) -> Option<Effect> {
        let log = self.measuring.log.clone();
        let changed = self.change(|session, _| {
            let label = apply(session)?;
            match &log {
                Some(log) => measure::remeasure(session, log, options),
                None => {
                    if let Some(measured) = &mut session.measured {
                        measured.stale = true;
                    }
                }
            }
            Ok(label)
        });
        if changed && log.is_none() {
            return self.reload();
        }
        None
    }

    fn reload(&mut self) -> Option<Effect> {
        let source = self.session().measured.as_ref()?.source.clone();
        self.say(format!("Reading {source} again…"));
        Some(Effect::LoadLog(source))
    }

    pub(super) fn update_mapping(&mut self, action: Action) -> Option<Effect> {
        let Mode::Mapping { selected } = self.viewer.mode else {
            return None;
        };
        let states = self
            .session()
            .measured
            .as_ref()
            .map(|m| m.states.clone())
            .unwrap_or_default();
        let Some(state) = states.get(selected).map(|s| s.name.clone()) else {
            if action == Action::Back {
                self.viewer.mode = Mode::Normal;
            }
            return None;
        };
        let which = self.viewer.focus;
        let options = self.flow_options();
        match action {
            Action::Up => {
                self.viewer.mode = Mode::Mapping {
                    selected: selected.saturating_sub(1),
                }
            }
            Action::Down => {
                self.viewer.mode = Mode::Mapping {
                    selected: (selected + 1).min(states.len() - 1),
                }
            }
            Action::Left | Action::Right => {
                let forward = action == Action::Right;
                return self.change_measured(options, |session| {
                    let map = session.map_mut(which).ok_or("there is no such map")?;
                    move_state(map, &state, forward)
                });
            }
            Action::ToggleActive | Action::ToggleDone | Action::ToggleDropped => {
                return self.change_measured(options, |session| {
                    let measured = session.measured.as_mut().ok_or("no measured log")?;
                    Ok(toggle_meaning(measured, &state, action))
                });
            }
            Action::ReloadLog => return self.reload(),
            Action::FlowScreen => {
                self.viewer.mode = Mode::Flow {
                    did_we_get_there: false,
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    pub(super) fn update_flow(&mut self, action: Action) -> Option<Effect> {
        let Mode::Flow { did_we_get_there } = self.viewer.mode else {
            return None;
        };
        match action {
            Action::NextPeriod => {
                let mut options = self.flow_options();
                options.period = options.period.next();
                let name = options.period.name();
                return self.change_measured(options, |session| {
                    let measured = session.measured.as_mut().ok_or("no measured log")?;
                    measured.summary.period = options.period;
                    Ok(format!("show flow per {name}"))
                });
            }
            Action::DidWeGetThere => {
                self.viewer.mode = Mode::Flow {
                    did_we_get_there: !did_we_get_there,
                }
            }
            Action::MappingScreen => self.viewer.mode = Mode::Mapping { selected: 0 },
            Action::ReloadLog => return self.reload(),
            Action::Save => return Some(Effect::Save { quit_after: false }),
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    pub(super) fn update_copy_measured(&mut self, action: Action) -> Option<Effect> {
        let (p85, all) = match action {
            Action::CopyP50Step => (false, false),
            Action::CopyP85Step => (true, false),
            Action::CopyP50All => (false, true),
            Action::CopyP85All => (true, true),
            Action::Back => {
                self.viewer.mode = Mode::Normal;
                return None;
            }
            _ => return None,
        };
        self.viewer.mode = Mode::Normal;
        let Some(figures) = self.figures(self.viewer.focus).cloned() else {
            self.warn(self.no_figures_message());
            return None;
        };
        let calendar = self.session().calendar;
        let selected = self.selected_step().map(|s| s.id);
        let which = if p85 { "p85" } else { "p50" };
        self.change_map(|map, _| {
            let mut copied = 0;
            for stage in map.stages.iter_mut() {
                for step in stage.steps.iter_mut() {
                    if !all && Some(step.id) != selected {
                        continue;
                    }
                    let Some(flow) = figures.step(step.id) else {
                        continue;
                    };
                    let Some(hours) = (if p85 { flow.p85_hours } else { flow.p50_hours }) else {
                        continue;
                    };
                    step.lead_time = estimate(working_hours(hours, &calendar), &calendar);
                    if step.process_time.hours(&calendar) > step.lead_time.hours(&calendar) {
                        step.process_time = step.lead_time;
                    }
                    copied += 1;
                }
            }
            match copied {
                0 => Err("no measured figures for this step: S maps log states to it".into()),
                1 => Ok(format!("copy measured {which} into a lead time")),
                n => Ok(format!("copy measured {which} into {n} lead times")),
            }
        });
        None
    }
}

/// Gives `state` the meaning `action` toggles (active or waiting, done or not, dropped or not);
/// done and dropped exclude each other. Returns the change's label.
fn toggle_meaning(measured: &mut crate::model::Measured, state: &str, action: Action) -> String {
    let has = |list: &Vec<String>| list.iter().any(|s| s == state);
    let (list, on, off) = match action {
        Action::ToggleDone => (&mut measured.done, "means done", "no longer means done"),
        Action::ToggleDropped => (
            &mut measured.dropped,
            "means the item was dropped",
            "no longer means dropped",
        ),
        _ => (&mut measured.active, "is active work", "is waiting"),
    };
    let label = if has(list) {
        list.retain(|s| s != state);
        format!("'{state}' {off}")
    } else {
        list.push(state.to_string());
        format!("'{state}' {on}")
    };
    match action {
        Action::ToggleDone if has(&measured.done) => measured.dropped.retain(|s| s != state),
        Action::ToggleDropped if has(&measured.dropped) => measured.done.retain(|s| s != state),
        _ => {}
    }
    label
}

/// A working-time duration as a facilitator would type it: days to one decimal, or hours.
fn estimate(hours: f64, calendar: &crate::model::WorkCalendar) -> Duration {
    let days = (hours / calendar.day_hours() * 10.0).round() / 10.0;
    if days >= 1.0 {
        Duration::new(days, Unit::Days)
    } else {
        let hours = (hours * 10.0).round() / 10.0;
        if hours > 0.0 {
            Duration::new(hours, Unit::Hours)
        } else {
            Duration::ZERO
        }
    }
}

/// Moves `state` to the next (or previous) step of `map`; before the first step it is unmapped.
fn move_state(map: &mut Map, state: &str, forward: bool) -> Result<String, String> {
    let ids: Vec<u64> = map.steps().map(|s| s.id).collect();
    let now = map
        .steps()
        .position(|s| s.states.iter().any(|m| m == state));
    let next = match (now, forward) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(at), true) if at + 1 < ids.len() => Some(at + 1),
        (Some(at), true) => Some(at),
        (Some(0), false) => None,
        (Some(at), false) => Some(at - 1),
    };
    if next == now {
        return Err(if ids.is_empty() {
            "the map has no steps yet: a adds one".into()
        } else {
            format!("'{state}' is already at the end")
        });
    }
    let mut name = String::from("no step");
    for stage in map.stages.iter_mut() {
        for step in stage.steps.iter_mut() {
            step.states.retain(|s| s != state);
            if next.map(|n| ids[n]) == Some(step.id) {
                step.states.push(state.to_string());
                name = format!("'{}'", step.name);
            }
        }
    }
    Ok(format!("map '{state}' to {name}"))
}

pub(super) fn log_form(source: &str) -> Form {
    Form {
        kind: FormKind::LogPath,
        title: "Measure: event log".into(),
        fields: vec![Field::text(
            "Log",
            "CSV with item, state, time columns; or git:PATH for a repository",
            source,
        )],
        focus: 0,
        error: None,
        dictation: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Step;

    #[test]
    fn a_state_moves_along_the_steps_and_off_the_front() {
        let mut map = Map::default();
        for i in 0..2 {
            map.insert_stage(i, Step::new(i as u64 + 1, format!("S{i}")));
        }
        assert_eq!(
            move_state(&mut map, "Doing", true).unwrap(),
            "map 'Doing' to 'S0'"
        );
        assert_eq!(
            move_state(&mut map, "Doing", true).unwrap(),
            "map 'Doing' to 'S1'"
        );
        assert!(move_state(&mut map, "Doing", true).is_err());
        assert_eq!(map.steps().nth(1).unwrap().states, ["Doing"]);
        move_state(&mut map, "Doing", false).unwrap();
        assert_eq!(
            move_state(&mut map, "Doing", false).unwrap(),
            "map 'Doing' to no step"
        );
        assert!(map.steps().all(|s| s.states.is_empty()));
    }

    #[test]
    fn estimates_are_typed_in_days_or_hours() {
        let calendar = crate::model::WorkCalendar::default();
        assert_eq!(estimate(33.6, &calendar).to_string(), "4.2d");
        assert_eq!(estimate(5.0, &calendar).to_string(), "5h");
        assert_eq!(estimate(0.0, &calendar).to_string(), "0");
    }
}
