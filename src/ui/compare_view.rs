//! The comparison of current and future state: metrics side by side, then what changed step
//! by step and which ideas the future state realises.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::flow_marks::HOURGLASS;
use super::text::clean;
use super::theme;
use crate::model::compare::Comparison;
use crate::model::readable::{ComparisonRow, Units, comparison_rows_in};
use crate::model::{AnnotationKind, Session};

pub struct ComparisonView<'a> {
    pub session: &'a Session,
    pub comparison: &'a Comparison,
    /// Metrics only, without the step-by-step list.
    pub compact: bool,
    /// Lines scrolled past at the top.
    pub scroll: u16,
}

impl ComparisonView<'_> {
    /// Everything, top to bottom: the metrics, then step by step (or, compact, the names of
    /// the new, removed and changed steps).
    pub fn lines(&self) -> Vec<Line<'static>> {
        let mut lines = self.metric_lines();
        if self.compact {
            lines.extend(self.step_names());
        } else {
            lines.extend(self.step_lines());
        }
        lines
    }

    /// "+ new: A, B", "- removed: C", "~ changed: D, E": which steps, in a few lines.
    fn step_names(&self) -> Vec<Line<'static>> {
        let c = self.comparison;
        // A side panel names a few steps: looking up only those keeps a frame on a map of
        // 100,000 steps from naming every step.
        let shown = |ids: &[u64]| ids.iter().copied().take(NAMED).collect::<Vec<_>>();
        let (added, removed) = (shown(&c.added), shown(&c.removed));
        let names = names_of(self.session, added.iter().chain(&removed).copied());
        let list = |ids: &[u64], all: usize| {
            let mut text = ids
                .iter()
                .filter_map(|id| names.get(id).map(|n| clean(n)))
                .collect::<Vec<_>>()
                .join(", ");
            if all > ids.len() {
                text += &format!(" and {} more", all - ids.len());
            }
            text
        };
        let mut changed = c
            .changed
            .iter()
            .take(NAMED)
            .map(|change| clean(&change.name))
            .collect::<Vec<_>>()
            .join(", ");
        if c.changed.len() > NAMED {
            changed += &format!(" and {} more", c.changed.len() - NAMED);
        }
        let (added, removed) = (list(&added, c.added.len()), list(&removed, c.removed.len()));
        let mut lines = Vec::new();
        for (sign, style, text) in [
            ("+ new: ", theme::info(), added),
            ("- removed: ", theme::error(), removed),
            ("~ changed: ", theme::queue(), changed),
        ] {
            if !text.is_empty() {
                lines.push(Line::from(vec![Span::styled(sign, style), Span::raw(text)]));
            }
        }
        lines
    }

    /// The metrics side by side, the count of steps and ideas, and the bottlenecks.
    pub fn metric_lines(&self) -> Vec<Line<'static>> {
        let rows: Vec<_> = comparison_rows_in(self.comparison, &Units::of(self.session))
            .into_iter()
            .filter(|row| !quiet(self.comparison, row.label))
            .collect();
        // Each column as wide as its widest cell, so figures never run together.
        let widest = |header: &str, cell: &dyn Fn(&ComparisonRow) -> &str| {
            rows.iter()
                .map(|row| cell(row).chars().count())
                .chain([header.chars().count()])
                .max()
                .unwrap_or(0)
        };
        let w = [
            widest("", &|r| r.label),
            widest("current", &|r| &r.current),
            widest("future", &|r| &r.future),
            widest("change", &|r| &r.change),
            widest("%", &|r| &r.percent),
        ];
        let mut lines = vec![Line::styled(
            format!(
                "{:<a$}  {:>b$}  {:>c$}  {:>d$}  {:>e$}",
                "",
                "current",
                "future",
                "change",
                "%",
                a = w[0],
                b = w[1],
                c = w[2],
                d = w[3],
                e = w[4]
            ),
            theme::dim(),
        )];
        for row in rows {
            let style = match row.improved {
                Some(true) => theme::info(),
                Some(false) => theme::error(),
                None => Style::new(),
            };
            lines.push(Line::from(vec![
                Span::raw(format!("{:<a$}", row.label, a = w[0])),
                Span::styled(format!("  {:>b$}", row.current, b = w[1]), theme::value()),
                Span::styled(format!("  {:>c$}", row.future, c = w[2]), theme::value()),
                Span::styled(
                    format!(
                        "  {:>d$}  {:>e$}",
                        row.change,
                        row.percent,
                        d = w[3],
                        e = w[4]
                    ),
                    style,
                ),
                Span::styled(format!("  {}", row.verdict()), style),
            ]));
        }
        let c = self.comparison;
        lines.push(Line::from(vec![
            Span::raw(format!(
                "Steps: {} new, {} removed, {} changed · ",
                c.added.len(),
                c.removed.len(),
                c.changed.len()
            )),
            Span::styled(
                format!(
                    "ideas: {} realised, {} open",
                    c.ideas_realised, c.ideas_open
                ),
                theme::annotation(AnnotationKind::Idea),
            ),
        ]));
        if let Some(line) = bottleneck_line(c) {
            lines.push(line);
        }
        lines
    }

    /// Step by step: new, removed, open ideas, changed with what changed.
    pub fn step_lines(&self) -> Vec<Line<'static>> {
        let c = self.comparison;
        let mut lines = Vec::new();
        let current = &self.session.current;
        let names = names_of(self.session, c.added.iter().chain(&c.removed).copied());
        let name_in = |_: &crate::model::Map, id: u64| {
            names.get(&id).map(|name| clean(name)).unwrap_or_default()
        };
        if let Some(future) = &self.session.future {
            for id in &c.added {
                lines.push(Line::from(vec![
                    Span::styled("  + new      ", theme::info()),
                    Span::raw(name_in(future, *id)),
                ]));
            }
        }
        for id in &c.removed {
            lines.push(Line::from(vec![
                Span::styled("  - removed  ", theme::error()),
                Span::raw(name_in(current, *id)),
            ]));
        }
        let open_ideas = current
            .all_annotations()
            .filter(|(_, a)| a.kind == AnnotationKind::Idea && a.realised_by.is_empty());
        for (step, idea) in open_ideas {
            let on = step
                .map(|s| format!(" (on {})", clean(&s.name)))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled("  [I] open   ", theme::annotation(AnnotationKind::Idea)),
                Span::raw(format!("{}{on}", super::text::shown(&idea.text))),
            ]));
        }
        if self.session.future.is_some() {
            for change in &c.changed {
                lines.push(Line::from(vec![
                    Span::styled("  ~ changed  ", theme::queue()),
                    Span::raw(format!(
                        "{}: {}",
                        clean(&change.name),
                        clean(&change.said())
                    )),
                ]));
            }
        }
        lines
    }
}

