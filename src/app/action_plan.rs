//! The action plan screen: the actions in order with owner, due date and status, overdue ones
//! marked against the one clock; `a` adds, Enter edits (a form), `s` moves the status on, `x`
//! deletes. Every change goes through `change`, so undo takes it back.

use chrono::NaiveDate;

use super::action_filter::ActionFilter;
use super::form::{Field, Form, FormKind};
use super::{Action, App, Effect, Mode};
use crate::model::action_plan::{ActionItem, Status, next_id};

const TEXT: &str = "Action";
const OWNER: &str = "Owner";
const DUE: &str = "Due";
const STATUS: &str = "Status";
const MEASURE: &str = "Measure";
const TARGET: &str = "Target";
const IDEA: &str = "Idea";

impl Form {
    pub fn action(index: Option<usize>, action: &ActionItem) -> Form {
        let status = Status::ALL.iter().position(|s| *s == action.status);
        Form {
            dictation: false,
            kind: FormKind::Action { index },
            title: match index {
                Some(_) => format!("Action {}", action.id),
                None => "New action".into(),
            },
            fields: vec![
                Field::text(TEXT, "what will be done", &action.text),
                Field::text(OWNER, "one person who sees it through", &action.owner),
                Field::text(
                    DUE,
                    "YYYY-MM-DD",
                    action.due.map(|d| d.to_string()).unwrap_or_default(),
                ),
                Field::choice(
                    STATUS,
                    "Space or ←/→: open, doing, done, dropped",
                    Status::ALL.iter().map(|s| s.name()).collect(),
                )
                .chosen(status.unwrap_or(0)),
                Field::text(MEASURE, "what will show it worked", &action.measure),
                Field::text(TARGET, "the measure's target, e.g. 1d", &action.target),
                Field::text(
                    IDEA,
                    "number of the idea it realises (V shows them), or empty",
                    action.idea.map(|i| i.to_string()).unwrap_or_default(),
                ),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The action a form describes, or the field that is wrong and why.
    pub fn to_action(
        &self,
        mut action: ActionItem,
        ideas: &[crate::model::ideas::Idea],
    ) -> Result<ActionItem, (usize, String)> {
        let at = |label| self.index_of(label);
        action.text = self.text_of(TEXT);
        if action.text.is_empty() {
            return Err((at(TEXT), "say what will be done".into()));
        }
        action.owner = self.text_of(OWNER);
        let due = self.text_of(DUE);
        action.due = if due.is_empty() {
            None
        } else {
            Some(NaiveDate::parse_from_str(&due, "%Y-%m-%d").map_err(|_| {
                (
                    at(DUE),
                    format!("'{due}' is not a date: write it as 2027-03-31"),
                )
            })?)
        };
        action.status = Status::ALL[self.chosen(at(STATUS))];
        action.measure = self.text_of(MEASURE);
        action.target = self.text_of(TARGET);
        let idea = self.text_of(IDEA);
        action.idea = if idea.is_empty() {
            None
        } else {
            let number: u64 = idea.trim_start_matches('#').parse().map_err(|_| {
                (
                    at(IDEA),
                    format!("'{idea}' is not an idea's number, e.g. 3"),
                )
            })?;
            let found = ideas.iter().find(|i| i.id == number).ok_or((
                at(IDEA),
                format!("there is no idea {number}: V lists the ideas by number"),
            ))?;
            // The step the idea is pinned to is the step the action changes.
            action.step = action.step.or(found.step);
            Some(number)
        };
        action.validate().map_err(|message| (at(OWNER), message))?;
        Ok(action)
    }
}

impl App {
    pub(super) fn update_actions(&mut self, action: Action) -> Option<Effect> {
        let Mode::Actions { selected, filter } = &self.viewer.mode else {
            return None;
        };
        let (selected, mut filter) = (*selected, filter.clone());
        let count = self.session().decisions.actions.len();
        let today = crate::clock::today();
        let visible = filter.visible(&self.session().decisions.actions, today);
        let at = visible.iter().position(|i| *i == selected);
        let keep = |app: &mut App, selected: usize, filter: ActionFilter| {
            app.viewer.mode = Mode::Actions { selected, filter };
        };
        match action {
            Action::Up | Action::Down => {
                let step = |at: usize| {
                    if action == Action::Up {
                        at.saturating_sub(1)
                    } else {
                        (at + 1).min(visible.len().saturating_sub(1))
                    }
                };
                let next = at.map_or(visible.first(), |at| visible.get(step(at)));
                keep(self, next.copied().unwrap_or(selected), filter);
            }
            Action::FilterStatus | Action::FilterOwner => {
                if action == Action::FilterStatus {
                    filter.next_status();
                } else {
                    filter.next_owner(&self.session().decisions.actions);
                }
                let shown = filter.visible(&self.session().decisions.actions, today);
                let first = shown.first().copied().unwrap_or(selected);
                match filter.describe() {
                    Some(what) => self.say(format!("Showing {what} ({} of {count})", shown.len())),
                    None => self.say("Showing every action"),
                }
                keep(self, first, filter);
            }
            _ if at.is_none()
                && !matches!(
                    action,
                    Action::AddAction | Action::Undo | Action::Redo | Action::Help | Action::Back
                ) =>
            {
                self.warn(if count == 0 {
                    "No action yet: a adds one"
                } else {
                    "No action shown: f and o change what the plan shows"
                });
            }
            Action::AddAction => {
                let id = next_id(&self.session().decisions.actions);
                self.viewer.mode = Mode::Form(Form::action(None, &ActionItem::new(id, "")));
            }
            Action::EditAction => match self.session().decisions.actions.get(selected) {
                Some(item) => self.viewer.mode = Mode::Form(Form::action(Some(selected), item)),
                None => self.warn("No action yet: a adds one"),
            },
            Action::NextStatus => {
                self.change(|session, _| {
                    let item = session
                        .decisions
                        .actions
                        .get_mut(selected)
                        .ok_or("no action yet: a adds one")?;
                    let at = Status::ALL
                        .iter()
                        .position(|s| *s == item.status)
                        .unwrap_or(0);
                    item.status = Status::ALL[(at + 1) % Status::ALL.len()];
                    Ok(format!("mark action {} {}", item.id, item.status.name()))
                });
            }
            Action::DeleteAction => {
                self.change(|session, _| {
                    let actions = &mut session.decisions.actions;
                    if selected >= actions.len() {
                        return Err("no action to delete".into());
                    }
                    let gone = actions.remove(selected);
                    Ok(format!("delete action {} '{}'", gone.id, gone.text))
                });
                let left = self.session().decisions.actions.len();
                keep(self, selected.min(left.saturating_sub(1)), filter);
            }
            Action::MoveLeft | Action::MoveRight => {
                let up = action == Action::MoveLeft;
                let to = if up {
                    selected.checked_sub(1)
                } else {
                    Some(selected + 1).filter(|to| *to < count)
                };
                let Some(to) = to else {
                    self.warn(if up {
                        "The first action: nothing above it"
                    } else {
                        "The last action: nothing below it"
                    });
                    return None;
                };
                let moved = self.change(|session, _| {
                    let actions = &mut session.decisions.actions;
                    actions.swap(selected, to);
                    let way = if up { "up" } else { "down" };
                    Ok(format!("move action {} {way}", actions[to].id))
                });
                if moved {
                    keep(self, to, filter);
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    /// A new or edited action from its form; the index it has in the plan.
    pub(super) fn submit_action(
        &mut self,
        form: &Form,
        index: Option<usize>,
    ) -> Result<Option<usize>, (usize, String)> {
        let actions = &self.session().decisions.actions;
        let old = match index {
            Some(i) => actions
                .get(i)
                .cloned()
                .ok_or((0, "that action is gone".into()))?,
            None => ActionItem::new(next_id(actions), ""),
        };
        let ideas = crate::model::ideas::ideas(self.session());
        let item = form.to_action(old.clone(), &ideas)?;
        if index.is_some() && item == old {
            return Ok(index);
        }
        let mut placed = index;
        self.change(|session, _| {
            // The idea it realises keeps its number for good.
            crate::model::ideas::number_ideas(session);
            let actions = &mut session.decisions.actions;
            let label = format!("action {} '{}'", item.id, item.text);
            match index {
                Some(i) => {
                    actions[i] = item;
                    Ok(format!("edit {label}"))
                }
                None => {
                    actions.push(item);
                    placed = Some(actions.len() - 1);
                    Ok(format!("add {label}"))
                }
            }
        });
        Ok(placed)
    }
}
