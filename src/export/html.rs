//! One self-contained HTML file (inline CSS and SVG, no network requests): the map(s) as value
//! stream maps, the comparison, the step tables and the annotations. Prints one landscape page
//! per map.

use std::fmt::Write;

use super::escape::xml;
use super::{svg, table};
use crate::model::compare::Comparison;
use crate::model::{AnnotationKind, MapMetrics, Session, readable};

const CSS: &str = "@page{size:A4 landscape;margin:10mm}\
body{font-family:Helvetica,Arial,sans-serif;color:#1a1a1a;margin:24px;max-width:1400px}\
h1{font-size:24px;margin:0 0 4px}p.facts{color:#555555;margin:0 0 16px}\
section.map{page-break-after:always;break-after:page;margin-bottom:24px}\
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #bbbbbb;padding:3px 8px;text-align:left}\
td.num{text-align:right}.better{color:#1b6e20;font-weight:bold}.worse{color:#b3261e;font-weight:bold}\
li{margin:2px 0}.kind{font-weight:bold}";

pub fn render(session: &Session) -> String {
    let calendar = &session.calendar;
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", xml(&session.title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>{}</h1>", xml(&session.title));
    let facts = super::facts(session);
    let _ = writeln!(out, "<p class=\"facts\">{}</p>", xml(&facts.join(", ")));
    out += &super::decisions::html(&super::decisions::Plan::of(session, crate::clock::today()));

    for (which, map) in session.maps() {
        let _ = writeln!(out, "<section class=\"map\">");
        out += &svg::map_svg(session, which, map);
        let _ = writeln!(out, "<h2>Steps, {which} state</h2>\n<table>\n<tr>");
        for header in table::HEADERS {
            let _ = write!(out, "<th>{}</th>", xml(header));
        }
        out += "</tr>\n";
        for row in table::rows(map, calendar) {
            out += "<tr>";
            for (i, cell) in row.cells().iter().enumerate() {
                let class = if i >= 4 { " class=\"num\"" } else { "" };
                let flag = if i == 1 && row.bottleneck {
                    " <strong class=\"worse\">bottleneck</strong>"
                } else {
                    ""
                };
                let _ = write!(out, "<td{class}>{}{flag}</td>", xml(cell));
            }
            out += "</tr>\n";
        }
        out += "</table>\n</section>\n";
    }

    out += "<section>\n<h2>Metrics</h2>\n<table>\n";
    match Comparison::of(session) {
        Some(comparison) => {
            out += "<tr><th>Metric</th><th>Current</th><th>Future</th><th>Change</th><th>%</th><th></th></tr>\n";
            for row in readable::comparison_rows(&comparison, calendar) {
                let class = match row.improved {
                    Some(true) => "better",
                    Some(false) => "worse",
                    None => "",
                };
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {class}\">{}</td><td class=\"num {class}\">{}</td><td class=\"{class}\">{}</td></tr>",
                    xml(row.label),
                    xml(&row.current),
                    xml(&row.future),
                    xml(&row.change),
                    xml(&row.percent),
                    row.verdict()
                );
            }
            out += "</table>\n";
            let _ = writeln!(out, "<p>{}</p>", comparison.summary());
            let changes = table::change_lines(&comparison, session);
            if !changes.is_empty() {
                out += "<ul>\n";
                for line in changes {
                    let _ = writeln!(out, "<li>{}</li>", xml(&line));
                }
                out += "</ul>\n";
            }
            if let Some(line) = table::bottleneck_line(&comparison) {
                let _ = writeln!(out, "<p>{}</p>", xml(&line));
            }
        }
        None => {
            let metrics = MapMetrics::of(&session.current, calendar);
            out += "<tr><th>Metric</th><th>Current</th></tr>\n";
            for (label, value) in readable::metric_rows(&metrics, calendar) {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                    xml(label),
                    xml(&value)
                );
            }
            out += "</table>\n";
        }
    }

    out += "<h2>Annotations</h2>\n";
    for kind in AnnotationKind::ALL {
        let items: Vec<String> = session
            .current
            .all_annotations()
            .filter(|(_, a)| a.kind == kind)
            .map(|(step, a)| {
                let on = step
                    .map(|s| format!("on {}", xml(&s.name)))
                    .unwrap_or_else(|| "whole map".into());
                let by = a
                    .author
                    .as_deref()
                    .map(|b| format!(", {}", xml(b)))
                    .unwrap_or_default();
                format!("<li>{} <small>({on}{by})</small></li>", xml(&a.text))
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3><span class=\"kind\">[{}]</span> {}s</h3>\n<ul>\n{}\n</ul>",
            kind.letter(),
            kind.name(),
            items.join("\n")
        );
    }
    out += "</section>\n";
    out += &super::charts::html_section(session);
    out += "</body>\n</html>\n";
    out
}
