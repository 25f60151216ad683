//! The map screen: moving the selection, adding, editing, moving and deleting steps and queues,
//! the future state, views, settings. Keys act only on a map the room can see.

use super::edit::capitalised;
use super::form::{Form, FormKind, Placement};
use super::{Action, App, Effect, Mode, Question, Screen, Target, View};
use crate::model::map::StepAt;
use crate::model::{AnnotationKind, Step};

impl App {
    pub(super) fn update_map(&mut self, action: Action) -> Option<Effect> {
        if !self.shows(self.viewer.focus) && touches_focused_map(action) {
            self.warn(format!(
                "The {} is not on screen: v or Tab shows it, or enlarge the window",
                self.viewer.focus.name()
            ));
            return None;
        }
        let stages = self.map().stages.len();
        let at = self.viewer.selection;
        match action {
            Action::Left => self.viewer.selection = StepAt::new(at.stage.saturating_sub(1), 0),
            Action::Right if at.stage + 1 < stages => {
                self.viewer.selection = StepAt::new(at.stage + 1, 0)
            }
            Action::Up => self.viewer.selection.step = at.step.saturating_sub(1),
            Action::Down => self.viewer.selection.step = at.step + 1,
            Action::First => self.viewer.selection = StepAt::new(0, 0),
            Action::Last => self.viewer.selection = StepAt::new(stages.saturating_sub(1), 0),
            Action::AddStepAfter => self.new_step_form(Placement::After),
            Action::AddStepBefore => self.new_step_form(Placement::Before),
            Action::AddParallelStep => self.new_step_form(Placement::Parallel),
            Action::EditStep => match self.selected_step() {
                Some(step) => {
                    let title = format!("Edit step: {}", step.name);
                    let form = Form::step(FormKind::EditStep(at), title, step, self.map());
                    self.viewer.mode = Mode::Form(form);
                }
                None => self.new_step_form(Placement::After),
            },
            Action::DeleteStep => {
                self.change_map(|map, selection| {
                    let (step, next) = map
                        .remove_step(*selection)
                        .ok_or("no step to delete: press a to add one")?;
                    *selection = next.unwrap_or_default();
                    Ok(format!("delete '{}'", step.name))
                });
            }
            Action::MoveLeft | Action::MoveRight => {
                let left = action == Action::MoveLeft;
                self.change_map(|map, selection| {
                    let name = map.step(*selection).map(|s| s.name.clone());
                    let stage = map
                        .move_stage(selection.stage, left)
                        .ok_or("already at the end of the map")?;
                    selection.stage = stage;
                    let side = if left { "left" } else { "right" };
                    let mut label = format!("move '{}' {side}", name.unwrap_or_default());
                    // A loop back to a step that is now after it means nothing any more.
                    for step in map.drop_forward_rework() {
                        label += &format!(
                            "; rework loop of '{step}' dropped (its step is no longer before it)"
                        );
                    }
                    Ok(label)
                });
            }
            Action::EditQueue => {
                if at.stage < stages {
                    let queue = self.map().stages[at.stage].queue.as_ref();
                    self.viewer.mode = Mode::Form(Form::queue(at.stage, queue));
                } else {
                    self.warn("add a step first: a queue sits before a stage");
                }
            }
            Action::DeleteQueue => {
                self.change_map(|map, selection| {
                    map.stages
                        .get_mut(selection.stage)
                        .and_then(|stage| stage.queue.take())
                        .map(|queue| format!("delete queue '{}'", queue.label))
                        .ok_or_else(|| "there is no queue before this stage".to_string())
                });
            }
            Action::StepAnnotations => {
                if self.selected_step().is_some() {
                    self.viewer.mode = Mode::Annotations {
                        target: Target::Step(at),
                        selected: 0,
                    };
                } else {
                    self.warn("add a step first, or press N for notes on the whole map");
                }
            }
            Action::MapAnnotations => {
                self.viewer.mode = Mode::Annotations {
                    target: Target::Map,
                    selected: 0,
                }
            }
            Action::Note(kind) => match self.selected_step() {
                Some(step) => {
                    let title = format!("{} on '{}'", capitalised(kind.name()), step.name);
                    let mut form =
                        Form::annotation(FormKind::QuickNote(Target::Step(at)), title, None);
                    form.choose(
                        "Kind",
                        AnnotationKind::ALL
                            .iter()
                            .position(|k| *k == kind)
                            .unwrap_or(0),
                    );
                    self.viewer.mode = Mode::Form(form);
                }
                None => self.warn("add a step first, or press M for a note on the whole map"),
            },
            Action::MapNote => {
                let title = "Note on the whole map".to_string();
                let mut form = Form::annotation(FormKind::QuickNote(Target::Map), title, None);
                // The text comes first: its letters never choose the kind (c: q: g: i: or
                // Shift+Tab then ←/→ do).
                form.choose("Kind", 0);
                self.viewer.mode = Mode::Form(form);
            }
            Action::ToggleStickies => {
                self.viewer.stickies = !self.viewer.stickies;
                self.say(if self.viewer.stickies {
                    "Notes shown next to their steps where there is room · s hides them"
                } else {
                    "Notes shown as badges only · s shows them"
                });
            }
            Action::EditSession => {
                let s = &self.session();
                let form = Form::session(false, &s.title, &s.calendar, s.held_on);
                self.viewer.mode = Mode::Form(super::totals_field::with_field(form, s.totals_in));
            }
            Action::DraftFuture => {
                if self.session().future.is_some() {
                    self.warn("there is a future state already: Tab moves to it, D deletes it");
                } else {
                    self.viewer.mode = Mode::Confirm(Question::DraftFuture);
                }
            }
            Action::DeleteFuture => {
                if self.session().future.is_some() {
                    self.viewer.mode = Mode::Confirm(Question::DeleteFuture);
                } else {
                    self.warn("there is no future state to delete");
                }
            }
            Action::SwitchMap => {
                if self.session().future.is_some() {
                    self.switch_focus();
                    self.say(format!("Editing the {}", self.viewer.focus.name()));
                } else {
                    self.warn("there is no future state yet: F drafts one");
                }
            }
            Action::ToggleView => {
                self.viewer.view = match self.viewer.view {
                    View::Split if self.session().future.is_some() => View::Single,
                    View::Split => {
                        self.warn("there is one map only: F drafts a future state");
                        View::Split
                    }
                    View::Single | View::Comparison => View::Split,
                };
            }
            Action::Compare => {
                if self.session().future.is_some() {
                    self.viewer.view = View::Comparison;
                    self.viewer.comparison_scroll = 0;
                    if self.viewer.presenting {
                        self.viewer.presenting = false;
                    }
                } else {
                    self.warn("nothing to compare yet: F drafts a future state");
                }
            }
            Action::Export => self.viewer.mode = Mode::Confirm(Question::Export),
            Action::LoadLog | Action::MappingScreen | Action::FlowScreen | Action::CopyMeasured => {
                return self.update_measure_keys(action);
            }
            Action::CycleTheme => {
                self.viewer.theme = self.viewer.theme.next();
                self.say(format!("Theme: {} (remembered)", self.viewer.theme.label()));
                return Some(Effect::RememberSettings);
            }
            Action::CycleZoom => {
                self.viewer.zoom = self.viewer.zoom.next();
                self.say(format!("Zoom: {} (remembered)", self.viewer.zoom.label()));
                return Some(Effect::RememberSettings);
            }
            Action::ToggleMouse => {
                self.viewer.mouse = !self.viewer.mouse;
                self.say(if self.viewer.mouse {
                    "Mouse on: click selects a step (Alt+M turns it off to select text)"
                } else {
                    "Mouse off: select text with the mouse to copy it (Alt+M turns it on)"
                });
            }
            Action::Voting => self.open_voting(),
            Action::ActionPlan => {
                self.viewer.mode = Mode::Actions {
                    selected: 0,
                    filter: Default::default(),
                }
            }
            Action::IdeaGrid => self.open_grid(),
            Action::EditCharter => self.open_charter(),
            Action::Present => {
                self.viewer.presenting = !self.viewer.presenting;
                if self.viewer.presenting {
                    self.say("Presentation: P or Esc goes back; editing keys still work");
                }
            }
            Action::Back if self.viewer.presenting => self.viewer.presenting = false,
            Action::Back => {
                self.dismiss_notice();
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Save => return Some(Effect::Save { quit_after: false }),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Help => self.open_help(),
            Action::Palette => self.open_palette(),
            Action::JumpToStep => self.open_search(),
            Action::Quit => return self.quit(),
            _ => {}
        }
        None
    }

    pub(super) fn new_step_form(&mut self, placement: Placement) {
        let map = self.map();
        if map.stages.is_empty() && placement == Placement::Parallel {
            self.warn("add a first step with a before adding a parallel one");
            return;
        }
        let mut step = Step::new(0, "");
        // Owner and phase usually stay the same from one step to the next.
        if let Some(selected) = self.selected_step() {
            step.owner = selected.owner.clone();
            step.phase = selected.phase.clone();
        }
        let title = match placement {
            _ if map.stages.is_empty() => "First step",
            Placement::After => "New step after the selected stage",
            Placement::Before => "New step before the selected stage",
            Placement::Parallel => "New step in parallel to the selected one",
        };
        let mut form = Form::step(FormKind::NewStep(placement), title.into(), &step, map);
        // Empty times read as "none yet": typing needs no clearing first.
        form.set_text("Lead time", "");
        form.set_text("Process time", "");
        self.viewer.mode = Mode::Form(form);
    }

    /// A click selects the step under it (in either map); a double click opens its form.
    pub(super) fn click(&mut self, x: u16, y: u16, double: bool) {
        if self.viewer.screen != Screen::Map || !matches!(self.viewer.mode, Mode::Normal) {
            return;
        }
        let Some((which, at)) = self.viewer.drawn.step_at(x, y) else {
            return;
        };
        if which != self.viewer.focus {
            self.switch_focus();
        }
        self.viewer.selection = at;
        if double {
            self.update(Action::EditStep);
        }
    }
}

/// Keys that read or change the map being edited, pointless or harmful when it is not shown.
/// Undo and redo are not among them: they bring the changed map into view themselves.
fn touches_focused_map(action: Action) -> bool {
    matches!(
        action,
        Action::Left
            | Action::Right
            | Action::Up
            | Action::Down
            | Action::First
            | Action::Last
            | Action::AddStepAfter
            | Action::AddStepBefore
            | Action::AddParallelStep
            | Action::EditStep
            | Action::DeleteStep
            | Action::MoveLeft
            | Action::MoveRight
            | Action::EditQueue
            | Action::DeleteQueue
            | Action::StepAnnotations
            | Action::MapAnnotations
            | Action::Note(_)
            | Action::MapNote
    )
}
