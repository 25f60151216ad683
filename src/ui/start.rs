//! The start screen: new session, the built-in demo, and recent sessions newest first.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use super::{draw_footer, overlays, theme};
use crate::app::{Scene, StartEntry};
use crate::session::recent::RecentSession;

/// What tells a recent session apart from others with the same title: the fewest trailing
/// parts of its path that no other one shares ("tailspin.ron", or "b/tailspin.ron"); `None`
/// when its title is its own.
fn telling_part(recent: &RecentSession, entries: &[StartEntry]) -> Option<String> {
    let others: Vec<&RecentSession> = entries
        .iter()
        .filter_map(|entry| match entry {
            StartEntry::Recent(other)
                if other.title == recent.title && other.path != recent.path =>
            {
                Some(other)
            }
            _ => None,
        })
        .collect();
    if others.is_empty() {
        return None;
    }
    let parts = |path: &Path| -> Vec<String> {
        path.components()
            .rev()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let own = parts(&recent.path);
    let others: Vec<Vec<String>> = others.iter().map(|o| parts(&o.path)).collect();
    let count = (1..=own.len())
        .find(|&k| others.iter().all(|o| o.get(..k) != own.get(..k)))
        .unwrap_or(own.len());
    let mut telling: Vec<&str> = own[..count].iter().map(String::as_str).rev().collect();
    if telling.first() == Some(&"/") {
        telling.remove(0);
        return Some(format!("/{}", telling.join("/")));
    }
    Some(telling.join("/"))
}

/// A recent session's name in `width` columns: its title, and when the title repeats, what
/// tells it apart kept whole at the end while the title gives way.
fn name_of(recent: &RecentSession, entries: &[StartEntry], width: usize) -> String {
    let Some(telling) = telling_part(recent, entries) else {
        return fit(&recent.title, width);
    };
    let most = width.saturating_sub(8).max(width / 2);
    let telling = match telling.split_once('/') {
        // The parts that differ are the first and the file name: the middle gives way.
        Some((first, rest)) if telling.width() > most => {
            let file = rest.rsplit('/').next().unwrap_or(rest);
            fit(&format!("{first}/…/{file}"), most)
        }
        _ => fit(&telling, most),
    };
    let room = width.saturating_sub(telling.width() + 3);
    if room < 4 {
        return telling;
    }
    format!("{} · {telling}", fit(&recent.title, room))
}

/// The list is as wide as a wide window allows: paths and dates stay whole on a projector.
fn list_width(area: Rect) -> u16 {
    (area.width * 4 / 5).clamp(84, 180)
}

/// An entry's name (at most `name_room` columns) and what follows it.
fn entry_text(
    entry: &StartEntry,
    entries: &[StartEntry],
    name_room: usize,
    not_saved: &[std::path::PathBuf],
) -> (String, String) {
    match entry {
        StartEntry::NewSession => ("New session".to_string(), "n".to_string()),
        StartEntry::Demo => (
            "Tailspin demo (built in)".to_string(),
            "d · lead time 22 d, 8 steps".to_string(),
        ),
        StartEntry::Recovered(recovered) => (
            format!("Recovered: {}", recovered.title),
            match recovered.changed {
                Some(changed) => format!(
                    "not saved, autosaved {} · Enter to continue",
                    changed.format("%Y-%m-%d %H:%M")
                ),
                None => "not saved · Enter to continue".into(),
            },
        ),
        StartEntry::Recent(recent) => {
            let mut dates = Vec::new();
            if not_saved.contains(&recent.path) {
                let path = recent.path.display();
                let name = name_of(recent, entries, name_room);
                return (name, format!("not saved yet · {path}"));
            }
            if let Some(held) = recent.held_on {
                dates.push(format!("held {held}"));
            }
            let changed = recent.last_changed.unwrap_or(recent.opened);
            dates.push(format!("changed {}", changed.format("%Y-%m-%d %H:%M")));
            dates.push(recent.path.display().to_string());
            (name_of(recent, entries, name_room), dates.join(" · "))
        }
    }
}

pub fn draw(frame: &mut Frame, app: &Scene<'_>) {
    let area = frame.area();
    let status_lines = super::bars::status_lines(app, area.width, 4);
    let [body, status, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(status_lines.len().max(1) as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    let rows = app.start_entries.len() as u16 + 8;
    let rect = overlays::popup(body, list_width(body), rows);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::border())
        .title(Span::styled(
            " vsm: value stream mapping, live ",
            theme::title(),
        ));
    let width = block.inner(rect).width as usize;
    let mut lines = vec![
        Line::styled(
            "Map how one piece of work flows from request to customer, with the room.",
            theme::dim(),
        ),
        Line::raw(""),
    ];
    // The names column is as wide as the longest name (up to half): the rest for paths.
    let texts: Vec<(String, String)> = app
        .start_entries
        .iter()
        .map(|entry| entry_text(entry, app.start_entries, width / 2, app.start_not_saved))
        .collect();
    let name_width = texts
        .iter()
        .map(|(name, _)| name.width())
        .max()
        .unwrap_or(0)
        .clamp(10, (width / 2).max(10));
    for (i, (entry, (name, detail))) in app.start_entries.iter().zip(texts).enumerate() {
        let selected = i == app.start_selected;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected {
            theme::selected_name()
        } else {
            theme::name()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme::selected_border()),
            Span::styled(fit(&name, name_width), style),
            Span::raw(" ".repeat(name_width.saturating_sub(name.width()))),
            Span::raw("   "),
            Span::styled(
                fit(&detail, width.saturating_sub(name_width + 5)),
                theme::dim(),
            ),
        ]));
        let next_is_first_recent =
            matches!(app.start_entries.get(i + 1), Some(StartEntry::Recent(_)))
                && !matches!(entry, StartEntry::Recent(_));
        if next_is_first_recent {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Recent sessions", theme::phase()));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    super::bars::draw_status_lines(frame, status, app, status_lines);
    draw_footer(frame, footer, app);
}
