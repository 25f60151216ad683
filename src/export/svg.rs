//! The map drawn as a value stream map in SVG: step boxes, queue triangles with counts,
//! arrows, the timeline ladder with its totals, and the metrics box.

use std::collections::HashMap;
use std::fmt::Write;

use super::escape::xml;
use crate::model::compare::Comparison;
use crate::model::{AnnotationKind, Map, MapMetrics, Session, WorkCalendar, readable};
use crate::text::wrap;

const LEFT: i64 = 56;
const BOX_W: i64 = 150;
const BOX_H: i64 = 136;
const GAP: i64 = 56;
const STACK_GAP: i64 = 14;
const TITLE_H: i64 = 36;
const PHASE_H: i64 = 28;
const LADDER_H: i64 = 92;
/// Room at the right for the ladder totals.
const TOTALS_W: i64 = 90;
const METRIC_CELL_W: i64 = 210;
const METRIC_ROW_H: i64 = 24;

pub const STYLE: &str = "text{font-family:Helvetica,Arial,sans-serif;fill:#1a1a1a}\
.title{font-size:20px;font-weight:bold}.phase{font-size:14px;font-weight:bold;fill:#00607a}\
.name{font-size:15px;font-weight:bold}.small{font-size:13px}.tag{font-size:11px;font-weight:bold;fill:#a34700}\
.box{fill:#ffffff;stroke:#333333;stroke-width:1.5}.bottleneck{stroke:#b3261e;stroke-width:4}.queue{fill:#f2c14e;stroke:#6b4f00}\
.arrow{stroke:#333333;stroke-width:1.5;fill:none}.ladder{stroke:#333333;stroke-width:2;fill:none}\
.wait{font-size:13px;fill:#b3261e}.work{font-size:13px;fill:#1b6e20}\
.metrics{fill:#f4f4f4;stroke:#333333}.value{font-size:14px;font-weight:bold}";

/// Size of one map's drawing.
pub fn map_size(map: &Map, calendar: &WorkCalendar) -> (i64, i64) {
    let stages = map.stages.len().max(2) as i64;
    let tallest = map
        .stages
        .iter()
        .map(|s| s.steps.len())
        .max()
        .unwrap_or(1)
        .max(1) as i64;
    let width = LEFT + stages * (BOX_W + GAP) + TOTALS_W;
    let height = TITLE_H + PHASE_H + tallest * (BOX_H + STACK_GAP) + LADDER_H;
    let rows = readable::metric_rows(&MapMetrics::of(map, calendar), calendar).len() as i64;
    (width, height + metrics_height(width, rows) + 16)
}

/// Metrics sit in a grid under the ladder, as many to a row as the width allows.
fn metric_columns(width: i64) -> i64 {
    ((width - 20) / METRIC_CELL_W).clamp(1, 7)
}

fn metrics_height(width: i64, rows: i64) -> i64 {
    let columns = metric_columns(width);
    (rows + columns - 1) / columns * METRIC_ROW_H + 8
}

/// A whole SVG document with every map of the session, one under the other.
pub fn render(session: &Session) -> String {
    let sizes: Vec<(i64, i64)> = session
        .maps()
        .iter()
        .map(|(_, m)| map_size(m, &session.calendar))
        .collect();
    let width = sizes.iter().map(|s| s.0).max().unwrap_or(400);
    let height: i64 = sizes.iter().map(|s| s.1).sum::<i64>() + 10;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\n<style>{STYLE}</style>\n{}",
        defs()
    );
    let mut y = 0;
    for ((which, map), (_, h)) in session.maps().into_iter().zip(sizes) {
        let _ = writeln!(out, "<g transform=\"translate(0,{y})\">");
        out += &map_group(session, which, map);
        out += "</g>\n";
        y += h;
    }
    out += "</svg>\n";
    out
}

/// One map as a standalone SVG element (for the HTML export).
pub fn map_svg(session: &Session, which: &str, map: &Map) -> String {
    let (width, height) = map_size(map, &session.calendar);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\">\n<style>{STYLE}</style>\n{}{}</svg>\n",
        defs(),
        map_group(session, which, map)
    )
}

