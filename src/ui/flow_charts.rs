//! The charts of the flow screen, built on ratatui's BarChart, Chart and Sparkline, and one
//! small widget of our own: done items per period stacked by type (ratatui's bars do not stack).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, Block, Chart, Dataset, GraphType, Sparkline, Widget};

use super::text::{clean, first_fit, put, putn};
use super::theme;
use crate::measure::period;
use crate::model::FlowSummary;
use crate::model::duration::trim_number;

fn panel(title: String) -> Block<'static> {
    Block::bordered()
        .border_style(theme::border())
        .title(Span::styled(title, theme::title()))
}

/// How many of the latest periods fit `width` columns at `per` columns each.
fn latest(summary: &FlowSummary, width: u16, per: u16) -> usize {
    summary.periods.len().min((width / per.max(1)) as usize)
}

/// A dim line of text at the top of `area`, cut at its width.
fn caption(buf: &mut Buffer, area: Rect, text: String) {
    putn(buf, area.x, area.y, text, area.width as usize, theme::dim());
}

fn range_label(summary: &FlowSummary, shown: usize) -> String {
    let periods = &summary.periods[summary.periods.len() - shown..];
    match (periods.first(), periods.last()) {
        (Some(first), Some(last)) => format!(
            "{} … {}",
            period::label(summary.period, first.start),
            period::label(summary.period, last.start)
        ),
        _ => "no periods".into(),
    }
}

/// Flow velocity: the whole history as a sparkline, the latest periods as bars.
pub struct Velocity<'a>(pub &'a FlowSummary);

impl Widget for Velocity<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let block = panel(format!(" Velocity: done per {} ", s.period.name()));
        let inner = block.inner(area);
        block.render(area, buf);
        let [history, bars] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).areas(inner);
        let all: Vec<u64> = s.periods.iter().map(|p| p.done as u64).collect();
        // The whole history squeezed into the width: the busiest period of each column.
        let columns = history.width.max(1) as usize;
        let per = all.len().div_ceil(columns).max(1);
        let squeezed: Vec<u64> = all
            .chunks(per)
            .map(|c| c.iter().copied().max().unwrap_or(0))
            .collect();
        caption(
            buf,
            history,
            format!("all {} {}s", all.len(), s.period.name()),
        );
        Sparkline::default()
            .data(&squeezed)
            .style(theme::work())
            .render(
                Rect {
                    y: history.y + 1,
                    height: 1,
                    ..history
                },
                buf,
            );
        let width = if bars.width >= 90 { 3 } else { 2 };
        let shown = latest(s, bars.width, width + 1);
        let periods = &s.periods[s.periods.len() - shown..];
        let [label, chart, axis] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(bars);
        caption(buf, label, range_label(s, shown));
        let values: Vec<u64> = periods.iter().map(|p| p.done as u64).collect();
        let data: Vec<Bar> = values
            .iter()
            .map(|v| Bar::new(*v).text_value(count_inside(*v, &values, chart.height, width)))
            .collect();
        BarChart::new(data)
            .bar_width(width)
            .bar_gap(1)
            .bar_style(theme::work())
            .value_style(theme::value())
            .render(chart, buf);
        counts_above(buf, chart, &values, width);
        let labels = periods
            .iter()
            .map(|p| period::axis_label(s.period, p.start));
        axis_labels(buf, axis, labels, width);
    }
}

/// How many eighths of a cell ratatui's BarChart gives `value` in `height` rows.
fn ticks(value: u64, values: &[u64], height: u16) -> u64 {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    value * u64::from(height) * 8 / max
}

/// The count ratatui draws inside a bar: only where the bar's bottom cell is full and the
/// count fits its width. Beside a partial block it would read as one figure ("2▂").
fn count_inside(value: u64, values: &[u64], height: u16, width: u16) -> String {
    let text = value.to_string();
    if ticks(value, values, height) >= 8 && text.len() <= width as usize {
        text
    } else {
        String::new()
    }
}

