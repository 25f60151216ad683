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
    /// Columns kept at the right for the ladder totals (0: none, as in presentation mode
    /// where the big figures carry them).
    pub totals_width: u16,
}

/// The most steps any stage of `map` runs in parallel (at least 1).
pub fn tallest(map: &Map) -> u16 {
    map.stages
        .iter()
        .map(|stage| stage.steps.len())
        .max()
        .unwrap_or(1)
        .clamp(1, u16::MAX as usize) as u16
}

/// Columns before each box, narrowest and widest box, for a zoom at a window width.
fn widths(zoom: Zoom, width: u16) -> (u16, u16, u16) {
    match zoom {
        Zoom::Compact => (4, 12, 20),
        Zoom::Normal if width >= 140 => (6, MIN_BOX_WIDTH, MAX_BOX_WIDTH),
        Zoom::Normal => (5, MIN_BOX_WIDTH, MAX_BOX_WIDTH),
        Zoom::Large => (6, 24, 40),
    }
}

impl MapLayout {
    /// The layout of a map drawn alone on a `width` x `height` screen.
    pub fn new(map: &Map, width: u16, height: u16, zoom: Zoom) -> MapLayout {
        let rows = height.saturating_sub(HEADER + FOOTER + PHASES + LADDER + PANEL_MIN);
        MapLayout::fit(map, width, rows, zoom)
    }

    /// The layout of a map with `width` columns and `available` rows for its boxes.
    pub fn fit(map: &Map, width: u16, available: u16, zoom: Zoom) -> MapLayout {
        let (gap, min_width, max_width) = widths(zoom, width);
        let room = width.saturating_sub(TOTALS_WIDTH);
        let stages = map.stages.len().max(1) as u16;
        let box_width = (room / stages)
            .saturating_sub(gap)
            .clamp(min_width, max_width);
        MapLayout::with_columns(box_width, gap, room, tallest(map), available, zoom)
    }

    /// Boxes `box_width` wide after gaps of `gap` in `room` columns (the totals kept apart),
    /// as tall as `available` rows allow for stacks of `tallest` steps.
    pub fn with_columns(
        box_width: u16,
        gap: u16,
        room: u16,
        tallest: u16,
        available: u16,
        zoom: Zoom,
    ) -> MapLayout {
        let visible_stages = ((room / (box_width + gap).max(1)) as usize).max(1);
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
            totals_width: TOTALS_WIDTH,
        }
    }

    /// The same columns with boxes as tall as `available` rows allow.
    pub fn with_rows(self, tallest: u16, available: u16, zoom: Zoom) -> MapLayout {
        let room = self.visible_stages as u16 * (self.box_width + self.gap);
        MapLayout {
            visible_stages: self.visible_stages,
            totals_width: self.totals_width,
            ..MapLayout::with_columns(self.box_width, self.gap, room, tallest, available, zoom)
        }
    }

    /// For presentation mode: the widest boxes that show all `stages` across `width`
    /// (trying large, normal and compact zoom, then narrow boxes without the ladder totals,
    /// which the big figures carry), else the layout of `zoom`.
    pub fn presenting(stages: usize, width: u16, zoom: Zoom) -> MapLayout {
        let stages_u16 = stages.clamp(1, u16::MAX as usize) as u16;
        for candidate in [Zoom::Large, Zoom::Normal, Zoom::Compact] {
            let (gap, min_width, max_width) = widths(candidate, width);
            let room = width.saturating_sub(TOTALS_WIDTH);
            let box_width = (room / stages_u16)
                .saturating_sub(gap)
                .clamp(min_width, max_width);
            let layout = MapLayout::with_columns(box_width, gap, room, 1, 0, candidate);
            if layout.visible_stages >= stages {
                return layout;
            }
        }
        let (gap, min_width, max_width) = (3, 11, 20);
        let box_width = (width / stages_u16)
            .saturating_sub(gap)
            .clamp(min_width, max_width);
        let tight = MapLayout {
            totals_width: 0,
            ..MapLayout::with_columns(box_width, gap, width, 1, 0, Zoom::Compact)
        };
        if tight.visible_stages >= stages {
            return tight;
        }
        let (gap, min_width, max_width) = widths(zoom, width);
        let room = width.saturating_sub(TOTALS_WIDTH);
        let box_width = (room / stages_u16)
            .saturating_sub(gap)
            .clamp(min_width, max_width);
        MapLayout::with_columns(box_width, gap, room, 1, 0, zoom)
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

    #[test]
    fn presentation_fits_eight_stages_at_120_columns() {
        let demo = crate::session::demo();
        let layout = MapLayout::presenting(demo.current.stages.len(), 120, Zoom::Normal);
        assert_eq!(layout.visible_stages, 8);
        assert!(layout.box_width >= 11, "{layout:?}");
        let wide = MapLayout::presenting(8, 250, Zoom::Normal);
        assert_eq!(wide.totals_width, TOTALS_WIDTH);
        assert!(wide.box_width >= 20, "{wide:?}");
    }
}
