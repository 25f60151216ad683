//! The top and bottom lines of the map screen: the title with the file or what just happened,
//! and the keys that work here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{clean, fit};
use super::theme;
use crate::app::Scene;
use crate::app::keymap::display_key;

pub fn draw_header(frame: &mut Frame, area: Rect, app: &Scene<'_>) {
    let width = area.width as usize;
    // A status message takes the header's right part (and the title's room if it needs it),
    // so the footer's keys stay in view.
    if let Some(status) = &app.status_line() {
        let style = if status.is_error {
            theme::error()
        } else {
            theme::info()
        };
        let message = clean(&status.text);
        let title_room = width.saturating_sub(message.width() + 9).min(40);
        let mut spans = vec![Span::styled(" vsm ", theme::key()), Span::raw(" ")];
        if title_room >= 8 {
            spans.push(Span::styled(
                fit(&app.session().title, title_room),
                theme::title(),
            ));
            spans.push(Span::raw("  "));
        }
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::styled(
            fit(&message, width.saturating_sub(used)),
            style,
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let file = match &app.file.path {
        Some(path) => path.display().to_string(),
        None => "not saved yet".into(),
    };
    let state = if app.file.path.is_none() {
        Span::raw("")
    } else if app.is_dirty() {
        Span::styled(" ● unsaved ", theme::error())
    } else if app.file.pending {
        Span::styled(" not saved yet ", theme::dim())
    } else {
        Span::styled(" ✓ saved ", theme::info())
    };
    let mut date = String::new();
    if let Some(held) = app.session().held_on {
        date = format!(" · held {held}");
    }
    if let Some(changed) = app.session().last_changed {
        date += &format!(" · changed {}", changed.format("%Y-%m-%d %H:%M"));
    }
    let right = format!("{file}{date}");
    // The title first; file and dates get what is left.
    let title = fit(&app.session().title, width.saturating_sub(30).max(10));
    let right_room = width.saturating_sub(title.chars().count() + 8 + 12);
    let line = Line::from(vec![
        Span::styled(" vsm ", theme::key()),
        Span::raw(" "),
        Span::styled(title, theme::title()),
        Span::raw("  "),
        Span::styled(fit(&right, right_room), theme::dim()),
        state,
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The status message on a line of its own, where a screen has one.
pub fn draw_status(frame: &mut Frame, area: Rect, app: &Scene<'_>) {
    let Some(status) = &app.status_line() else {
        return;
    };
    let style = if status.is_error {
        theme::error()
    } else {
        theme::info()
    };
    let text = fit(&format!(" {}", clean(&status.text)), area.width as usize);
    frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
}

/// The status wrapped to `width`, at most `most` lines: where there is room (the start
/// screen), a refusal to open a file is read whole, what is wrong and how to fix it.
pub fn status_lines(app: &Scene<'_>, width: u16, most: usize) -> Vec<String> {
    match &app.status_line() {
        Some(status) => {
            super::text::wrap(&clean(&status.text), width.saturating_sub(2) as usize, most)
        }
        None => Vec::new(),
    }
}

pub fn draw_status_lines(frame: &mut Frame, area: Rect, app: &Scene<'_>, lines: Vec<String>) {
    let style = match &app.status_line() {
        Some(status) if status.is_error => theme::error(),
        _ => theme::info(),
    };
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| Line::styled(format!(" {line}"), style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The keys that work here, in the keymap's order, as many as fit; "? more" at the end when
/// some are left out (all of them are in help and in the palette).
pub fn draw_footer(frame: &mut Frame, area: Rect, app: &Scene<'_>) {
    let bindings = app.keymap.bindings(app.context());
    let help = bindings
        .iter()
        .find(|b| b.action == crate::app::Action::Help);
    let labelled: Vec<(String, &str)> = bindings
        .iter()
        .filter_map(|b| Some((display_key(&b.keys[0]), b.footer.as_deref()?)))
        .collect();
    let width = area.width as usize;
    let cell = |(key, label): &(String, &str)| key.width() + label.width() + 3;
    let all_fit = labelled.iter().map(cell).sum::<usize>() <= width;
    let unlabelled = labelled.len() < bindings.len();
    let more = match help {
        Some(help) if !all_fit || unlabelled => Some((display_key(&help.keys[0]), "more")),
        _ => None,
    };
    let room = width.saturating_sub(more.as_ref().map_or(0, cell));
    let mut spans = Vec::new();
    let mut used = 0;
    let mut cut = false;
    for item in labelled
        .iter()
        .filter(|(_, label)| more.is_none() || *label != "help")
    {
        if used + cell(item) > room {
            cut = true;
            break;
        }
        used += cell(item);
        spans.push(Span::styled(format!(" {} ", item.0), theme::key()));
        spans.push(Span::raw(format!("{} ", item.1)));
    }
    match more {
        Some((key, label)) => {
            spans.push(Span::styled(format!(" {key} "), theme::key()));
            spans.push(Span::raw(label));
        }
        None if cut => spans.push(Span::raw("…")),
        None => {}
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
