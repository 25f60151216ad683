//! Measured flow as inline SVG charts for the HTML export: velocity bars, the flow-time
//! histogram with p50 and p85 marks, the load line, and the distribution by type as stacked bars.

use std::fmt::Write;

use super::escape::xml;
use crate::measure::period;
use crate::model::{FlowSummary, Session};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 22.0;
/// One colour per type, told apart by the legend's words as well.
const COLOURS: [&str; 6] = [
    "#1f6fb2", "#c0392b", "#7f8c8d", "#27ae60", "#8e44ad", "#d68910",
];

fn open(out: &mut String, title: &str, class: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">\
         <title>{}</title><text x=\"{LEFT}\" y=\"14\" font-weight=\"bold\">{}</text>",
        xml(title),
        xml(title)
    );
}

fn axis(out: &mut String, top: usize, first: &str, last: &str) {
    let base = HEIGHT - BOTTOM;
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\" stroke=\"#555555\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{top}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\
         <text x=\"{LEFT}\" y=\"{}\">{}</text><text x=\"{WIDTH}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        LEFT - 4.0,
        TOP + 8.0,
        LEFT - 4.0,
        base,
        HEIGHT - 6.0,
        xml(first),
        HEIGHT - 6.0,
        xml(last)
    );
}

fn y_of(value: usize, top: usize) -> f64 {
    let plot = HEIGHT - BOTTOM - TOP;
    HEIGHT - BOTTOM - plot * value as f64 / top.max(1) as f64
}

fn labels(summary: &FlowSummary) -> (String, String) {
    let label = |p: Option<&crate::model::measured::PeriodFlow>| {
        p.map(|p| period::label(summary.period, p.start))
            .unwrap_or_default()
    };
    (
        label(summary.periods.first()),
        label(summary.periods.last()),
    )
}

fn bar_width(count: usize) -> f64 {
    (WIDTH - LEFT) / count.max(1) as f64
}

/// Items done per period.
pub fn velocity(summary: &FlowSummary) -> String {
    let mut out = String::new();
    open(
        &mut out,
        &format!("Flow velocity: items done per {}", summary.period.name()),
        "velocity",
    );
    let top = summary.periods.iter().map(|p| p.done).max().unwrap_or(0);
    let (first, last) = labels(summary);
    axis(&mut out, top, &first, &last);
    let w = bar_width(summary.periods.len());
    for (i, p) in summary
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.done > 0)
    {
        let y = y_of(p.done, top);
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {}</title></rect>",
            LEFT + i as f64 * w,
            (w - 1.0).max(0.5),
            HEIGHT - BOTTOM - y,
            COLOURS[0],
            period::label(summary.period, p.start),
            p.done
        );
    }
    out + "</svg>\n"
}

/// Items in progress at the end of each period.
pub fn load(summary: &FlowSummary) -> String {
    let mut out = String::new();
    open(&mut out, "Flow load: items in progress", "load");
    let top = summary.periods.iter().map(|p| p.load).max().unwrap_or(0);
    let (first, last) = labels(summary);
    axis(&mut out, top, &first, &last);
    let w = bar_width(summary.periods.len());
    let points: Vec<String> = summary
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{:.1},{:.1}",
                LEFT + (i as f64 + 0.5) * w,
                y_of(p.load, top)
            )
        })
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
        points.join(" "),
        COLOURS[1]
    );
    out + "</svg>\n"
}

