//! The panels under the map: metrics, and what was said about the selected step and the map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use unicode_width::UnicodeWidthStr;

use super::text::{clean, fit};
use super::theme;
use crate::model::{Annotation, Map, MapMetrics, Step, WorkCalendar, readable};

pub struct MetricsPanel<'a> {
    pub metrics: &'a MapMetrics,
    pub units: readable::Units,
}

impl Widget for &MetricsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::bordered()
            .title(" Metrics ")
            .border_style(theme::border());
        let inner = block.inner(area);
        block.render(area, buf);
        let rows = readable::metric_rows_in(self.metrics, &self.units);
        let lines = metric_lines(rows, inner.width as usize, inner.height as usize);
        for (i, line) in lines.iter().enumerate() {
            buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
        }
    }
}

/// Fewest columns a label is cut to, to tell the rows apart.
const MIN_LABEL: usize = 6;

/// Rows a short panel leaves out first, least telling first.
const LEFT_OUT_FIRST: [&str; 4] = ["Steps", "Handoffs", "Total work", "Rolled %C&A"];

/// Each metric as "Label     value" within `width`, at most `height` lines: a value too long
/// for the line goes on a line of its own when there is one to spare, else the label is cut.
pub fn metric_lines(
    mut rows: Vec<(&'static str, String)>,
    width: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let one_line = |(label, value): &(&str, String)| label.width() + 1 + value.width() <= width;
    let needed = |rows: &[(&str, String)]| {
        rows.iter()
            .map(|row| if one_line(row) { 1 } else { 2 })
            .sum::<usize>()
    };
    for label in LEFT_OUT_FIRST {
        if needed(&rows) <= height {
            break;
        }
        rows.retain(|(l, _)| *l != label);
    }
    // Spare lines go to the rows that do not fit on one, names before figures (whose labels
    // can be cut instead).
    let figure = |value: &str| value.starts_with(|c: char| c.is_ascii_digit());
    let mut spare = height.saturating_sub(rows.len());
    let mut own_line = vec![false; rows.len()];
    for figures in [false, true] {
        for (i, row) in rows.iter().enumerate() {
            if spare > 0 && !one_line(row) && figure(&row.1) == figures {
                own_line[i] = true;
                spare -= 1;
            }
        }
    }
    let mut lines = Vec::new();
    for ((label, value), own_line) in rows.into_iter().zip(own_line) {
        let value = clean(&value);
        if own_line {
            lines.push(Line::raw(label));
            let value = fit(&value, width);
            let pad = width.saturating_sub(value.width());
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(pad)),
                Span::styled(value, theme::value()),
            ]));
            continue;
        }
        // A figure is never cut: its label is, down to a few letters; a long name is cut.
        let label = if figure(&value) && value.width() + 1 + MIN_LABEL <= width {
            fit(label, width.saturating_sub(value.width() + 1))
        } else {
            label.to_string()
        };
        let value = fit(&value, width.saturating_sub(label.width() + 1));
        let pad = width.saturating_sub(label.width() + value.width()).max(1);
        lines.push(Line::from(vec![
            Span::raw(label),
            Span::raw(" ".repeat(pad)),
            Span::styled(value, theme::value()),
        ]));
    }
    lines.truncate(height);
    lines
}

/// Annotation as one line: "[C] text — author".
pub fn annotation_line(annotation: &Annotation, style: Style) -> Line<'static> {
    let mut spans = vec![
        Span::styled(
            format!("[{}] ", annotation.kind.letter()),
            theme::annotation(annotation.kind),
        ),
        Span::styled(super::text::shown(&annotation.text), style),
    ];
    if let Some(author) = &annotation.author {
        spans.push(Span::styled(format!(" — {}", clean(author)), theme::dim()));
    }
    Line::from(spans)
}

pub struct NotesPanel<'a> {
    pub map: &'a Map,
    pub step: Option<&'a Step>,
    pub calendar: &'a WorkCalendar,
    pub totals_in: readable::TotalsIn,
    /// Lines about the step's flow: its queue, rework and whether it is the bottleneck.
    pub flow: Vec<Line<'static>>,
    /// Lines about the other map: origin and changes of a future step, realised ideas.
    pub links: Vec<Line<'static>>,
}

impl Widget for &NotesPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let title = match self.step {
            Some(step) => format!(" {} ", clean(&step.name)),
            None => " Notes ".into(),
        };
        let block = Block::bordered()
            .title(Span::styled(title, theme::title()))
            .border_style(theme::border());
        let mut lines: Vec<Line> = Vec::new();
        if let Some(step) = self.step {
            let mut facts = vec![];
            if !step.owner.is_empty() {
                facts.push(format!("owner {}", clean(&step.owner)));
            }
            if !step.phase.is_empty() {
                facts.push(format!("phase {}", clean(&step.phase)));
            }
            // In the unit of the step's lead time: "LT 9h" and "wait 8 h", never "wait 1 d".
            let units = readable::Units::new(self.calendar, self.totals_in);
            facts.push(format!(
                "wait {}",
                units.beside(step.wait_hours(self.calendar), step.lead_time.unit)
            ));
            lines.push(Line::styled(facts.join(" · "), theme::dim()));
            lines.extend(self.flow.iter().cloned());
            for annotation in &step.annotations {
                lines.push(annotation_line(annotation, Style::new()));
            }
            if step.annotations.is_empty() {
                lines.push(Line::styled("No annotations: n to add", theme::dim()));
            }
            lines.extend(self.links.iter().cloned());
        }
        if !self.map.annotations.is_empty() {
            lines.push(Line::styled("Whole map (N):", theme::title()));
            for annotation in &self.map.annotations {
                lines.push(annotation_line(annotation, Style::new()));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.to_string().trim_end().to_string())
            .collect()
    }

    #[test]
    fn a_long_name_goes_on_its_own_line_or_is_cut_and_a_figure_never_is() {
        let rows = || {
            vec![
                ("Lead time", "22 d".to_string()),
                ("Steps", "8".to_string()),
                ("Queue time (check)", "15 min".to_string()),
                ("Bottleneck", "Leadership approval".to_string()),
            ]
        };
        assert_eq!(
            text(&metric_lines(rows(), 24, 6)),
            [
                "Lead time           22 d",
                "Steps                  8",
                "Queue time (check)",
                "                  15 min",
                "Bottleneck",
                "     Leadership approval",
            ]
        );
        // Two rows short: Steps goes first, then lines are cut, the label of a figure first.
        assert_eq!(
            text(&metric_lines(rows(), 24, 4)),
            [
                "Lead time           22 d",
                "Queue time (chec… 15 min",
                "Bottleneck",
                "     Leadership approval",
            ]
        );
        assert_eq!(
            text(&metric_lines(rows(), 24, 3)),
            [
                "Lead time           22 d",
                "Queue time (chec… 15 min",
                "Bottleneck Leadership a…",
            ]
        );
    }
}
