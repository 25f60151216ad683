//! The map: phase names, step boxes left to right with parallel steps stacked, arrows and
//! queue markers between stages, and the timeline ladder under them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::flow_marks;
use super::geometry::{LADDER, MapLayout, PHASES, stack_start};
use super::measured_box::box_figures;
use super::step_box::StepBox;
use super::text::{fit, put, putn};
use super::theme;
use crate::model::map::StepAt;
use crate::model::{FlowSummary, Map, MapMetrics, WorkCalendar, readable};

pub struct MapView<'a> {
    pub map: &'a Map,
    pub calendar: &'a WorkCalendar,
    pub metrics: &'a MapMetrics,
    pub selection: Option<StepAt>,
    pub scroll: usize,
    pub layout: MapLayout,
    /// Marks on future-state steps ("new", "changed"), by step id.
    pub marks: &'a std::collections::HashMap<u64, &'static str>,
    /// Measured figures of this map's steps, shown beside the estimates.
    pub measured: Option<&'a FlowSummary>,
    /// How the session tells its figures (auto, or in hours, days, weeks).
    pub units: readable::Units,
}

impl MapView<'_> {
    fn visible(&self) -> std::ops::Range<usize> {
        let end = (self.scroll + self.layout.visible_stages).min(self.map.stages.len());
        self.scroll.min(end)..end
    }
}

impl Widget for &MapView<'_> {
    /// Drawn on a copy of `area` and copied back: boxes, rungs and loops placed by arithmetic
    /// can never reach past the area, however narrow the caller made it.
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let mut own = Buffer::empty(area);
        for position in area.positions() {
            own[position] = buf[position].clone();
        }
        self.render_inside(area, &mut own);
        for position in area.positions() {
            buf[position] = own[position].clone();
        }
    }
}

impl MapView<'_> {
    fn render_inside(&self, area: Rect, buf: &mut Buffer) {
        if area.height < PHASES + LADDER + 3 || area.width < self.layout.gap + 2 {
            return;
        }
        if self.map.stages.is_empty() {
            let hint = "No steps yet: press a to add the first step, t for title and calendar";
            putn(
                buf,
                area.x + 2,
                area.y + 2,
                hint,
                area.width as usize - 2,
                theme::dim(),
            );
            return;
        }
        let layout = self.layout;
        let Some(stacks) = self.stacks_area(area) else {
            return;
        };
        let ladder = Rect {
            y: stacks.bottom(),
            height: LADDER,
            ..area
        };
        self.render_phases(Rect { height: 1, ..area }, buf);
        for (slot, stage) in self.visible().enumerate() {
            let x = layout.slot_x(area.x, slot);
            self.render_gap(stage, x, stacks, buf);
            self.render_stack(stage, x + layout.gap, stacks, buf);
        }
        self.render_ladder(ladder, buf);
        // More stages than fit: say so at the edges.
        let range = self.visible();
        if range.start > 0 {
            let more = format!("◀{}", range.start);
            putn(
                buf,
                area.x,
                area.y,
                more,
                layout.gap as usize - 1,
                theme::dim(),
            );
        }
        if range.end < self.map.stages.len() {
            let more = format!("{} more ▶", self.map.stages.len() - range.end);
            let x = area.right().saturating_sub(more.width() as u16);
            put(buf, x, area.y, more, theme::dim());
        }
    }
}

