//! The windows that find things: the command palette (`:`) and jumping to a step (`/`). Both
//! are a line to type in over a list, best match first, the chosen one marked.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::overlays::{clear, popup, window};
use super::text::{fit, putn};
use super::theme;
use crate::app::finder::Finder;
use crate::app::keymap::{Keymap, display_key};
use crate::app::palette::Palette;
use crate::app::search::Search;
use crate::model::Session;

/// One row of a finder: the left column (keys, map) and what it is.
struct Row {
    left: String,
    text: String,
}

pub fn draw_palette(frame: &mut Frame, palette: &Palette, keymap: &Keymap) {
    let rows: Vec<Row> = palette
        .entries(keymap)
        .into_iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(display_key).collect();
            Row {
                left: keys.join(" "),
                text: b.help.clone(),
            }
        })
        .collect();
    let title = format!(
        "Actions: {} · type to filter, Enter runs",
        palette.from.title()
    );
    draw_finder(frame, &title, &palette.finder, &rows);
}

pub fn draw_search(frame: &mut Frame, search: &Search, session: &Session) {
    let rows: Vec<Row> = search
        .results(session)
        .into_iter()
        .map(|found| Row {
            left: format!("{} {}", found.which.name(), found.at.stage + 1),
            text: found.name,
        })
        .collect();
    let title = "Jump to a step · type part of its name, Enter selects";
    draw_finder(frame, title, &search.finder, &rows);
}

fn draw_finder(frame: &mut Frame, title: &str, finder: &Finder, rows: &[Row]) {
    let (query, selected) = (&finder.query, finder.selected);
    let area = frame.area();
    let rect = popup(area, 84, rows.len() as u16 + 5);
    if rect.width < 8 || rect.height < 3 {
        return;
    }
    clear(frame, rect);
    let block = window(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    let buf = frame.buffer_mut();
    let prompt = format!("› {}", query.value());
    putn(
        buf,
        inner.x,
        inner.y,
        fit(&prompt, width),
        width,
        theme::title(),
    );
    let cursor_x = inner.x + (2 + query.visual_cursor()).min(width.saturating_sub(1)) as u16;
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let shown = list.height as usize;
    if rows.is_empty() {
        putn(buf, list.x, list.y, "nothing matches", width, theme::dim());
    }
    // Keep the chosen row in view; the last row says how many are left out.
    let first = (selected + 1).saturating_sub(shown.saturating_sub(1).max(1));
    let left_width = 16.min(width / 3);
    for (row, index) in (first..rows.len()).enumerate().take(shown) {
        let y = list.y + row as u16;
        let left_out = rows.len() - index;
        if row + 1 == shown && left_out > 1 {
            let more = format!("+{left_out} more: type to narrow");
            putn(buf, list.x, y, more, width, theme::dim());
            break;
        }
        let chosen = index == selected;
        let (marker, style) = if chosen {
            ("▶ ", theme::selected_name())
        } else {
            ("  ", Style::new())
        };
        let entry = &rows[index];
        let left = format!("{marker}{:<left_width$} ", fit(&entry.left, left_width));
        putn(buf, list.x, y, &left, width, theme::value());
        let used = left.chars().count();
        let room = width.saturating_sub(used);
        putn(
            buf,
            list.x + used as u16,
            y,
            fit(&entry.text, room),
            room,
            style,
        );
    }
    frame.set_cursor_position(Position::new(cursor_x, inner.y));
}
