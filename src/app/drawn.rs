//! What the last frame showed, recorded by the drawing code: which maps were on screen, which
//! stages of them, and where each step box landed. The app reads it to hit-test clicks, to keep
//! the selection in view and to refuse keys whose effect nobody could see.

use ratatui::layout::{Position, Rect};

use crate::model::Which;
use crate::model::map::StepAt;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawn {
    /// False until a first frame was drawn (tests that never draw see every map as shown).
    pub known: bool,
    pub maps: Vec<DrawnMap>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrawnMap {
    pub which: Which,
    /// The first stage in view and how many fit.
    pub first_stage: usize,
    pub visible_stages: usize,
    pub boxes: Vec<(StepAt, Rect)>,
}

impl Drawn {
    pub fn shows(&self, which: Which) -> bool {
        !self.known || self.maps.iter().any(|m| m.which == which)
    }

    pub fn map(&self, which: Which) -> Option<&DrawnMap> {
        self.maps.iter().find(|m| m.which == which)
    }

    /// The step box under a screen position.
    pub fn step_at(&self, x: u16, y: u16) -> Option<(Which, StepAt)> {
        self.maps.iter().find_map(|map| {
            map.boxes
                .iter()
                .find(|(_, rect)| rect.contains(Position::new(x, y)))
                .map(|(at, _)| (map.which, *at))
        })
    }
}

/// The first stage to show so that `selected` is in view, moving as little as possible.
pub fn keep_visible(first: usize, selected: usize, visible: usize, total: usize) -> usize {
    let visible = visible.max(1);
    let mut first = first.min(total.saturating_sub(visible));
    if selected < first {
        first = selected;
    } else if selected >= first + visible {
        first = selected + 1 - visible;
    }
    first
}

/// The first of the stacked steps to show so that `selected` is in view.
pub fn stack_start(selected: usize, fits: usize) -> usize {
    (selected + 1).saturating_sub(fits.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_selected_stage_in_view() {
        assert_eq!(keep_visible(0, 2, 3, 8), 0);
        assert_eq!(keep_visible(0, 3, 3, 8), 1);
        assert_eq!(keep_visible(4, 2, 3, 8), 2);
        assert_eq!(keep_visible(5, 7, 3, 8), 5);
        // A window that grew shows more from the left rather than empty room at the right.
        assert_eq!(keep_visible(5, 7, 8, 8), 0);
    }

    #[test]
    fn a_click_finds_the_box_under_it() {
        let drawn = Drawn {
            known: true,
            maps: vec![DrawnMap {
                which: Which::Future,
                first_stage: 0,
                visible_stages: 2,
                boxes: vec![(StepAt::new(1, 0), Rect::new(10, 5, 8, 4))],
            }],
        };
        assert_eq!(
            drawn.step_at(12, 6),
            Some((Which::Future, StepAt::new(1, 0)))
        );
        assert_eq!(drawn.step_at(9, 6), None);
        assert!(!drawn.shows(Which::Current));
        assert!(Drawn::default().shows(Which::Current));
    }
}
