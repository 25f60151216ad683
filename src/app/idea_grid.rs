//! The impact/effort grid: the current map's ideas, one selected, `i` and `e` moving its
//! impact and effort on (low, medium, high, none). Each rating is a change like any other.

use super::form::Form;
use super::{Action, App, Effect, Mode};
use crate::model::action_plan::{ActionItem, next_id};
use crate::model::ideas::{self, Level, number_ideas};

/// The next level round the cycle none → low → medium → high → none.
pub fn next_level(level: Option<Level>) -> Option<Level> {
    match level {
        None => Some(Level::Low),
        Some(Level::Low) => Some(Level::Medium),
        Some(Level::Medium) => Some(Level::High),
        Some(Level::High) => None,
    }
}

impl App {
    pub(super) fn open_grid(&mut self) {
        if ideas::ideas(self.session()).is_empty() {
            self.warn("No ideas to place yet: f notes an idea on the selected step");
            return;
        }
        self.viewer.mode = Mode::Grid { selected: 0 };
    }

    pub(super) fn update_grid(&mut self, action: Action) -> Option<Effect> {
        let Mode::Grid { selected } = self.viewer.mode else {
            return None;
        };
        let all = ideas::ideas(self.session());
        match action {
            Action::Up => {
                self.viewer.mode = Mode::Grid {
                    selected: selected.saturating_sub(1),
                }
            }
            Action::Down => {
                self.viewer.mode = Mode::Grid {
                    selected: (selected + 1).min(all.len().saturating_sub(1)),
                }
            }
            Action::NextImpact | Action::NextEffort => {
                let id = all.get(selected)?.id;
                let impact = action == Action::NextImpact;
                self.change(|session, _| {
                    number_ideas(session);
                    let rating = session.decisions.rating_mut(id);
                    let (what, level) = if impact {
                        rating.impact = next_level(rating.impact);
                        ("impact", rating.impact)
                    } else {
                        rating.effort = next_level(rating.effort);
                        ("effort", rating.effort)
                    };
                    let level = level.map_or("not rated", Level::name);
                    Ok(format!("{what} of idea {id}: {level}"))
                });
            }
            Action::AddAction => {
                // "Make this idea an action": its text, number and step filled in.
                let idea = all.get(selected)?;
                let actions = &self.session().decisions.actions;
                let mut item = ActionItem::new(next_id(actions), idea.text.clone());
                item.idea = Some(idea.id);
                item.step = idea.step;
                let mut form = Form::action(None, &item);
                form.focus_on(form.index_of("Owner"));
                self.viewer.mode = Mode::Form(form);
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Back => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_go_round_from_none_to_high_and_back() {
        let mut level = None;
        let mut seen = Vec::new();
        for _ in 0..4 {
            level = next_level(level);
            seen.push(level);
        }
        assert_eq!(
            seen,
            [
                Some(Level::Low),
                Some(Level::Medium),
                Some(Level::High),
                None
            ]
        );
    }
}