fn defs() -> &'static str {
    "<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" fill=\"#333333\"/></marker></defs>\n"
}

fn map_group(session: &Session, which: &str, map: &Map) -> String {
    let calendar = &session.calendar;
    let metrics = MapMetrics::of(map, calendar);
    let marks = match Comparison::of(session) {
        Some(c) if which == "future" => c.marks(),
        _ => HashMap::new(),
    };
    let mut out = String::new();
    let title = if which == "current" {
        "Current state"
    } else {
        "Future state"
    };
    let _ = writeln!(
        out,
        "<text class=\"title\" x=\"10\" y=\"22\">{title}: {}</text>",
        xml(&session.title)
    );
    let top = TITLE_H + PHASE_H;
    let stack_h = map
        .stages
        .iter()
        .map(|s| s.steps.len())
        .max()
        .unwrap_or(1)
        .max(1) as i64
        * (BOX_H + STACK_GAP);
    let box_x = |i: usize| LEFT + i as i64 * (BOX_W + GAP) + GAP / 2;

    // Phase names over the stages they group.
    let mut i = 0;
    while i < map.stages.len() {
        let phase = stage_phase(map, i);
        let mut end = i;
        while end + 1 < map.stages.len() && stage_phase(map, end + 1) == phase {
            end += 1;
        }
        if !phase.is_empty() {
            let (x1, x2) = (box_x(i), box_x(end) + BOX_W);
            let _ = writeln!(
                out,
                "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#00607a\"/><text class=\"phase\" x=\"{x1}\" y=\"{ty}\">{}</text>",
                xml(phase),
                y = top - 6,
                ty = top - 10
            );
        }
        i = end + 1;
    }

    for (i, stage) in map.stages.iter().enumerate() {
        let x = box_x(i);
        let mid = top + BOX_H / 2;
        if i > 0 {
            let _ = writeln!(
                out,
                "<line class=\"arrow\" x1=\"{}\" y1=\"{mid}\" x2=\"{}\" y2=\"{mid}\" marker-end=\"url(#head)\"/>",
                x - GAP + 2,
                x - 4
            );
        }
        if let Some(queue) = &stage.queue {
            let cx = x - GAP / 2;
            let ty = mid + 8;
            let _ = writeln!(
                out,
                "<polygon class=\"queue\" points=\"{},{} {},{} {},{}\"/><text class=\"small\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text><text class=\"small\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                cx - 16,
                ty + 28,
                cx + 16,
                ty + 28,
                cx,
                ty,
                ty + 24,
                queue.items,
                ty + 42,
                xml(&crate::text::fit(&queue.label, 7))
            );
        }
        for (j, step) in stage.steps.iter().enumerate() {
            let y = top + j as i64 * (BOX_H + STACK_GAP);
            let times = &metrics.stage_times[i];
            let bottleneck = metrics.bottleneck == Some(i) && j == times.critical_step;
            let class = if bottleneck { "box bottleneck" } else { "box" };
            let _ = writeln!(
                out,
                "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"4\"/>"
            );
            let rework = metrics.rework_of(i, j);
            if rework.hours > 0.0 {
                let mut text = format!("rework {}", readable::hours(rework.hours, calendar));
                if let Some(to) = rework.loop_to.and_then(|(s, t)| map.stages[s].steps.get(t)) {
                    text += &format!(" to {}", to.name);
                }
                let _ = writeln!(
                    out,
                    "<text class=\"small\" x=\"{}\" y=\"{}\">{}</text>",
                    x + 7,
                    y + 113,
                    xml(&crate::text::fit(&text, 21))
                );
            }
            if bottleneck {
                let _ = writeln!(
                    out,
                    "<text class=\"tag\" x=\"{}\" y=\"{}\">BOTTLENECK</text>",
                    x + 7,
                    y + 130
                );
            }
            if let Some(mark) = marks.get(&step.id) {
                let _ = writeln!(
                    out,
                    "<text class=\"tag\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                    x + BOX_W - 6,
                    y + 96,
                    mark.to_uppercase()
                );
            }
            let mut line_y = y + 20;
            for name in wrap(&step.name, 16, 2) {
                let _ = writeln!(
                    out,
                    "<text class=\"name\" x=\"{}\" y=\"{line_y}\">{}</text>",
                    x + 7,
                    xml(&name)
                );
                line_y += 18;
            }
            let ca = crate::model::readable::complete_accurate(step.complete_accurate);
            let badges: Vec<String> = AnnotationKind::ALL
                .iter()
                .filter_map(|k| {
                    let n = step.annotations.iter().filter(|a| a.kind == *k).count();
                    (n > 0).then(|| format!("{}{n}", k.letter()))
                })
                .collect();
            let lines = [
                crate::text::fit(&step.owner, 19),
                format!("PT {}  LT {}", step.process_time, step.lead_time),
                format!("%C&amp;A {ca}  {}", badges.join(" ")),
            ];
            for (k, text) in lines.iter().enumerate() {
                let text = if k == 2 { text.clone() } else { xml(text) };
                let _ = writeln!(
                    out,
                    "<text class=\"small\" x=\"{}\" y=\"{}\">{text}</text>",
                    x + 7,
                    y + 62 + k as i64 * 17
                );
            }
        }
    }

    // The ladder: wait on the upper rung over the gaps, process time on the lower under boxes.
    let up = top + stack_h + 24;
    let down = up + 30;
    let mut path = format!("M{},{up}", LEFT);
    for (i, times) in metrics.stage_times.iter().enumerate() {
        let x = box_x(i);
        let _ = write!(path, " H{x} V{down} H{} V{up}", x + BOX_W);
        let wait = readable::hours(times.wait_hours(), calendar);
        let work = readable::hours(times.process_hours, calendar);
        let _ = writeln!(
            out,
            "<text class=\"wait\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text><text class=\"work\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x - GAP / 2 + 4,
            up - 6,
            xml(&wait),
            x + BOX_W / 2,
            down + 16,
            xml(&work)
        );
    }
    let end = box_x(map.stages.len().max(1) - 1) + BOX_W + GAP / 2;
    let _ = write!(path, " H{end}");
    let _ = writeln!(out, "<path class=\"ladder\" d=\"{path}\"/>");
    let _ = writeln!(
        out,
        "<text class=\"wait\" x=\"{}\" y=\"{}\">LT {}</text><text class=\"work\" x=\"{}\" y=\"{}\">PT {}</text>",
        end + 6,
        up + 4,
        xml(&readable::hours(metrics.lead_time_hours, calendar)),
        end + 6,
        down + 4,
        xml(&readable::hours(metrics.process_time_hours, calendar))
    );
    let _ = writeln!(
        out,
        "<text class=\"small\" x=\"4\" y=\"{}\">wait</text><text class=\"small\" x=\"4\" y=\"{}\">work</text>",
        up + 4,
        down + 4
    );
    let (width, _) = map_size(map, calendar);
    out += &metrics_grid(&metrics, calendar, width, down + 30);
    out
}

fn metrics_grid(metrics: &MapMetrics, calendar: &WorkCalendar, width: i64, y: i64) -> String {
    let rows = readable::metric_rows(metrics, calendar);
    let columns = metric_columns(width);
    let mut out = format!(
        "<rect class=\"metrics\" x=\"10\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"4\"/>\n",
        columns * METRIC_CELL_W,
        metrics_height(width, rows.len() as i64)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let column = i as i64 % columns;
        let row = i as i64 / columns;
        let x = 10 + column * METRIC_CELL_W;
        let ty = y + 20 + row * METRIC_ROW_H;
        let _ = writeln!(
            out,
            "<text class=\"small\" x=\"{}\" y=\"{ty}\">{}</text><text class=\"value\" x=\"{}\" y=\"{ty}\" text-anchor=\"end\">{}</text>",
            x + 10,
            xml(label),
            x + METRIC_CELL_W - 14,
            xml(value)
        );
    }
    out
}

fn stage_phase(map: &Map, stage: usize) -> &str {
    map.stages[stage]
        .steps
        .first()
        .map(|s| s.phase.trim())
        .unwrap_or_default()
}
