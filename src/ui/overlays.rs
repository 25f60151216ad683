//! Windows drawn over the map: forms, the annotation list, help and the quit question.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::panels::annotation_line;
use super::text::{clean, fit, putn, wrap};
use super::theme;
use crate::app::form::{FieldValue, Form, FormKind};
use crate::app::keymap::{Context, Keymap, display_key};
use crate::app::step_entry;
use crate::model::Annotation;
use crate::model::WorkCalendar;

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

pub fn window(title: &str) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme::selected_border())
        .title(Span::styled(format!(" {} ", clean(title)), theme::title()))
}

/// What is written under a field: its error (wrapped, never cut), what a new step's name line
/// was understood as, or its hint.
fn field_notes(
    form: &Form,
    index: usize,
    width: usize,
    calendar: &WorkCalendar,
) -> Vec<(String, Style)> {
    let field = &form.fields[index];
    if let Some((at, message)) = &form.error
        && *at == index
    {
        return wrap(&format!("✗ {message}"), width, 4)
            .into_iter()
            .map(|line| (line, theme::error()))
            .collect();
    }
    if field.label == "Name"
        && let Some((preview, warns)) = step_entry::preview(form, calendar)
    {
        let style = if warns { theme::flag() } else { theme::info() };
        return vec![(fit(&preview, width), style)];
    }
    vec![(fit(field.hint, width), theme::dim())]
}

