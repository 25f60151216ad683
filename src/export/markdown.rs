//! A Markdown report: title, dates, metrics (with the comparison), step tables, annotations by
//! kind, and a Mermaid flowchart.

use super::{escape, mermaid, table};
use crate::model::compare::Comparison;
use crate::model::{AnnotationKind, Map, MapMetrics, Session, readable};

pub fn render(session: &Session) -> String {
    let calendar = &session.calendar;
    let mut out = format!("# {}\n\n", escape::markdown(&session.title));
    let facts = super::facts(session);
    let plan = super::decisions::Plan::of(session, crate::clock::today());
    out += &format!("{}.\n\n", facts.join(", "));
    out += &super::decisions::markdown_charter(&plan);
    out += "## Metrics\n\n";

    match Comparison::of(session) {
        Some(comparison) => {
            out += "| Metric | Current | Future | Change | % |\n|---|---:|---:|---:|---:|\n";
            for row in readable::comparison_rows(&comparison, calendar) {
                out += &format!(
                    "| {} | {} | {} | {} {} | {} |\n",
                    row.label,
                    row.current,
                    row.future,
                    row.change,
                    row.verdict(),
                    row.percent
                );
            }
            out += &format!("{}{}{}", "\n", comparison.summary(), "\n");
            let changes = table::change_lines(&comparison, session);
            if !changes.is_empty() {
                out += "\n";
            }
            for line in changes {
                // Arrows stay readable in the source: a `>` inside a line is plain text.
                let line = escape::markdown(&line).replace(" -&gt; ", " -> ");
                out += &format!("- {line}\n");
            }
            if let Some(line) = table::bottleneck_line(&comparison) {
                out += &format!("\n{}\n", escape::markdown(&line));
            }
        }
        None => {
            out += "| Metric | Current |\n|---|---:|\n";
            let metrics = MapMetrics::of(&session.current, calendar);
            for (label, value) in readable::metric_rows(&metrics, calendar) {
                out += &format!("| {label} | {value} |\n");
            }
        }
    }

    for (which, map) in session.maps() {
        out += &format!("\n## Steps: {which} state\n\n");
        let marks = match Comparison::of(session) {
            Some(c) if which == "future" => c.marks(),
            _ => Default::default(),
        };
        out += &step_table(map, session, &marks);
    }
    out += LEGEND;
    out += "\n## Annotations\n";
    for kind in AnnotationKind::ALL {
        let lines = annotations(&session.current, kind);
        if lines.is_empty() {
            continue;
        }
        let mut title = kind.name().to_string();
        title[..1].make_ascii_uppercase();
        out += &format!("\n### {title}s\n\n");
        for line in lines {
            out += &format!("- {line}\n");
        }
    }
    out += &super::decisions::markdown_plan(&plan);
    out += "\n## Map\n\n```mermaid\n";
    out += &mermaid::flowchart(session);
    out += "```\n";
    out += &super::measured::markdown(session);
    out
}

const LEGEND: &str = "\n**Legend.** PT: process time, the hands-on work. LT: lead time, from work \
becoming available to a step until it is passed on. Wait: LT - PT. %C&A: percent complete and \
accurate, the share of a step's output the next step can use as is. Rework: the time the rejected \
share costs (rejected share x the time of the way back). ∥: a step in parallel with the one above \
(the longest one is on the critical path). Bottleneck: the stage where work waits longest. \
*(new)* and *(changed)*: future-state steps that came from no current step, or differ from the \
one they came from.\n";

fn step_table(
    map: &Map,
    session: &Session,
    marks: &std::collections::HashMap<u64, &'static str>,
) -> String {
    let mut out = format!("| {} |\n", table::HEADERS.join(" | "));
    out += "|---|---|---|---|---:|---:|---:|---:|---:|\n";
    for (row, step) in table::rows(map, &session.calendar).iter().zip(map.steps()) {
        let mut cells: Vec<String> = row.cells().iter().map(|c| escape::markdown(c)).collect();
        if let Some(mark) = marks.get(&step.id) {
            cells[1] += &format!(" *({mark})*");
        }
        if row.bottleneck {
            cells[1] += " *(bottleneck)*";
        }
        out += &format!("| {} |\n", cells.join(" | "));
    }
    let queues: Vec<String> = table::rows(map, &session.calendar)
        .into_iter()
        .filter_map(|row| {
            row.queue.map(|q| {
                format!(
                    "before {}: {}",
                    escape::markdown(&row.name),
                    escape::markdown(&q)
                )
            })
        })
        .collect();
    if !queues.is_empty() {
        out += &format!("\nQueues: {}.\n", queues.join("; "));
    }
    out
}

/// "text (on Step, Author)" for each annotation of `kind`, map-level ones last.
fn annotations(map: &Map, kind: AnnotationKind) -> Vec<String> {
    map.all_annotations()
        .filter(|(_, a)| a.kind == kind)
        .map(|(step, a)| {
            let mut context = vec![match step {
                Some(step) => format!("on {}", escape::markdown(&step.name)),
                None => "whole map".into(),
            }];
            if let Some(author) = &a.author {
                context.push(escape::markdown(author));
            }
            format!("{} ({})", escape::markdown(&a.text), context.join(", "))
        })
        .collect()
}