/// The counts of bars too short to hold them, on the row just above each bar's top (bars
/// `width` wide, one column apart, from the left of `area`). A count wider than its bar is
/// left out rather than drawn over the next one.
fn counts_above(buf: &mut Buffer, area: Rect, values: &[u64], width: u16) {
    for (i, value) in values.iter().enumerate() {
        let text = value.to_string();
        let ticks = ticks(*value, values, area.height);
        if *value == 0 || ticks >= 8 || text.len() > width as usize {
            continue;
        }
        let rows = ticks.div_ceil(8) as u16;
        let Some(y) = area.bottom().checked_sub(1 + rows).filter(|y| *y >= area.y) else {
            continue;
        };
        let x = area.x + i as u16 * (width + 1) + (width - text.len() as u16) / 2;
        put(buf, x, y, text, theme::value());
    }
}

/// Labels under bars `width` wide and one column apart, centred; a label that would touch the
/// one before or pass the right edge is left out.
fn axis_labels(buf: &mut Buffer, area: Rect, labels: impl Iterator<Item = String>, width: u16) {
    let mut free = area.x;
    for (i, label) in labels.enumerate() {
        let len = label.chars().count() as u16;
        let x = area.x + i as u16 * (width + 1) + width.saturating_sub(len) / 2;
        if x < free || x + len > area.right() {
            continue;
        }
        put(buf, x, area.y, &label, theme::dim());
        free = x + len + 1;
    }
}

/// Flow time of done items, in bins of elapsed days, with the bins of p50 and p85 labelled.
pub struct FlowTime<'a>(pub &'a FlowSummary);

impl Widget for FlowTime<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        // Never more bins than the panel has columns for (two cells a bar at least).
        let merged = s
            .flow_time
            .histogram
            .merged((area.width as usize / 2).max(1));
        let h = &merged;
        let figures = format!(
            "p50 {} p85 {}",
            elapsed_days(s.flow_time.p50_hours),
            elapsed_days(s.flow_time.p85_hours)
        );
        let n = s.flow_time.n;
        // The figures stay whole: the words give way first. "Elapsed" is in the caption when
        // it is not in the title.
        let room = area.width.saturating_sub(2) as usize;
        let title = first_fit(
            &[
                format!(" Flow time, elapsed: {figures} n{n} "),
                format!(" Flow time {figures} n{n} "),
                format!(" {figures} n{n} "),
                format!(" {figures} "),
            ],
            room,
        );
        let block = panel(title);
        let inner = block.inner(area);
        block.render(area, buf);
        let bin = |hours: Option<f64>| {
            hours.map(|v| {
                ((v / h.bin_hours.max(1e-9)) as usize).min(h.counts.len().saturating_sub(1))
            })
        };
        let (p50, p85) = (bin(s.flow_time.p50_hours), bin(s.flow_time.p85_hours));
        let bins = h.counts.len().max(1) as u16;
        let width = (inner.width / bins).saturating_sub(1).clamp(1, 6);
        let [label, chart] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        // The bottom row of the chart holds the p50 and p85 labels.
        let bars = Rect {
            height: chart.height.saturating_sub(1),
            ..chart
        };
        let values: Vec<u64> = h.counts.iter().map(|c| *c as u64).collect();
        let data: Vec<Bar> = values
            .iter()
            .enumerate()
            .map(|(i, count)| {
                let label = match (Some(i) == p50, Some(i) == p85) {
                    (true, true) if width >= 5 => "50/85",
                    (true, true) => "**",
                    (true, false) if width >= 3 => "p50",
                    (true, false) => "50",
                    (false, true) if width >= 3 => "p85",
                    (false, true) => "85",
                    _ => "",
                };
                let style = if label.is_empty() {
                    theme::wait()
                } else {
                    theme::value()
                };
                Bar::new(*count)
                    .label(Line::from(label))
                    .style(style)
                    .text_value(count_inside(*count, &values, bars.height, width))
            })
            .collect();
        let bin_days = elapsed_days(Some(h.bin_hours));
        let text = first_fit(
            &[
                format!(
                    "{} bins of {bin_days} elapsed, the last also longer",
                    h.counts.len()
                ),
                format!(
                    "{} bins of {bin_days} elapsed, last {}+",
                    h.counts.len(),
                    elapsed_days(Some(h.bin_hours * h.counts.len().saturating_sub(1) as f64))
                ),
                format!("bins of {bin_days} elapsed"),
            ],
            label.width as usize,
        );
        caption(buf, label, text);
        BarChart::new(data)
            .bar_width(width)
            .bar_gap(1)
            .value_style(theme::value())
            .label_style(theme::title())
            .render(chart, buf);
        counts_above(buf, bars, &values, width);
    }
}