pub fn draw_form(frame: &mut Frame, form: &Form, calendar: &WorkCalendar) {
    let area = frame.area();
    let label_width = 14u16;
    let value_width = popup(area, 72, 1).width.saturating_sub(label_width + 3) as usize;
    let notes: Vec<_> = (0..form.fields.len())
        .map(|i| field_notes(form, i, value_width, calendar))
        .collect();
    // A new step's form says the one-line grammar above its keys.
    let inner_width = popup(area, 72, 1).width.saturating_sub(2) as usize;
    let grammar = match form.kind {
        FormKind::NewStep(_) => step_entry::GRAMMAR_HINT
            .iter()
            .flat_map(|line| wrap(line, inner_width, 2))
            .collect(),
        _ => Vec::new(),
    };
    let footer_rows = 1 + grammar.len() as u16;
    let rows = notes.iter().map(|n| 1 + n.len() as u16).sum::<u16>() + 2 + footer_rows;
    let rect = popup(area, 72, rows);
    clear(frame, rect);
    let block = window(&form.title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let buf = frame.buffer_mut();
    let mut cursor = None;
    let mut y = inner.y;
    // The focused field and its error stay in view in a short window.
    let needed: u16 = notes[..form.focus.min(notes.len())]
        .iter()
        .map(|n| 1 + n.len() as u16)
        .sum();
    let focus_rows = 1 + notes.get(form.focus).map_or(0, |n| n.len() as u16);
    let room = inner.height.saturating_sub(footer_rows);
    let mut skip = (needed + focus_rows).saturating_sub(room);
    for (i, field) in form.fields.iter().enumerate() {
        let height = 1 + notes[i].len() as u16;
        if skip > 0 {
            skip = skip.saturating_sub(height);
            continue;
        }
        if y + height > inner.bottom().saturating_sub(footer_rows) {
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
                super::field_window::field_window(input.value(), input.cursor(), value_width)
            }
            FieldValue::Choice { .. } => (field.display(), 0),
        };
        let underline = Style::new().add_modifier(Modifier::UNDERLINED);
        // A selected value shows as selected: typing replaces it.
        let value_style = if focused && field.selected {
            underline.add_modifier(Modifier::REVERSED)
        } else {
            underline
        };
        putn(buf, x, y, " ".repeat(value_width), value_width, underline);
        putn(buf, x, y, &shown, value_width, value_style);
        if focused && matches!(field.value, FieldValue::Text(_)) {
            cursor = Some(Position::new(x + cursor_at as u16, y));
        }
        for (row, (note, style)) in notes[i].iter().enumerate() {
            putn(buf, x, y + 1 + row as u16, note, value_width, *style);
        }
        y += height;
    }
    for (row, line) in grammar.iter().enumerate() {
        let y = inner.bottom().saturating_sub(footer_rows) + row as u16;
        putn(buf, inner.x, y, line, inner.width as usize, theme::info());
    }
    let keys = if form.dictation {
        "Enter adds, next step follows · Esc ends dictation · ? or F1 help"
    } else {
        "Tab next field · Enter accept · Esc cancel · ? or F1 help"
    };
    putn(
        buf,
        inner.x,
        inner.bottom().saturating_sub(1),
        fit(keys, inner.width as usize),
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

/// Every binding of every place, generated from the keymap in force: the place help was
/// opened from first, then the others; only bindings whose keys or words contain `filter`.
pub fn help_lines(
    keymap: &Keymap,
    from: Context,
    filter: &str,
    width: usize,
    guide: Option<&(String, Vec<&'static str>)>,
) -> Vec<Line<'static>> {
    let filter = filter.to_lowercase();
    let mut places = keymap.all().to_vec();
    places.sort_by_key(|(context, _)| *context != from);
    let mut lines = Vec::new();
    // Inside a form: that form's own keys and grammar first.
    if let Some((heading, guide)) = guide {
        let shown: Vec<_> = guide
            .iter()
            .filter(|g| filter.is_empty() || g.to_lowercase().contains(&filter))
            .collect();
        if !shown.is_empty() {
            lines.push(Line::styled(clean(heading), theme::phase()));
            for text in shown {
                for (i, part) in wrap(text, width.saturating_sub(4).max(10), 12)
                    .into_iter()
                    .enumerate()
                {
                    let bullet = if i == 0 { "  • " } else { "    " };
                    lines.push(Line::raw(format!("{bullet}{part}")));
                }
            }
            lines.push(Line::raw(""));
        }
    }
    for (context, bindings) in places {
        let keys_of = |binding: &crate::app::keymap::Binding| {
            let keys: Vec<String> = binding.keys.iter().map(display_key).collect();
            keys.join(" ")
        };
        let shown: Vec<_> = bindings
            .iter()
            .filter(|b| {
                filter.is_empty()
                    || b.help.to_lowercase().contains(&filter)
                    || keys_of(b).to_lowercase().contains(&filter)
            })
            .collect();
        if shown.is_empty() {
            continue;
        }
        let here = if context == from { " (here)" } else { "" };
        lines.push(Line::styled(
            format!("{}{here}", context.title()),
            theme::phase(),
        ));
        // Descriptions wrap under themselves, never under the keys.
        let room = width.saturating_sub(24).max(10);
        for binding in shown {
            for (i, part) in wrap(&binding.help, room, 8).into_iter().enumerate() {
                let keys = if i == 0 {
                    keys_of(binding)
                } else {
                    String::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<22}"), theme::value()),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::raw(""));
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            format!("No key does '{}': Backspace to widen", clean(&filter)),
            theme::dim(),
        ));
    }
    lines.push(Line::styled(
        "In text fields: ←/→ move, Ctrl+A/E start/end, Ctrl+U clear, Ctrl+W delete word.",
        theme::dim(),
    ));
    lines
}

pub fn draw_help(
    frame: &mut Frame,
    keymap: &Keymap,
    from: Context,
    filter: &str,
    scroll: u16,
    guide: Option<&(String, Vec<&'static str>)>,
) {
    let area = frame.area();
    let rect = popup(area, 84, area.height);
    clear(frame, rect);
    let width = rect.width.saturating_sub(2) as usize;
    let lines = help_lines(keymap, from, filter, width, guide);
    let max_scroll = (lines.len() as u16).saturating_sub(rect.height.saturating_sub(2));
    let title = if filter.is_empty() {
        "Keys · type to filter · ↑/↓ scroll · Esc close".to_string()
    } else {
        format!("Keys with '{filter}' · Backspace widens · Esc close")
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(max_scroll), 0))
        .block(window(&title))
        .render(rect, frame.buffer_mut());
}

/// A question with its answers, taken from the keymap of its context.
pub fn draw_question(frame: &mut Frame, keymap: &Keymap, context: Context, detail: &str) {
    let locked = format!("{} has this file open.", clean(detail));
    let (title, text) = match context {
        Context::Locked => ("Open in another window", locked.as_str()),
        Context::Export => ("Export", "Write the session beside its file as:"),
        Context::ChangedOnDisk => (
            "Changed on disk",
            "Another program changed the file since vsm saved it. Whose version to keep?",
        ),
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
    // In a narrow window the answers wrap rather than lose their last words.
    let inner = popup(frame.area(), width, 4).width.saturating_sub(2).max(1) as usize;
    let mut lines = wrap(text, inner, 3);
    let text_rows = lines.len();
    lines.extend(wrap(&keys, inner, 4));
    let rect = popup(frame.area(), width, lines.len() as u16 + 2);
    clear(frame, rect);
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| match i < text_rows {
            true => Line::styled(line, theme::title()),
            false => Line::raw(line),
        })
        .collect();
    Paragraph::new(lines)
        .block(window(title))
        .render(rect, frame.buffer_mut());
}