/// Rows that only add noise here: rework and queue time that are zero in both maps (and the
/// with-rework figures, then the same as those without). Exports keep them.
fn quiet(comparison: &Comparison, label: &str) -> bool {
    let zero_in_both = |key: &str| {
        comparison
            .metrics
            .iter()
            .find(|m| m.key == key)
            .is_some_and(|m| m.current.unwrap_or(0.0) == 0.0 && m.future.unwrap_or(0.0) == 0.0)
    };
    let keys: &[&str] = match label {
        "Rework" | "LT with rework" | "Ratio w/ rework" => &["rework_hours"],
        "Queue time" => &["queue_time_hours"],
        _ => &[],
    };
    keys.iter().any(|key| zero_in_both(key))
}

/// "⧗ Bottleneck: current Leadership approval → future Triage bugs", or "… Testing in both".
fn bottleneck_line(comparison: &Comparison) -> Option<Line<'static>> {
    let (now, next) = &comparison.bottleneck;
    if now.is_none() && next.is_none() {
        return None;
    }
    let name = |step: &Option<String>| step.as_deref().map(clean).unwrap_or("none".into());
    let text = if now == next {
        format!("{HOURGLASS} Bottleneck: {} in both", name(now))
    } else {
        format!(
            "{HOURGLASS} Bottleneck: current {} → future {}",
            name(now),
            name(next)
        )
    };
    Some(Line::styled(text, theme::flag()))
}

impl Widget for &ComparisonView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::bordered()
            .title(Span::styled(
                " Current → future (= full screen) ",
                theme::title(),
            ))
            .border_style(theme::border());
        let inner = block.inner(area);
        block.render(area, buf);
        let metrics = self.metric_lines();
        let widest = metrics.iter().map(Line::width).max().unwrap_or(0) as u16;
        // A wide window shows the steps in a column of their own beside the metrics.
        if !self.compact && inner.width >= 120 && widest + 40 <= inner.width {
            let left = Rect {
                width: widest + 2,
                ..inner
            };
            let right = Rect {
                x: inner.x + widest + 4,
                width: inner.width - widest - 4,
                ..inner
            };
            Paragraph::new(metrics)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .render(left, buf);
            let mut steps = vec![Line::styled("Step by step", theme::title())];
            steps.extend(self.step_lines());
            Paragraph::new(steps)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .render(right, buf);
            return;
        }
        Paragraph::new(self.lines())
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .render(inner, buf);
    }
}

/// How many steps a side panel names in each list before "and N more".
const NAMED: usize = 12;

/// The names of the steps `ids` (in either map), looked up in one pass and only when asked for.
fn names_of(
    session: &crate::model::Session,
    ids: impl Iterator<Item = u64>,
) -> std::collections::HashMap<u64, &str> {
    let wanted: std::collections::HashSet<u64> = ids.collect();
    if wanted.is_empty() {
        return std::collections::HashMap::new();
    }
    session
        .maps()
        .into_iter()
        .flat_map(|(_, map)| map.steps())
        .filter(|s| wanted.contains(&s.id))
        .map(|s| (s.id, s.name.as_str()))
        .collect()
}