/// Elapsed hours as days for the flow screen: "2.6d".
pub fn elapsed_days(hours: Option<f64>) -> String {
    hours.map_or("n/a".into(), |h| {
        format!("{}d", trim_number((h / 24.0 * 10.0).round() / 10.0))
    })
}

/// Flow load: items in progress at the end of each period, as a line over the whole history.
pub struct Load<'a>(pub &'a FlowSummary);

impl Widget for Load<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let points: Vec<(f64, f64)> = s
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, p.load as f64))
            .collect();
        let top = s.periods.iter().map(|p| p.load).max().unwrap_or(0).max(1);
        let now = s.periods.last().map_or(0, |p| p.load);
        let label = |i: usize| {
            s.periods
                .get(i)
                .map(|p| period::label(s.period, p.start))
                .unwrap_or_default()
        };
        let dataset = Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme::wait())
            .data(&points);
        Chart::new(vec![dataset])
            .block(panel(format!(" Load: in progress, now {now} ")))
            .x_axis(
                Axis::default()
                    .bounds([0.0, (points.len().max(2) - 1) as f64])
                    .labels([label(0), label(points.len().saturating_sub(1))])
                    .style(theme::dim()),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, top as f64])
                    .labels(["0".to_string(), top.to_string()])
                    .style(theme::dim()),
            )
            .render(area, buf);
    }
}

/// Fill characters that tell types apart without colour.
const FILLS: [&str; 6] = ["█", "▓", "▒", "░", "▚", "▞"];

/// Flow distribution: done items of the latest periods, one row each, stacked by type.
pub struct Distribution<'a>(pub &'a FlowSummary);

impl Widget for Distribution<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let block = panel(" Distribution: done by type ".into());
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 {
            return;
        }
        let style = |t: usize| match t % 3 {
            0 => theme::work(),
            1 => theme::error(),
            _ => theme::wait(),
        };
        let legend: Vec<Span> = s
            .types
            .iter()
            .enumerate()
            .flat_map(|(t, kind)| {
                [
                    Span::styled(FILLS[t % FILLS.len()], style(t)),
                    Span::raw(format!(" {} ", clean(kind))),
                ]
            })
            .collect();
        Line::from(legend).render(Rect { height: 1, ..inner }, buf);
        let rows = (inner.height - 1) as usize;
        let periods = &s.periods[s.periods.len().saturating_sub(rows)..];
        let label_width = periods
            .iter()
            .map(|p| period::label(s.period, p.start).chars().count())
            .max()
            .unwrap_or(0);
        let room = (inner.width as usize).saturating_sub(label_width + 6);
        let top = periods.iter().map(|p| p.done).max().unwrap_or(0).max(1);
        for (row, p) in periods.iter().enumerate() {
            let y = inner.y + 1 + row as u16;
            let mut x = inner.x;
            let label = format!("{:<label_width$} ", period::label(s.period, p.start));
            putn(buf, x, y, &label, inner.width as usize, theme::dim());
            x += label.chars().count() as u16;
            let mut filled = 0usize;
            let mut before = 0usize;
            for (t, count) in p.by_type.iter().enumerate() {
                before += count;
                // Cumulative rounding keeps the stacked total exact.
                let end = (before * room).div_ceil(top).min(room);
                let cells = end.saturating_sub(filled);
                put(
                    buf,
                    x + filled as u16,
                    y,
                    FILLS[t % FILLS.len()].repeat(cells),
                    style(t),
                );
                filled = end.max(filled);
            }
            let right = inner.right().saturating_sub(x + filled as u16 + 1) as usize;
            putn(
                buf,
                x + filled as u16 + 1,
                y,
                p.done.to_string(),
                right,
                Style::new(),
            );
        }
    }
}
