//! Where each map sits on the map screen. The frame records where boxes landed (`Drawn`) for
//! mouse hit-testing.

use ratatui::layout::Rect;

use super::geometry::{FOOTER, HEADER, LADDER, MapLayout, PANEL_MIN, PHASES};
use super::stickies::{self, Stickies};
use crate::app::Scene;
use crate::model::Which;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub which: Which,
    /// The map's rows, with its title line when `titled`.
    pub rect: Rect,
    pub layout: MapLayout,
    pub titled: bool,
    /// Rows at the bottom of `rect` for the notes beside the steps (0: badges only).
    pub notes: u16,
}

/// The screen between the header and the footer.
pub fn body(area: Rect) -> Rect {
    Rect {
        y: area.y + HEADER,
        height: area.height.saturating_sub(HEADER + FOOTER),
        ..area
    }
}

/// The focused map alone, above the notes and metrics panels.
pub fn single(app: &Scene<'_>, body: Rect) -> Section {
    let map = app.map();
    let title_rows = u16::from(app.session().future.is_some());
    let rows = body
        .height
        .saturating_sub(title_rows + PHASES + LADDER + PANEL_MIN);
    let layout = MapLayout::fit(map, body.width, rows, app.viewer.zoom);
    let height = title_rows + PHASES + layout.stack_height + LADDER;
    let spare = body.height.saturating_sub(height + PANEL_MIN);
    let notes = if app.viewer.stickies && stickies::room_for(body) {
        notes_rows(app, map, layout, body.width, spare)
    } else {
        0
    };
    Section {
        which: app.viewer.focus,
        rect: Rect {
            height: (height + notes).min(body.height),
            ..body
        },
        layout,
        titled: title_rows > 0,
        notes,
    }
}

/// Rows for a map's notes: all it needs when `spare` allows, else what there is (when that is
/// worth showing).
pub fn notes_rows(
    app: &Scene<'_>,
    map: &crate::model::Map,
    layout: MapLayout,
    width: u16,
    spare: u16,
) -> u16 {
    // Counted over the whole map (so scrolling does not move rows): once per change, not on
    // every frame.
    let key = (
        map.stages.as_ptr() as usize,
        map.stages.len(),
        layout.box_width.saturating_add(layout.gap),
        width,
    );
    let needed = app.notes_rows_needed(key, || {
        let stickies = Stickies {
            map,
            layout,
            first_stage: 0,
        };
        let columns = app.tallest_notes_column(map, stickies.column_width_cells(), |stage| {
            stickies.stage_lines(stage)
        });
        stickies.rows_needed(width, columns)
    });
    let rows = needed.min(spare);
    if rows >= stickies::MIN_ROWS.min(needed) {
        rows
    } else {
        0
    }
}

/// Rows the notes and comparison panels keep under two maps with notes beside their steps.
const PANELS_KEPT: u16 = 8;

/// Whether the split view has room for the notes and comparison under the maps.
pub fn roomy(body: Rect) -> bool {
    body.height >= 38
}

/// Current state above, future state below.
pub fn split(app: &Scene<'_>, body: Rect) -> Vec<Section> {
    let roomy = roomy(body);
    let bottom = if roomy { 12 } else { 0 };
    // Each map takes the rows its boxes need, at most half of what the bottom panels leave.
    let half = body.height.saturating_sub(bottom) / 2;
    let mut y = body.y;
    let mut sections = Vec::new();
    for which in [Which::Current, Which::Future] {
        let Some(map) = app.session().map(which) else {
            continue;
        };
        let rows = half.saturating_sub(1 + PHASES + LADDER);
        let layout = MapLayout::fit(map, body.width, rows, app.viewer.zoom);
        let height = if roomy {
            (1 + PHASES + layout.stack_height + LADDER).min(half)
        } else {
            half
        };
        sections.push(Section {
            which,
            rect: Rect { y, height, ..body },
            layout,
            titled: true,
            notes: 0,
        });
        y += height;
    }
    if app.viewer.stickies && stickies::room_for(body) {
        // The notes share what the bottom panels would have had, leaving those the few rows
        // that show the selected step and its links.
        let left = body.bottom().saturating_sub(y);
        let panels = if roomy && left >= PANELS_KEPT + stickies::MIN_ROWS {
            PANELS_KEPT
        } else {
            0
        };
        let mut spare = left - panels;
        let mut y = body.y;
        for section in &mut sections {
            if let Some(map) = app.session().map(section.which) {
                section.notes = notes_rows(app, map, section.layout, body.width, spare);
                spare -= section.notes;
                section.rect.height += section.notes;
            }
            section.rect.y = y;
            y += section.rect.height;
        }
    }
    sections
}
