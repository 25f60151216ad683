//! The flow screen: what was measured, for the chosen period: velocity, flow time, load,
//! distribution and flow efficiency; or "did we get there?", the future target against what
//! was measured since the future state was drafted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::flow_charts::{Distribution, FlowTime, Load, Velocity, elapsed_days};
use super::mapping_view::body;
use super::overlays::clear;
use super::text::{clean, first_fit_parts, fit};
use super::theme;
use crate::app::Scene;
use crate::model::measured::short;
use crate::model::measured_words::metrics_line;
use crate::model::target::TargetCheck;
use crate::model::{FlowSummary, WorkCalendar, readable};

pub fn draw(frame: &mut Frame, app: &Scene<'_>, did_we_get_there: bool) {
    let area = body(frame);
    clear(frame, area);
    let Some(measured) = &app.session().measured else {
        return;
    };
    let s = &measured.summary;
    let title = if did_we_get_there {
        " Did we get there? ".to_string()
    } else {
        format!(
            " Measured flow per {} · {} ",
            s.period.name(),
            clean(&measured.source)
        )
    };
    let block = Block::bordered()
        .border_style(theme::selected_border())
        .title(Line::styled(title, theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if did_we_get_there {
        draw_target(frame, app, inner);
        return;
    }
    let [facts, top, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ])
    .areas(inner);
    let line = facts_line(s, &app.session().calendar, facts.width as usize);
    frame.render_widget(Paragraph::new(line), facts);
    let halves = || Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]);
    let [velocity, flow_time] = halves().areas(top);
    let [load, distribution] = halves().areas(bottom);
    frame.render_widget(Velocity(s), velocity);
    frame.render_widget(FlowTime(s), flow_time);
    frame.render_widget(Load(s), load);
    frame.render_widget(Distribution(s), distribution);
}

/// The facts over the charts, in elapsed time like the histogram and the charts' periods
/// (the working-time figures of the map's line follow where there is room); the longest
/// wording that fits, figures whole.
fn facts_line(s: &FlowSummary, calendar: &WorkCalendar, width: usize) -> Line<'static> {
    let efficiency = readable::percent(s.flow_efficiency);
    let times = format!(
        "p50 {} p85 {}",
        elapsed_days(s.flow_time.p50_hours),
        elapsed_days(s.flow_time.p85_hours)
    );
    let in_working = format!(
        "{} and {} in working time",
        working(s.flow_time.p50_hours, calendar),
        working(s.flow_time.p85_hours, calendar)
    );
    let (done, wip) = (s.done, s.in_progress);
    let wordings = [
        [
            format!("{done} done, {wip} in progress · "),
            format!("flow efficiency {efficiency}"),
            format!(" · flow time {times} elapsed ({in_working})"),
        ],
        [
            format!("{done} done, {wip} in progress · "),
            format!("flow efficiency {efficiency}"),
            format!(" · flow time {times} elapsed"),
        ],
        [
            format!("{done} done, {wip} open · "),
            format!("flow efficiency {efficiency}"),
            format!(" · flow time {times} elapsed"),
        ],
        [
            format!("{done} done, {wip} open · "),
            format!("efficiency {efficiency}"),
            format!(" · elapsed {times}"),
        ],
    ];
    let Some([counts, efficiency, flow_time]) = first_fit_parts(&wordings, width) else {
        return Line::styled(fit(&wordings[3].concat(), width), theme::dim());
    };
    Line::from(vec![
        Span::styled(counts.clone(), theme::dim()),
        Span::styled(efficiency.clone(), theme::value()),
        Span::styled(flow_time.clone(), theme::dim()),
    ])
}