impl MapView<'_> {
    fn render_phases(&self, row: Rect, buf: &mut Buffer) {
        let layout = self.layout;
        let range = self.visible();
        let mut slot = 0;
        while slot < range.len() {
            let phase = self.stage_phase(range.start + slot);
            let mut end = slot;
            while end + 1 < range.len() && self.stage_phase(range.start + end + 1) == phase {
                end += 1;
            }
            if !phase.is_empty() {
                let x = layout.slot_x(row.x, slot) + layout.gap;
                let right = layout.slot_x(row.x, end) + layout.gap + layout.box_width;
                let width = (right - x) as usize;
                let label = fit(phase, width.saturating_sub(4));
                let fill = width.saturating_sub(label.width() + 3);
                let text = format!("╶ {label} {}", "─".repeat(fill));
                putn(buf, x, row.y, text, width, theme::phase());
            }
            slot = end + 1;
        }
    }

    fn stage_phase(&self, stage: usize) -> &str {
        self.map.stages[stage]
            .steps
            .first()
            .map(|s| s.phase.trim())
            .unwrap_or_default()
    }

    /// The arrow from the previous stage and the queue waiting before this one.
    fn render_gap(&self, stage: usize, x: u16, area: Rect, buf: &mut Buffer) {
        let gap = self.layout.gap as usize;
        let y = area.y + 2;
        if stage > 0 {
            let arrow = format!("{}▶", "─".repeat(gap - 1));
            put(buf, x, y, arrow, theme::border());
        }
        if let Some(queue) = &self.map.stages[stage].queue {
            let times = &self.metrics.stage_times[stage];
            let (time, style) = flow_marks::queue_time(times, self.calendar, gap);
            put(buf, x, y - 1, time, style);
            let items = match queue.items {
                0 => String::new(),
                items => items.to_string(),
            };
            let marker = fit(&format!("▲{items}"), gap);
            put(buf, x, y + 1, marker, theme::queue());
            // The label wraps down the gap rather than shrinking to a few letters.
            let rows = area.bottom().saturating_sub(y + 2) as usize;
            for (row, part) in chunks(&queue.label, gap, rows).into_iter().enumerate() {
                put(buf, x, y + 2 + row as u16, part, theme::queue());
            }
        }
    }

    /// Where each shown step of a stage goes: the selected one is kept in view.
    fn stack(&self, stage: usize, x: u16, area: Rect) -> (usize, usize, Vec<(usize, Rect)>) {
        let layout = self.layout;
        let steps = self.map.stages[stage].steps.len();
        let fits = (area.height / layout.box_height).max(1) as usize;
        let selected_here = self.selection.filter(|s| s.stage == stage).map(|s| s.step);
        // A stage showing fewer steps than it has shows the one that sets its lead time.
        let critical = self.metrics.stage_times[stage].critical_step;
        let first = stack_start(selected_here.unwrap_or(critical), fits);
        let rects = (first..steps)
            .take(fits)
            .enumerate()
            .map(|(row, index)| {
                let y = area.y + row as u16 * layout.box_height;
                let height = layout.box_height.min(area.bottom().saturating_sub(y));
                (
                    index,
                    Rect::new(x, y, layout.box_width, height).intersection(area),
                )
            })
            .collect();
        (first, fits, rects)
    }

    /// Every step box drawn in `area`, for clicks.
    pub fn boxes(&self, area: Rect) -> Vec<(StepAt, Rect)> {
        let Some(stacks) = self.stacks_area(area) else {
            return Vec::new();
        };
        self.visible()
            .enumerate()
            .flat_map(|(slot, stage)| {
                let x = self.layout.slot_x(stacks.x, slot) + self.layout.gap;
                self.stack(stage, x, stacks)
                    .2
                    .into_iter()
                    .map(move |(step, rect)| (StepAt { stage, step }, rect))
            })
            .collect()
    }

    /// The rows of step boxes, between the phase line and the ladder.
    fn stacks_area(&self, area: Rect) -> Option<Rect> {
        if area.height < PHASES + LADDER + 3 || self.map.stages.is_empty() {
            return None;
        }
        Some(Rect {
            y: area.y + PHASES,
            height: area.height - PHASES - LADDER,
            ..area
        })
    }

    fn render_stack(&self, stage: usize, x: u16, area: Rect, buf: &mut Buffer) {
        let layout = self.layout;
        let steps = &self.map.stages[stage].steps;
        let selected_here = self.selection.filter(|s| s.stage == stage).map(|s| s.step);
        let critical = self.metrics.stage_times[stage].critical_step;
        let (first, fits, rects) = self.stack(stage, x, area);
        for (index, rect) in rects {
            let step = &steps[index];
            let figures = box_figures(
                step,
                self.measured,
                self.marks.get(&step.id).copied(),
                self.calendar,
            );
            let step_box = StepBox {
                step,
                selected: selected_here == Some(index),
                off_critical_path: steps.len() > 1 && index != critical,
                name_lines: layout.name_lines,
                mark: figures.mark.as_deref(),
                bottleneck: self.metrics.bottleneck == Some(stage) && index == critical,
                measured: figures.texts,
            };
            step_box.render(rect, buf);
        }
        let hidden_above = first;
        let hidden_below = steps.len().saturating_sub(first + fits);
        if hidden_above + hidden_below > 0 {
            // On the bottom border of the last box shown.
            let shown = fits.min(steps.len() - first) as u16;
            let y = (area.y + shown * layout.box_height).min(area.bottom()) - 1;
            let note = format!(" +{} parallel ", hidden_above + hidden_below);
            putn(
                buf,
                x + 1,
                y,
                note,
                layout.box_width as usize - 2,
                theme::queue(),
            );
        }
    }

    fn render_ladder(&self, area: Rect, buf: &mut Buffer) {
        let layout = self.layout;
        let calendar = self.calendar;
        let width = layout.box_width as usize;
        let upper = area.y + 1;
        let lower = area.y + 2;
        if layout.gap > 4 {
            put(buf, area.x, upper, "wait", theme::wait());
            put(buf, area.x, lower, "work", theme::work());
        } else {
            // No room before the first rung: the key to the rungs goes on the row above.
            let key = "─ wait  ━ work";
            let x = area
                .right()
                .saturating_sub(key.width() as u16 + layout.totals_width);
            put(buf, x, area.y, key, theme::dim());
        }
        for (slot, stage) in self.visible().enumerate() {
            let times = &self.metrics.stage_times[stage];
            let x = layout.slot_x(area.x, slot) + layout.gap;
            // Told in the unit of the lead time on the box above ("LT 9h" over "8 h").
            // (A queue counted in the lead time has a unit of its own: then the total's.)
            let queued = times.queue_hours.is_some()
                && self.metrics.queues == crate::model::QueueCounting::Included;
            let typed = self.map.stages[stage]
                .steps
                .get(times.critical_step)
                .filter(|_| !queued)
                .map(|s| s.lead_time.unit);
            let tell = |hours: f64| match typed {
                Some(unit) => self.units.beside(hours, unit),
                None => self.units.hours(hours),
            };
            let wait = tell(flow_marks::upper_hours(times, self.metrics.queues));
            let wait = flow_marks::upper_label_as(wait, stage, self.metrics, calendar, width);
            let work = tell(times.process_hours);
            putn(buf, x, upper, rung(&wait, width, '─'), width, theme::wait());
            putn(buf, x, lower, rung(&work, width, '━'), width, theme::work());
        }
        let half = layout.box_width / 2;
        let first = self.visible().start;
        let centre = |stage: usize| layout.slot_x(area.x, stage - first) + layout.gap + half;
        flow_marks::render_loops(area, self.visible(), centre, self.metrics, calendar, buf);
        let totals_width = layout.totals_width;
        if totals_width < 2 {
            return;
        }
        let x = area.right().saturating_sub(totals_width - 1);
        let m = self.metrics;
        // Lead time, wait and process time in one unit, that of the lead time.
        let told = self.units.alike(&[
            m.lead_time_hours,
            m.lead_time_hours - m.process_time_hours,
            m.process_time_hours,
        ]);
        let totals = [
            (area.y, format!("LT {}", told[0]), theme::value()),
            (upper, told[1].clone(), theme::wait()),
            (lower, format!("PT {}", told[2]), theme::work()),
        ];
        for (y, text, style) in totals {
            putn(
                buf,
                x,
                y,
                fit(&text, totals_width as usize - 1),
                totals_width as usize - 1,
                style,
            );
        }
    }
}

