//! The start screen: new session, the built-in demo, and recent sessions newest first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::text::fit;
use super::{draw_footer, overlays, theme};
use crate::app::{App, StartEntry};
use crate::session::recent::RecentSession;

/// A recent session's title, with its folder when another entry has the same title.
fn title_of(recent: &RecentSession, entries: &[StartEntry]) -> String {
    let repeated = entries.iter().any(|entry| {
        matches!(entry, StartEntry::Recent(other)
            if other.title == recent.title && other.path != recent.path)
    });
    let folder = recent
        .path
        .parent()
        .and_then(|p| p.file_name())
        .map(|f| f.to_string_lossy().into_owned());
    match folder {
        Some(folder) if repeated => format!("{} · {folder}/", recent.title),
        _ => recent.title.clone(),
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let [body, status, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let rows = app.start_entries.len() as u16 + 8;
    let rect = overlays::popup(body, 84, rows);
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
    for (i, entry) in app.start_entries.iter().enumerate() {
        let selected = i == app.start_selected;
        let marker = if selected { "▶ " } else { "  " };
        let (name, detail) = match entry {
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
                if let Some(held) = recent.held_on {
                    dates.push(format!("held {held}"));
                }
                let changed = recent.last_changed.unwrap_or(recent.opened);
                dates.push(format!("changed {}", changed.format("%Y-%m-%d %H:%M")));
                dates.push(recent.path.display().to_string());
                (title_of(recent, &app.start_entries), dates.join(" · "))
            }
        };
        let style = if selected {
            theme::selected_name()
        } else {
            theme::name()
        };
        let name_width = (width / 2).max(10);
        lines.push(Line::from(vec![
            Span::styled(marker, theme::selected_border()),
            Span::styled(format!("{:<name_width$}", fit(&name, name_width)), style),
            Span::raw(" "),
            Span::styled(
                fit(&detail, width.saturating_sub(name_width + 3)),
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
    super::draw_status(frame, status, app);
    draw_footer(frame, footer, app);
}