fn draw_target(frame: &mut Frame, app: &Scene<'_>, area: ratatui::layout::Rect) {
    let Some(check) = TargetCheck::of(app.session()) else {
        let why = match (&app.session().future, app.session().future_drafted_on) {
            (None, _) => "There is no future state: F drafts one; its date is kept.",
            (Some(_), None) => {
                "The future state has no draft date (drafted before vsm kept one): load a log \
                 again with E to start measuring from today."
            }
            (Some(_), Some(_)) => "Load a log newer than the draft date with E.",
        };
        frame.render_widget(Paragraph::new(why).wrap(Wrap { trim: true }), area);
        return;
    };
    let calendar = &app.session().calendar;
    let mut lines = vec![
        Line::styled(
            format!(
                "Future target against measured since {} ({} items, {} done), working time",
                check.since, check.items, check.done
            ),
            theme::dim(),
        ),
        Line::styled(
            format!("{:<34}{:>10}{:>10}", "", "target", "measured"),
            theme::dim(),
        ),
    ];
    let rows = readable::change_rows(&check.metrics, calendar);
    for row in rows {
        let style = verdict_style(row.improved);
        lines.push(Line::from(vec![
            Span::raw(format!("{:<34}", row.label)),
            Span::styled(
                format!("{:>10}{:>10}", row.current, row.future),
                theme::value(),
            ),
            Span::styled(format!("  {}", row.verdict()), style),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{:<34}{:>10}{:>10}{:>10}", "Step", "target", "p50", "p85"),
        theme::dim(),
    ));
    for step in &check.steps {
        let show = |h: Option<f64>| h.map_or("n/a".into(), |h| short(h, calendar));
        let (word, style) = match step.reached() {
            Some(true) => ("reached", verdict_style(Some(true))),
            Some(false) => ("not yet", verdict_style(Some(false))),
            None => ("no items", theme::dim()),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{:<34}", clean(&step.name))),
            Span::styled(
                format!(
                    "{:>10}{:>10}{:>10}",
                    short(step.target_hours, calendar),
                    show(step.p50_hours),
                    show(step.p85_hours)
                ),
                theme::value(),
            ),
            Span::styled(format!("  {word} n{}", step.n), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn verdict_style(improved: Option<bool>) -> Style {
    match improved {
        Some(true) => theme::info(),
        Some(false) => theme::error(),
        None => Style::new(),
    }
}

/// One line under a map alone: the measured metrics of its steps. Returns the area left.
pub fn measured_line(
    frame: &mut Frame,
    app: &Scene<'_>,
    area: ratatui::layout::Rect,
) -> ratatui::layout::Rect {
    let Some(summary) = app.figures(app.viewer.focus) else {
        return area;
    };
    if area.height < 2 {
        return area;
    }
    let source = app
        .session()
        .measured
        .as_ref()
        .map(|m| clean(&m.source))
        .unwrap_or_default();
    let calendar = &app.session().calendar;
    let times = format!(
        "p50 {} p85 {}",
        working(summary.flow_time.p50_hours, calendar),
        working(summary.flow_time.p85_hours, calendar)
    );
    let (n, efficiency) = (
        summary.flow_time.n,
        readable::percent(summary.flow_efficiency),
    );
    let label = || " Measured ".to_string();
    // Labels give way before figures and units: the line is one row under the map.
    let wordings = [
        [
            label(),
            format!(" {} ", metrics_line(summary, app.session())),
            format!("· {source} · O flow, S mapping"),
        ],
        [
            label(),
            format!(" {} ", metrics_line(summary, app.session())),
            "· O flow, S mapping".into(),
        ],
        [
            label(),
            format!(" flow time {times} working, n{n}, efficiency {efficiency} "),
            "· O flow".into(),
        ],
        [
            label(),
            format!(" {times} working, n{n}, efficiency {efficiency} "),
            String::new(),
        ],
        [
            String::new(),
            format!(" {times} working, efficiency {efficiency}"),
            String::new(),
        ],
    ];
    let width = area.width as usize;
    let line = match first_fit_parts(&wordings, width) {
        Some([label, figures, keys]) => Line::from(vec![
            Span::styled(label.clone(), theme::key()),
            Span::styled(figures.clone(), theme::value()),
            Span::styled(keys.clone(), theme::dim()),
        ]),
        None => Line::styled(fit(&wordings[4].concat(), width), theme::value()),
    };
    frame.render_widget(
        Paragraph::new(line),
        ratatui::layout::Rect { height: 1, ..area },
    );
    ratatui::layout::Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    }
}

/// Elapsed hours shown as working time: "4.2d".
fn working(hours: Option<f64>, calendar: &WorkCalendar) -> String {
    hours.map_or("n/a".into(), |h| {
        short(crate::model::measured::working_hours(h, calendar), calendar)
    })
}

/// The measured part of a map's title line: " · measured p50 12d p85 40d, 23%".
pub fn measured_brief(app: &Scene<'_>, which: crate::model::Which) -> String {
    let Some(summary) = app.figures(which) else {
        return String::new();
    };
    let calendar = &app.session().calendar;
    if let (0, Some(since)) = (summary.done, summary.since) {
        return format!(" · measured since {since}: nothing done yet");
    }
    format!(
        " · measured flow p50 {} p85 {}, efficiency {}",
        working(summary.flow_time.p50_hours, calendar),
        working(summary.flow_time.p85_hours, calendar),
        readable::percent(summary.flow_efficiency)
    )
}
