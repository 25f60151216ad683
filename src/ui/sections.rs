//! Where each map sits on the map screen and in presentation mode, and how the rows are
//! shared between step boxes and what the room said. The frame records where boxes landed
//! (`Drawn`) for mouse hit-testing.
//!
//! Rows go first to every step of every stage (no step hidden behind "+1 parallel" while rows
//! are free), then to the notes: boxes shrink to their compact form before a note is cut, and
//! notes are cut (each to an equal share, then "+N more") only when even compact boxes leave
//! too few rows.

use ratatui::layout::Rect;

use super::geometry::{FOOTER, HEADER, LADDER, MapLayout, PANEL_MIN, PHASES, Zoom, tallest};
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
    /// The first stage in view: the selected one kept in view, and with two maps the other
    /// map on the same stages.
    pub scroll: usize,
}

/// The screen between the header and the footer.
pub fn body(area: Rect) -> Rect {
    Rect {
        y: area.y + HEADER,
        height: area.height.saturating_sub(HEADER + FOOTER),
        ..area
    }
}

/// The first stage to show of `which`, with `visible` stages in view: the focused map keeps
/// its selection in view, the other map follows it onto the same stages.
pub fn scroll_of(app: &Scene<'_>, which: Which, visible: usize) -> usize {
    let len = |which: Which| app.session().map(which).map_or(0, |m| m.stages.len());
    let focused = crate::app::drawn::keep_visible(
        app.viewer.scroll,
        app.viewer.selection.stage,
        visible,
        len(app.viewer.focus),
    );
    if which == app.viewer.focus {
        focused
    } else {
        focused.min(len(which).saturating_sub(visible.max(1)))
    }
}

/// What one map asks of the rows: its fixed lines, its tallest stack and its notes.
struct Want {
    which: Which,
    /// Title, phase line and ladder.
    fixed: u16,
    tallest: u16,
    /// Box columns (width, gap, stages in view); rows are chosen here.
    columns: MapLayout,
    notes: u16,
    scroll: usize,
}

/// Box heights to try, tallest first.
fn box_heights(zoom: Zoom) -> &'static [u16] {
    match zoom {
        Zoom::Large => &[8, 7, 6, 5],
        Zoom::Normal => &[7, 6, 5],
        Zoom::Compact => &[5],
    }
}

/// Rows for each map (its layout and its notes) in `height` rows, `gaps` rows kept between
/// the maps.
fn share(wants: &[Want], height: u16, gaps: u16, zoom: Zoom) -> Vec<(MapLayout, u16)> {
    let heights = box_heights(zoom);
    let rows_at = |h: u16| -> u32 {
        wants
            .iter()
            .map(|w| u32::from(w.fixed) + u32::from(w.tallest) * u32::from(h))
            .sum::<u32>()
            + u32::from(gaps)
    };
    let notes: u32 = wants.iter().map(|w| u32::from(w.notes)).sum();
    let layout = |w: &Want, h: u16| w.columns.with_rows(w.tallest, w.tallest * h, zoom);
    // The tallest boxes that leave every note its rows.
    if let Some(h) = heights
        .iter()
        .copied()
        .find(|h| rows_at(*h) + notes <= u32::from(height))
    {
        return wants.iter().map(|w| (layout(w, h), w.notes)).collect();
    }
    let smallest = heights[heights.len() - 1];
    // Compact boxes; when even those do not all fit, the tallest stacks give up a box at a
    // time ("+N parallel") until they do.
    let mut shown: Vec<u16> = wants.iter().map(|w| w.tallest).collect();
    let base = |shown: &[u16]| -> u32 {
        wants
            .iter()
            .zip(shown)
            .map(|(w, n)| u32::from(w.fixed) + u32::from(*n) * u32::from(smallest))
            .sum::<u32>()
            + u32::from(gaps)
    };
    while base(&shown) > u32::from(height) {
        let Some(tallest) = shown.iter_mut().filter(|n| **n > 1).max_by_key(|n| **n) else {
            break;
        };
        *tallest -= 1;
    }
    if base(&shown) <= u32::from(height) {
        // The notes share what is left, the smaller needs met first.
        let mut left = (u32::from(height) - base(&shown)) as u16;
        let mut given = vec![0u16; wants.len()];
        let mut order: Vec<usize> = (0..wants.len()).collect();
        order.sort_by_key(|i| wants[*i].notes);
        for (k, i) in order.iter().enumerate() {
            let fair = left / (wants.len() - k) as u16;
            given[*i] = wants[*i].notes.min(fair);
            left -= given[*i];
        }
        return wants
            .iter()
            .zip(shown)
            .zip(given)
            .map(|((w, n), notes)| (w.columns.with_rows(w.tallest, n * smallest, zoom), notes))
            .collect();
    }
    // Not even one compact box per stage: each map its share.
    let each = height.saturating_sub(gaps) / wants.len().max(1) as u16;
    wants
        .iter()
        .map(|w| {
            let rows = each.saturating_sub(w.fixed);
            (w.columns.with_rows(w.tallest, rows, zoom), 0)
        })
        .collect()
}

