//! Jumping to a step by name (`/`): every step of both maps, filtered fuzzily as you type;
//! Enter selects the chosen one and brings its map into view.

use super::finder::{Finder, Outcome};
use super::{Action, App, Effect, Mode, View, fuzzy};
use crate::model::map::StepAt;
use crate::model::{Session, Which};

#[derive(Debug, Clone)]
pub struct Search {
    pub finder: Finder,
}

/// A step that matches, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub which: Which,
    pub at: StepAt,
    pub name: String,
}

impl Search {
    /// The steps whose names match what was typed, best first; the current state first on a tie.
    pub fn results(&self, session: &Session) -> Vec<Found> {
        let mut steps = Vec::new();
        for which in [Which::Current, Which::Future] {
            let Some(map) = session.map(which) else {
                continue;
            };
            for (stage, s) in map.stages.iter().enumerate() {
                for (step, found) in s.steps.iter().enumerate() {
                    steps.push(Found {
                        which,
                        at: StepAt::new(stage, step),
                        name: found.name.clone(),
                    });
                }
            }
        }
        let names: Vec<String> = steps.iter().map(|f| f.name.clone()).collect();
        fuzzy::rank(self.finder.query.value(), &names)
            .into_iter()
            .map(|i| steps[i].clone())
            .collect()
    }
}

impl App {
    pub(super) fn open_search(&mut self) {
        let back = std::mem::replace(&mut self.viewer.mode, Mode::Normal);
        self.viewer.mode = Mode::Search(Search {
            finder: Finder::new(back),
        });
    }

    pub(super) fn update_search(&mut self, action: Action) -> Option<Effect> {
        let Mode::Search(search) = &mut self.viewer.mode else {
            return None;
        };
        let results = search.results(self.doc.session());
        match search.finder.update(action, results.len()) {
            Outcome::Open => {}
            Outcome::Closed => self.viewer.mode = search.finder.take_back(),
            Outcome::Chosen(chosen) => {
                self.viewer.mode = search.finder.take_back();
                match chosen {
                    Some(i) => self.jump_to(results[i].clone()),
                    None => self.warn("no step has a name like that"),
                }
            }
        }
        None
    }

    fn jump_to(&mut self, found: Found) {
        if found.which != self.viewer.focus {
            self.switch_focus();
        }
        if self.viewer.view == View::Comparison {
            self.viewer.view = View::Split;
        }
        self.viewer.selection = found.at;
        self.say(format!("'{}' on the {}", found.name, found.which.name()));
    }
}
