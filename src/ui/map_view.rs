//! The map: phase names, step boxes left to right with parallel steps stacked, arrows and
//! queue markers between stages, and the timeline ladder under them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Widget};
use unicode_width::UnicodeWidthStr;

use super::geometry::{LADDER, MapLayout, PHASES, TOTALS_WIDTH, stack_start};
use super::measured_box::box_figures;
use super::text::{fit, put, putn, wrap};
use super::theme;
use crate::model::map::StepAt;
use crate::model::{AnnotationKind, FlowSummary, Map, MapMetrics, Step, WorkCalendar, readable};

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
}

impl MapView<'_> {
    fn visible(&self) -> std::ops::Range<usize> {
        let end = (self.scroll + self.layout.visible_stages).min(self.map.stages.len());
        self.scroll.min(end)..end
    }
}

impl Widget for &MapView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // Never past the buffer, whatever area the caller worked out.
        let area = area.intersection(buf.area);
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
            let marker = fit(&format!("▲{}", queue.items), gap);
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
        put(buf, area.x, upper, "wait", theme::wait());
        put(buf, area.x, lower, "work", theme::work());
        for (slot, stage) in self.visible().enumerate() {
            let times = &self.metrics.stage_times[stage];
            let x = layout.slot_x(area.x, slot) + layout.gap;
            let wait = readable::hours(times.wait_hours(), calendar);
            let work = readable::hours(times.process_hours, calendar);
            put(buf, x, upper, rung(&wait, width, '─'), theme::wait());
            put(buf, x, lower, rung(&work, width, '━'), theme::work());
        }
        let x = area.right().saturating_sub(TOTALS_WIDTH - 1);
        let m = self.metrics;
        let totals = [
            (
                area.y,
                format!("LT {}", readable::hours(m.lead_time_hours, calendar)),
                theme::value(),
            ),
            (
                upper,
                readable::hours(m.lead_time_hours - m.process_time_hours, calendar),
                theme::wait(),
            ),
            (
                lower,
                format!("PT {}", readable::hours(m.process_time_hours, calendar)),
                theme::work(),
            ),
        ];
        for (y, text, style) in totals {
            putn(
                buf,
                x,
                y,
                fit(&text, TOTALS_WIDTH as usize - 1),
                TOTALS_WIDTH as usize - 1,
                style,
            );
        }
    }
}

/// Process and lead time in the longest form that fits: "PT 30min  LT 1w", "PT 30m LT 1w",
/// and only when even that does not fit, "30m/1w".
pub fn times_label(step: &Step, width: usize) -> String {
    let (pt, lt) = (step.process_time.to_string(), step.lead_time.to_string());
    let short = |d: String| d.replace("min", "m");
    [
        format!("PT {pt}  LT {lt}"),
        format!("PT {pt} LT {lt}"),
        format!("PT {} LT {}", short(pt.clone()), short(lt.clone())),
        format!("{}/{}", short(pt), short(lt)),
    ]
    .into_iter()
    .find(|label| label.width() <= width)
    .unwrap_or_else(|| format!("{}/{}", step.process_time, step.lead_time))
}