/// Lays out `maps` (one or two) from `top`, in `height` rows, `gap` blank rows between them.
#[allow(clippy::too_many_arguments)]
fn lay_out(
    app: &Scene<'_>,
    maps: &[Which],
    columns: MapLayout,
    area: Rect,
    height: u16,
    gap: u16,
    titled: bool,
    notes_shown: bool,
    zoom: Zoom,
) -> Vec<Section> {
    let wants: Vec<Want> = maps
        .iter()
        .filter_map(|which| {
            let map = app.session().map(*which)?;
            let scroll = scroll_of(app, *which, columns.visible_stages);
            let notes = if notes_shown {
                // Wrapped once per change, stages in view and width, not on every frame.
                let key = (
                    map.stages.as_ptr() as usize,
                    map.stages
                        .len()
                        .wrapping_mul(65_599)
                        .wrapping_add(scroll.wrapping_mul(257))
                        .wrapping_add(columns.visible_stages),
                    columns.box_width.saturating_add(columns.gap),
                    area.width,
                );
                app.notes_rows_needed(key, || {
                    Stickies {
                        map,
                        layout: columns,
                        first_stage: scroll,
                    }
                    .rows_needed(area.width)
                })
            } else {
                0
            };
            Some(Want {
                which: *which,
                fixed: u16::from(titled) + PHASES + LADDER,
                tallest: tallest(map),
                columns,
                notes,
                scroll,
            })
        })
        .collect();
    // The blank row between two maps goes to the notes when they need it.
    let need: u32 = wants
        .iter()
        .map(|w| u32::from(w.fixed + w.tallest * 5 + w.notes))
        .sum();
    let gap = if need + u32::from(gap) > u32::from(height) {
        0
    } else {
        gap
    };
    let gaps = gap * wants.len().saturating_sub(1) as u16;
    let shares = share(&wants, height, gaps, zoom);
    let mut y = area.y;
    let mut sections = Vec::new();
    for (want, (layout, notes)) in wants.iter().zip(shares) {
        let rows = want.fixed + layout.stack_height + notes;
        sections.push(Section {
            which: want.which,
            rect: Rect {
                y,
                height: rows.min(area.bottom().saturating_sub(y)),
                ..area
            },
            layout,
            titled,
            notes,
            scroll: want.scroll,
        });
        y += rows + gap;
    }
    sections
}

/// Box columns shared by `maps`, so that their stages line up: as `fit` gives them for the
/// map with the most stages.
fn columns(app: &Scene<'_>, maps: &[Which], width: u16) -> MapLayout {
    let widest = maps
        .iter()
        .filter_map(|which| app.session().map(*which))
        .max_by_key(|map| map.stages.len())
        .unwrap_or(&app.session().current);
    MapLayout::fit(widest, width, u16::MAX, app.viewer.zoom)
}

/// The focused map alone, above the notes and metrics panels.
pub fn single(app: &Scene<'_>, body: Rect) -> Section {
    let titled = app.session().future.is_some();
    let maps = [app.viewer.focus];
    let columns = columns(app, &maps, body.width);
    let notes_shown = app.viewer.stickies && stickies::room_for(body);
    let height = body.height.saturating_sub(PANEL_MIN);
    let mut sections = lay_out(
        app,
        &maps,
        columns,
        body,
        height,
        0,
        titled,
        notes_shown,
        app.viewer.zoom,
    );
    sections.pop().unwrap_or(Section {
        which: app.viewer.focus,
        rect: Rect { height: 0, ..body },
        layout: columns,
        titled,
        notes: 0,
        scroll: 0,
    })
}

/// Rows the notes and comparison panels keep under two maps in a tall window.
const PANELS_KEPT: u16 = 8;

/// Whether the split view keeps room for the notes and comparison under the maps.
pub fn roomy(body: Rect) -> bool {
    body.height >= 38
}

/// Current state above, future state below.
pub fn split(app: &Scene<'_>, body: Rect) -> Vec<Section> {
    let maps = [Which::Current, Which::Future];
    let columns = columns(app, &maps, body.width);
    let notes_shown = app.viewer.stickies && stickies::room_for(body);
    let kept = if roomy(body) { PANELS_KEPT } else { 0 };
    let height = body.height.saturating_sub(kept);
    lay_out(
        app,
        &maps,
        columns,
        body,
        height,
        0,
        true,
        notes_shown,
        app.viewer.zoom,
    )
}

/// The maps of presentation mode in `area`: every stage across when that can be done, both
/// maps on the same stages, a blank row between them.
pub fn presenting(app: &Scene<'_>, maps: &[Which], area: Rect, titled: bool) -> Vec<Section> {
    let stages = maps
        .iter()
        .filter_map(|which| app.session().map(*which))
        .map(|map| map.stages.len())
        .max()
        .unwrap_or(1);
    let columns = MapLayout::presenting(stages, area.width, app.viewer.zoom);
    // Large boxes when they show every stage; the compact zoom stays compact.
    let zoom = if columns.box_width >= 24 {
        Zoom::Large
    } else if app.viewer.zoom == Zoom::Compact {
        Zoom::Compact
    } else {
        Zoom::Normal
    };
    lay_out(
        app,
        maps,
        columns,
        area,
        area.height,
        1,
        titled,
        app.viewer.stickies,
        zoom,
    )
}
