//! Where things go on the map screen, as pure arithmetic shared by drawing and by the app
//! (which keeps the selected stage in view).

use crate::model::Map;

pub const HEADER: u16 = 1;
pub const FOOTER: u16 = 1;
pub const PHASES: u16 = 1;
/// A spacer row with the lead time total, then the wait rung and the process-time rung.
pub const LADDER: u16 = 3;
/// Lowest height of the metrics and annotations panels: five metrics inside a border.
pub const PANEL_MIN: u16 = 7;
/// Columns kept at the right for the ladder totals.
pub const TOTALS_WIDTH: u16 = 12;
pub const MIN_BOX_WIDTH: u16 = 16;
pub const MAX_BOX_WIDTH: u16 = 30;
pub use crate::app::drawn::{keep_visible, stack_start};
pub use crate::app::settings::{MIN_SIZE, Zoom};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapLayout {
    pub box_width: u16,
    /// Columns before each box: arrow from the previous stage and the queue marker.
    pub gap: u16,
    pub box_height: u16,
    pub name_lines: u16,
    pub visible_stages: usize,
    /// Rows for stacked boxes (parallel steps), at most the tallest stack.
    pub stack_height: u16,
}

impl MapLayout {
    /// The layout of a map drawn alone on a `width` x `height` screen.
    pub fn new(map: &Map, width: u16, height: u16, zoom: Zoom) -> MapLayout {
        let rows = height.saturating_sub(HEADER + FOOTER + PHASES + LADDER + PANEL_MIN);
        MapLayout::fit(map, width, rows, zoom)
    }

    /// The layout of a map with `width` columns and `available` rows for its boxes.
    pub fn fit(map: &Map, width: u16, available: u16, zoom: Zoom) -> MapLayout {
        let (gap, min_width, max_width) = match zoom {
            Zoom::Compact => (4, 12, 20),
            Zoom::Normal if width >= 140 => (6, MIN_BOX_WIDTH, MAX_BOX_WIDTH),
            Zoom::Normal => (5, MIN_BOX_WIDTH, MAX_BOX_WIDTH),
            Zoom::Large => (6, 24, 40),
        };
        let room = width.saturating_sub(TOTALS_WIDTH);
        let stages = map.stages.len().max(1) as u16;
        let box_width = (room / stages)
            .saturating_sub(gap)
            .clamp(min_width, max_width);
        let visible_stages = ((room / (box_width + gap)) as usize).max(1);

        let tallest = map
            .stages
            .iter()
            .map(|stage| stage.steps.len())
            .max()
            .unwrap_or(1)
            .max(1) as u16;
        // Two lines for the name when every stack still fits, else one; the smallest boxes
        // carry the %C&A and badges on the owner line.
        let (name_lines, box_height) = if zoom == Zoom::Compact {
            (1, 5)
        } else if zoom == Zoom::Large && tallest * 8 <= available {
            (3, 8)
        } else if tallest * 7 <= available {
            (2, 7)
        } else if tallest * 6 <= available {
            (1, 6)
        } else {
            (1, 5)
        };
        let stack_height = (tallest * box_height)
            .min(available)
            .max(box_height.min(available));
        MapLayout {
            box_width,
            gap,
            box_height,
            name_lines,
            visible_stages,
            stack_height,
        }
    }

    /// Left edge of the slot (gap then box) of the `index`-th visible stage.
    pub fn slot_x(&self, left: u16, index: usize) -> u16 {
        left + index as u16 * (self.box_width + self.gap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_grow_to_use_a_wide_window() {
        let demo = crate::session::demo();
        let small = MapLayout::new(&demo.current, 80, 24, Zoom::Normal);
        assert_eq!(small.box_width, MIN_BOX_WIDTH);
        assert_eq!(small.visible_stages, 3);
        let wide = MapLayout::new(&demo.current, 250, 70, Zoom::Normal);
        assert_eq!(wide.visible_stages, 8);
        assert!(wide.box_width > MIN_BOX_WIDTH);
    }
}