/// `text` in lines of at most `width` columns, at word breaks where words fit (a longer word
/// is cut into pieces); at most `rows` lines, the last ending with … when text is left over.
fn chunks(text: &str, width: usize, rows: usize) -> Vec<String> {
    let text = super::text::clean(text);
    let mut pieces: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let mut piece = String::new();
        for c in word.chars() {
            if !piece.is_empty() && piece.width() + c.to_string().width() > width {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        pieces.push(piece);
    }
    let mut out: Vec<String> = Vec::new();
    for piece in pieces {
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

/// One step as a box: name, owner, times, %C&A and annotation badges.
pub struct StepBox<'a> {
    pub step: &'a Step,
    pub selected: bool,
    /// A parallel step shorter than its stage's lead time.
    pub off_critical_path: bool,
    pub name_lines: u16,
    /// Shown on the top border, e.g. "new" or "changed".
    pub mark: Option<&'a str>,
    /// Measured times in the owner's place, longest form first: the one that fits is shown.
    pub measured: Option<[String; 3]>,
}

impl Widget for StepBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let border_style = if self.selected {
            theme::selected_border()
        } else if self.off_critical_path {
            theme::dim()
        } else {
            theme::border()
        };
        let block = Block::bordered()
            .border_type(if self.selected {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(border_style);
        let block = match self.mark {
            Some(mark) => block.title(ratatui::text::Span::styled(
                format!(" {mark} "),
                theme::queue(),
            )),
            None => block,
        };
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let step = self.step;
        let mut lines: Vec<(String, Style)> = Vec::new();
        let name_style = if self.selected {
            theme::selected_name()
        } else {
            theme::name()
        };
        let mut names = wrap(&step.name, width, self.name_lines as usize);
        names.resize(self.name_lines as usize, String::new());
        for name in names {
            lines.push((name, name_style));
        }
        // Without a line of its own for %C&A and badges, the badges share the owner's line.
        let compact = inner.height < self.name_lines + 3;
        let mut badges = self.badges().join(" ");
        if compact && let Some(ca) = self.step.complete_accurate {
            let ca = format!("{}%", crate::model::readable::percent_number(ca));
            let labelled = format!("C&A {ca} {badges}");
            let room = width.saturating_sub(step.owner.width().min(6) + 1);
            badges = if labelled.trim_end().width() <= room {
                labelled.trim_end().to_string()
            } else {
                format!("{ca} {badges}").trim_end().to_string()
            };
        }
        let owner_room = if compact && !badges.is_empty() {
            width.saturating_sub(badges.width() + 1)
        } else {
            width
        };
        match &self.measured {
            Some(texts) => {
                let text = texts
                    .iter()
                    .find(|t| t.width() <= owner_room)
                    .unwrap_or(&texts[2]);
                lines.push((fit(text, owner_room), theme::value()));
            }
            None => lines.push((fit(&step.owner, owner_room), theme::dim())),
        }
        lines.push((fit(&times_label(step, width), width), Style::new()));
        for (i, (text, style)) in lines.iter().enumerate() {
            let y = inner.y + i as u16;
            if y >= inner.bottom() {
                return;
            }
            putn(buf, inner.x, y, text, width, *style);
        }
        let y = inner.y + lines.len() as u16;
        if y < inner.bottom() {
            self.render_last_line(inner.x, y, width, buf);
        } else {
            // No room for a line of its own: badges go at the right of the owner line.
            let owner_y = inner.y + self.name_lines;
            if owner_y < inner.bottom() && !badges.is_empty() {
                let shown: String = fit(&badges, width);
                let x = inner.x + (width - shown.width()) as u16;
                put(buf, x, owner_y, shown, theme::queue());
            }
        }
    }
}

impl StepBox<'_> {
    fn badges(&self) -> Vec<String> {
        AnnotationKind::ALL
            .iter()
            .filter_map(|kind| {
                let count = self
                    .step
                    .annotations
                    .iter()
                    .filter(|a| a.kind == *kind)
                    .count();
                (count > 0).then(|| format!("{}{count}", kind.letter()))
            })
            .collect()
    }

    /// "C&A 90%" and one badge per annotation kind present: "C2 Q1".
    fn render_last_line(&self, x: u16, y: u16, width: usize, buf: &mut Buffer) {
        let ca = crate::model::readable::complete_accurate(self.step.complete_accurate);
        let mut used = 0usize;
        let text = format!("C&A {ca}");
        putn(buf, x, y, &text, width, Style::new());
        used += text.width();
        for kind in AnnotationKind::ALL {
            let count = self
                .step
                .annotations
                .iter()
                .filter(|a| a.kind == kind)
                .count();
            if count == 0 {
                continue;
            }
            let badge = format!(" {}{count}", kind.letter());
            if used + badge.width() > width {
                break;
            }
            put(buf, x + used as u16, y, &badge, theme::annotation(kind));
            used += badge.width();
        }
    }
}
