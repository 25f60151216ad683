//! Windows drawn over the map: forms, the annotation list, help and the quit question.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::panels::annotation_line;
use super::text::{clean, fit, putn};
use super::theme;
use crate::app::form::{FieldValue, Form};
use crate::app::keymap::{Context, Keymap, display_key};
use crate::model::Annotation;

/// A centred window of at most `width` x `height`, kept inside `area`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2)).max(1);
    let height = height.min(area.height.saturating_sub(2)).max(1);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Empties an area for a window, in the theme's colours.
pub fn clear(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    frame.render_widget(Block::new().style(theme::base()), rect);
}

fn window(title: &str) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme::selected_border())
        .title(Span::styled(format!(" {} ", clean(title)), theme::title()))
}

pub fn draw_form(frame: &mut Frame, form: &Form) {
    let area = frame.area();
    let rows = form.fields.len() as u16 * 2 + 3;
    let rect = popup(area, 72, rows);
    clear(frame, rect);
    let block = window(&form.title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_width = 14u16;
    let value_width = inner.width.saturating_sub(label_width + 1) as usize;
    let buf = frame.buffer_mut();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let y = inner.y + i as u16 * 2;
        if y + 1 >= inner.bottom() {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused {
            theme::selected_name()
        } else {
            theme::name()
        };
        putn(
            buf,
            inner.x,
            y,
            field.label,
            label_width as usize,
            label_style,
        );
        let x = inner.x + label_width + 1;
        let (shown, cursor_at) = match &field.value {
            FieldValue::Text(input) => {
                let scroll = input.visual_scroll(value_width.saturating_sub(1));
                let text: String = clean(input.value())
                    .chars()
                    .skip(scroll)
                    .collect::<String>();
                (
                    fit(&text, value_width),
                    input.visual_cursor().saturating_sub(scroll),
                )
            }
            FieldValue::Choice { .. } => (field.display(), 0),
        };
        let underline = Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED);
        putn(buf, x, y, " ".repeat(value_width), value_width, underline);
        putn(buf, x, y, &shown, value_width, underline);
        if focused && matches!(field.value, FieldValue::Text(_)) {
            cursor = Some(Position::new(x + cursor_at as u16, y));
        }
        let (note, style) = match &form.error {
            Some((field_index, message)) if *field_index == i => {
                (format!("✗ {message}"), theme::error())
            }
            _ => (field.hint.to_string(), theme::dim()),
        };
        putn(buf, x, y + 1, fit(&note, value_width), value_width, style);
    }
    let keys = "Tab next field · Enter accept · Esc cancel";
    putn(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        keys,
        inner.width as usize,
        theme::dim(),
    );
    if let Some(position) = cursor {
        frame.set_cursor_position(position);
    }
}

pub fn draw_annotations(
    frame: &mut Frame,
    title: &str,
    annotations: &[Annotation],
    selected: usize,
) {
    let area = frame.area();
    let rect = popup(area, 90, annotations.len() as u16 * 2 + 5);
    clear(frame, rect);
    let block = window(title);
    let mut lines: Vec<Line> = Vec::new();
    if annotations.is_empty() {
        lines.push(Line::styled(
            "Nothing noted yet: press a to add a gap, question, complaint or idea.",
            theme::dim(),
        ));
    }
    for (i, annotation) in annotations.iter().enumerate() {
        let marker = if i == selected { "▶ " } else { "  " };
        let style = if i == selected {
            theme::selected_name()
        } else {
            Style::new()
        };
        let mut line = annotation_line(annotation, style);
        line.spans
            .insert(0, Span::styled(marker, theme::selected_border()));
        lines.push(line);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

/// Every binding of every place, generated from the keymap in force.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (context, bindings) in keymap.all() {
        lines.push(Line::styled(context.title().to_string(), theme::phase()));
        for binding in bindings {
            let keys: Vec<String> = binding.keys.iter().map(|k| display_key(k)).collect();
            let keys = keys.join(" ");
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<22}"), theme::value()),
                Span::raw(binding.help.clone()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "In text fields: ←/→ move, Ctrl+A/E start/end, Ctrl+U clear, Ctrl+W delete word.",
        theme::dim(),
    ));
    lines
}

pub fn draw_help(frame: &mut Frame, keymap: &Keymap, scroll: u16) {
    let area = frame.area();
    let rect = popup(area, 84, area.height);
    clear(frame, rect);
    let lines = help_lines(keymap);
    let max_scroll = (lines.len() as u16).saturating_sub(rect.height.saturating_sub(2));
    Paragraph::new(lines)
        .scroll((scroll.min(max_scroll), 0))
        .block(window("Keys (↑/↓ scroll, Esc close)"))
        .render(rect, frame.buffer_mut());
}

/// A question with its answers, taken from the keymap of its context.
pub fn draw_question(frame: &mut Frame, keymap: &Keymap, context: Context, detail: &str) {
    let locked = format!("{} has this file open.", clean(detail));
    let (title, text) = match context {
        Context::Locked => ("Open in another window", locked.as_str()),
        Context::Export => ("Export", "Write the session beside its file as:"),
        Context::DraftFuture => (
            "Draft the future state",
            "Start the future-state map as a copy of the current one, or empty?",
        ),
        Context::DeleteFuture => (
            "Delete the future state?",
            "The future-state map and its comparison go (u undoes).",
        ),
        Context::CopyMeasured => (
            "Measured times into estimates",
            "Copy the measured p50 or p85 into lead times (u undoes):",
        ),
        _ => ("Quit?", "There are unsaved changes."),
    };
    let keys: Vec<String> = keymap
        .bindings(context)
        .iter()
        .filter_map(|b| {
            Some(format!(
                "{} {}",
                display_key(&b.keys[0]),
                b.footer.as_ref()?
            ))
        })
        .collect();
    let keys = keys.join(" · ");
    let width = keys.width().max(text.width()) as u16 + 4;
    let rect = popup(frame.area(), width, 4);
    clear(frame, rect);
    Paragraph::new(vec![Line::styled(text, theme::title()), Line::raw(keys)])
        .block(window(title))
        .render(rect, frame.buffer_mut());
}
