//! The panels under the map: metrics, and what was said about the selected step and the map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::text::clean;
use super::theme;
use crate::model::{Annotation, Map, MapMetrics, Stage, Step, WorkCalendar, readable};

pub struct MetricsPanel<'a> {
    pub metrics: &'a MapMetrics,
    pub calendar: &'a WorkCalendar,
}

impl Widget for &MetricsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::bordered()
            .title(" Metrics ")
            .border_style(theme::border());
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        for (i, (label, value)) in readable::metric_rows(self.metrics, self.calendar)
            .into_iter()
            .enumerate()
        {
            if i as u16 >= inner.height {
                break;
            }
            let pad = width.saturating_sub(label.len() + value.chars().count());
            let line = Line::from(vec![
                Span::raw(label),
                Span::raw(" ".repeat(pad)),
                Span::styled(value, theme::value()),
            ]);
            buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
        }
    }
}

/// Annotation as one line: "[C] text — author".
pub fn annotation_line(annotation: &Annotation, style: Style) -> Line<'static> {
    let mut spans = vec![
        Span::styled(
            format!("[{}] ", annotation.kind.letter()),
            theme::annotation(annotation.kind),
        ),
        Span::styled(clean(&annotation.text), style),
    ];
    if let Some(author) = &annotation.author {
        spans.push(Span::styled(format!(" — {}", clean(author)), theme::dim()));
    }
    Line::from(spans)
}

pub struct NotesPanel<'a> {
    pub map: &'a Map,
    pub stage: Option<&'a Stage>,
    pub step: Option<&'a Step>,
    pub calendar: &'a WorkCalendar,
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
            facts.push(format!(
                "wait {}",
                readable::hours(step.wait_hours(self.calendar), self.calendar)
            ));
            if let Some(queue) = self.stage.and_then(|s| s.queue.as_ref()) {
                facts.push(format!(
                    "queue before: {} ({} items)",
                    clean(&queue.label),
                    queue.items
                ));
            }
            lines.push(Line::styled(facts.join(" · "), theme::dim()));
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
