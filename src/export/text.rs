//! Plain text close to what the screen shows, for chat and email: the maps drawn with the
//! app's own widgets (in rows of stages that fit the width), then metrics, steps and
//! annotations. No escape codes.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{report, table};
use crate::model::{AnnotationKind, MapMetrics, Session};
use crate::ui::geometry::{LADDER, MapLayout, PHASES};
use crate::ui::map_view::MapView;
use crate::ui::text::{clean, fit};

/// Narrowest text export; the map needs room for one box and the ladder totals.
pub const MIN_WIDTH: u16 = 40;

pub fn render(session: &Session, width: u16) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    let calendar = &session.calendar;
    for (which, map) in session.maps() {
        out += &format!("{} STATE\n", which.to_uppercase());
        let metrics = MapMetrics::of(map, calendar);
        let layout = MapLayout::fit(map, width, 100, crate::ui::geometry::Zoom::Normal);
        let height = PHASES + layout.stack_height + LADDER;
        let no_marks = HashMap::new();
        let mut first = 0;
        loop {
            let area = Rect::new(0, 0, width, height);
            let mut buffer = Buffer::empty(area);
            MapView {
                map,
                calendar,
                metrics: &metrics,
                selection: None,
                scroll: first,
                layout,
                marks: &no_marks,
                measured: None,
            }
            .render(area, &mut buffer);
            out += &buffer_text(&buffer);
            first += layout.visible_stages;
            if first >= map.stages.len() {
                break;
            }
        }
        out += "\n";
    }
    let table = report::table(session);
    out += &table;
    for (which, map) in session.maps() {
        out += &format!("\nSteps, {which} state\n");
        out += &step_table(&table::rows(map, calendar), width as usize);
    }
    let mut notes = String::new();
    for kind in AnnotationKind::ALL {
        for (step, a) in session
            .current
            .all_annotations()
            .filter(|(_, a)| a.kind == kind)
        {
            let step = step.map(|s| s.name.as_str());
            notes += &note_line(kind, &a.text, a.author.as_deref(), step, width);
        }
    }
    if !notes.is_empty() {
        out += "\nAnnotations\n";
        out += &notes;
    }
    out
}

fn note_line(
    kind: AnnotationKind,
    text: &str,
    author: Option<&str>,
    step: Option<&str>,
    width: u16,
) -> String {
    let on = step
        .map(|s| format!("on {}", clean(s)))
        .unwrap_or_else(|| "whole map".into());
    let by = author
        .map(|a| format!(", {}", clean(a)))
        .unwrap_or_default();
    let line = format!("[{}] {} ({on}{by})", kind.letter(), clean(text));
    wrap_plain(&line, width as usize, "    ")
}

/// Greedy word wrap with an indent on continuation lines.
fn wrap_plain(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if candidate.width() > width && !line.is_empty() {
            out += &format!("{line}\n");
            line = format!("{indent}{word}");
        } else {
            line = candidate;
        }
    }
    out += &format!("{}\n", fit(&line, width));
    out
}

fn step_table(rows: &[table::StepRow], width: usize) -> String {
    let headers = table::HEADERS;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.cells().iter().enumerate() {
            widths[i] = widths[i].max(clean(cell).width());
        }
    }
    // The step name column gives way when the table is too wide.
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, w)| w + 2)
        .sum();
    widths[1] = widths[1].min(width.saturating_sub(others).max(8));
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = fit(c, widths[i]);
                format!("{c}{}", " ".repeat(widths[i] - c.width()))
            })
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out += &line(row.cells().iter().map(|c| c.to_string()).collect());
    }
    out
}

/// A buffer's cells as lines of text, trailing spaces removed.
pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out += line.trim_end();
        out.push('\n');
    }
    out
}
