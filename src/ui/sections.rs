//! Where each map sits on the map screen, shared by drawing and by mouse hit-testing.

use ratatui::layout::{Position, Rect};

use super::geometry::{self, FOOTER, HEADER, LADDER, MapLayout, PANEL_MIN, PHASES, stack_start};
use crate::app::{App, View};
use crate::model::Which;
use crate::model::map::StepAt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub which: Which,
    /// The map's rows, with its title line when `titled`.
    pub rect: Rect,
    pub layout: MapLayout,
    pub titled: bool,
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
pub fn single(app: &App, body: Rect) -> Section {
    let map = app.map();
    let title_rows = u16::from(app.session.future.is_some());
    let rows = body
        .height
        .saturating_sub(title_rows + PHASES + LADDER + PANEL_MIN);
    let layout = MapLayout::fit(map, body.width, rows, app.zoom);
    let height = title_rows + PHASES + layout.stack_height + LADDER;
    Section {
        which: app.focus,
        rect: Rect {
            height: height.min(body.height),
            ..body
        },
        layout,
        titled: title_rows > 0,
    }
}

/// Whether the split view has room for the notes and comparison under the maps.
pub fn roomy(body: Rect) -> bool {
    body.height >= 38
}

/// Current state above, future state below.
pub fn split(app: &App, body: Rect) -> Vec<Section> {
    let roomy = roomy(body);
    let bottom = if roomy { 12 } else { 0 };
    // Each map takes the rows its boxes need, at most half of what the bottom panels leave.
    let half = body.height.saturating_sub(bottom) / 2;
    let mut y = body.y;
    let mut sections = Vec::new();
    for which in [Which::Current, Which::Future] {
        let Some(map) = app.session.map(which) else {
            continue;
        };
        let rows = half.saturating_sub(1 + PHASES + LADDER);
        let layout = MapLayout::fit(map, body.width, rows, app.zoom);
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
        });
        y += height;
    }
    sections
}

/// The maps as drawn on a screen of `area` (none in the comparison or presentation views).
pub fn map_sections(app: &App, area: Rect) -> Vec<Section> {
    if app.presenting {
        return Vec::new();
    }
    let body = body(area);
    match (&app.session.future, app.view) {
        (Some(_), View::Comparison) => Vec::new(),
        (Some(_), View::Split) => split(app, body),
        _ => vec![single(app, body)],
    }
}

/// The step under a screen position, if any.
pub fn step_at(app: &App, area: Rect, x: u16, y: u16) -> Option<(Which, StepAt)> {
    let section = map_sections(app, area)
        .into_iter()
        .find(|s| s.rect.contains(Position::new(x, y)))?;
    let map = app.session.map(section.which)?;
    let layout = section.layout;
    let focused = section.which == app.focus;
    let (selection, scroll) = if focused {
        (app.selection, app.scroll)
    } else {
        (app.other_selection, app.other_scroll)
    };
    let scroll = geometry::keep_visible(
        scroll,
        selection.stage,
        layout.visible_stages,
        map.stages.len(),
    );
    let top = section.rect.y + u16::from(section.titled) + PHASES;
    let slot_width = layout.box_width + layout.gap;
    let dx = x.checked_sub(section.rect.x)?;
    if dx % slot_width < layout.gap {
        return None;
    }
    let slot = (dx / slot_width) as usize;
    if slot >= layout.visible_stages {
        return None;
    }
    let stage = scroll + slot;
    let steps = map.stages.get(stage)?.steps.len();
    let dy = y.checked_sub(top)?;
    if dy >= layout.stack_height {
        return None;
    }
    let fits = (layout.stack_height / layout.box_height).max(1) as usize;
    let selected_here = (focused && selection.stage == stage).then_some(selection.step);
    let first = stack_start(selected_here.unwrap_or(0), fits);
    let step = first + (dy / layout.box_height) as usize;
    (step < steps).then_some((section.which, StepAt { stage, step }))
}