/// Done items per period, stacked by type, with a legend.
pub fn distribution(summary: &FlowSummary) -> String {
    let mut out = String::new();
    open(
        &mut out,
        "Flow distribution: done items by type",
        "distribution",
    );
    let top = summary.periods.iter().map(|p| p.done).max().unwrap_or(0);
    let (first, last) = labels(summary);
    axis(&mut out, top, &first, &last);
    let w = bar_width(summary.periods.len());
    for (i, p) in summary.periods.iter().enumerate() {
        let mut below = 0;
        for (t, count) in p.by_type.iter().enumerate().filter(|(_, c)| **c > 0) {
            let (low, high) = (y_of(below, top), y_of(below + count, top));
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{high:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} {}: {count}</title></rect>",
                LEFT + i as f64 * w,
                (w - 1.0).max(0.5),
                low - high,
                COLOURS[t % COLOURS.len()],
                period::label(summary.period, p.start),
                // A count for a type the file does not name is drawn, never a crash.
                xml(summary.types.get(t).map_or("other", String::as_str))
            );
            below += count;
        }
    }
    let mut x = WIDTH - 10.0;
    for (t, kind) in summary.types.iter().enumerate().rev() {
        x -= 8.0 + 7.0 * kind.chars().count() as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"5\" width=\"8\" height=\"8\" fill=\"{}\"/><text x=\"{:.1}\" y=\"13\">{}</text>",
            COLOURS[t % COLOURS.len()],
            x + 10.0,
            xml(kind)
        );
        x -= 10.0;
    }
    out + "</svg>\n"
}

/// The flow-time histogram (elapsed days) with p50 and p85 marked.
pub fn flow_time(summary: &FlowSummary) -> String {
    /// Bars narrower than this many pixels would not show.
    const MOST_BINS: usize = 120;
    let histogram = &summary.flow_time.histogram.merged(MOST_BINS);
    let mut out = String::new();
    open(
        &mut out,
        &format!(
            "Flow time: {} done items (elapsed days)",
            summary.flow_time.n
        ),
        "flow-time",
    );
    let top = histogram.counts.iter().copied().max().unwrap_or(0);
    let bins = histogram.counts.len();
    let days = |h: f64| crate::model::duration::trim_number(h / 24.0);
    let span = histogram.bin_hours * bins as f64;
    axis(
        &mut out,
        top,
        "0",
        &format!("{}+ d", days(span - histogram.bin_hours)),
    );
    let w = bar_width(bins);
    for (i, count) in histogram.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
        let y = y_of(*count, top);
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}-{} d: {count}</title></rect>",
            LEFT + i as f64 * w,
            (w - 2.0).max(0.5),
            HEIGHT - BOTTOM - y,
            COLOURS[2],
            days(i as f64 * histogram.bin_hours),
            days((i + 1) as f64 * histogram.bin_hours)
        );
    }
    for (name, value) in [
        ("p50", summary.flow_time.p50_hours),
        ("p85", summary.flow_time.p85_hours),
    ] {
        let Some(hours) = value else { continue };
        let share = if span > 0.0 { hours / span } else { 0.0 };
        let x = LEFT + share.clamp(0.0, 1.0) * (WIDTH - LEFT);
        let _ = write!(
            out,
            "<line class=\"{name}\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#1a1a1a\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{:.1}\" y=\"{}\">{name} {} d</text>",
            HEIGHT - BOTTOM,
            x + 3.0,
            TOP + 10.0,
            days(hours)
        );
    }
    out + "</svg>\n"
}

/// The HTML section: the summary lines, the four charts and the flow efficiency.
pub fn html_section(session: &Session) -> String {
    let Some(measured) = &session.measured else {
        return String::new();
    };
    let s = &measured.summary;
    let mut out = String::from("<section class=\"measured\">\n<h2>Measured flow</h2>\n");
    for line in super::measured::summary_lines(measured) {
        let _ = writeln!(out, "<p>{}</p>", xml(&line));
    }
    let _ = writeln!(
        out,
        "<p>{}</p>",
        xml(&super::measured::metrics_line(s, session))
    );
    out += "<table>\n<tr><th>Step</th><th>Estimate</th><th>p50</th><th>p85</th><th>n</th></tr>\n";
    for row in super::measured::step_rows(session) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            xml(&row.name),
            xml(&row.estimate),
            xml(&row.p50),
            xml(&row.p85),
            row.n
        );
    }
    out += "</table>\n";
    out += &velocity(s);
    out += &flow_time(s);
    out += &load(s);
    out += &distribution(s);
    out + "</section>\n"
}