/// `text` in lines of at most `width` columns, broken at word breaks only: a word longer than
/// the line is shortened with … ("awai…", never "awaiti / ng"); at most `rows` lines, the last
/// ending with … when text is left over.
fn chunks(text: &str, width: usize, rows: usize) -> Vec<String> {
    let text = super::text::clean(text);
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let piece = fit(word, width);
        match out.last_mut() {
            Some(line) if line.width() + 1 + piece.width() <= width => {
                line.push(' ');
                line.push_str(&piece);
            }
            _ => out.push(piece),
        }
    }
    if out.len() > rows {
        out.truncate(rows);
        if let Some(last) = out.last_mut() {
            *last = format!(
                "{}…",
                fit(last, width.saturating_sub(1)).trim_end_matches('…')
            );
        }
    }
    out
}

/// A line the width of a box with the value in the middle: "─── 3 d ───".
fn rung(value: &str, width: usize, line: char) -> String {
    let label = format!(" {value} ");
    let left = width.saturating_sub(label.width()) / 2;
    let right = width.saturating_sub(label.width() + left);
    format!(
        "{}{label}{}",
        line.to_string().repeat(left),
        line.to_string().repeat(right)
    )
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn queue_labels_break_between_words_and_shorten_a_long_word() {
        assert_eq!(chunks("awaiting release", 5, 4), ["awai…", "rele…"]);
        assert_eq!(chunks("to do now", 5, 4), ["to do", "now"]);
        assert_eq!(chunks("a b c d e f", 3, 2), ["a b", "c…"]);
    }
}
