//! Measured figures in the exports: HTML charts drawn from the same figures the report prints,
//! Markdown tables, JSON, and old session files without measurements still loading.

use vsm::export::{self, Format};
use vsm::measure::{self, FlowOptions, ReadOptions};
use vsm::model::{Duration, Session, Step};

fn serde_session() -> Session {
    let mut session = Session::new("serde");
    for (i, (name, lead)) in [("Code", "3d"), ("Review", "1d"), ("Release", "2w")]
        .iter()
        .enumerate()
    {
        let mut step = Step::new(i as u64 + 1, *name);
        step.lead_time = Duration::parse(lead).unwrap();
        session.current.insert_stage(i, step);
    }
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let log = measure::read(text.as_bytes(), &ReadOptions::default()).unwrap();
    measure::apply(
        &mut session,
        &log,
        "serde-prs.csv".into(),
        FlowOptions::default(),
    );
    session
}

fn charts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + 6;
        out.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out
}

#[test]
fn html_charts_draw_the_measured_figures() {
    let session = serde_session();
    let summary = &session.measured.as_ref().unwrap().summary;
    let html = export::render(&session, Format::Html, 100);
    assert!(html.contains("<h2>Measured flow</h2>"));
    let charts = charts(&html);
    let chart = |class: &str| {
        charts
            .iter()
            .find(|c| c.contains(&format!("class=\"{class}\"")))
            .unwrap_or_else(|| panic!("no {class} chart"))
            .clone()
    };

    let velocity = chart("velocity");
    let doc = roxmltree::Document::parse(&velocity).unwrap();
    let bars: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            n.descendants()
                .find(|t| t.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
                .to_string()
        })
        .collect();
    let busy: Vec<String> = summary
        .periods
        .iter()
        .filter(|p| p.done > 0)
        .map(|p| format!("{}: {}", p.start.format("%Y-%m"), p.done))
        .collect();
    assert_eq!(bars, busy);

    let flow = chart("flow-time");
    let doc = roxmltree::Document::parse(&flow).unwrap();
    let counted: usize = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            let title = n.descendants().find(|t| t.has_tag_name("title")).unwrap();
            title
                .text()
                .unwrap()
                .rsplit(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(counted, summary.done);
    let p50 = summary.flow_time.p50_hours.unwrap() / 24.0;
    let mark = format!("p50 {} d", vsm::model::duration::trim_number(p50));
    assert!(flow.contains(&mark), "{mark}");
    assert!(
        doc.descendants()
            .any(|n| n.attribute("class") == Some("p85"))
    );

    let load = chart("load");
    let doc = roxmltree::Document::parse(&load).unwrap();
    let line = doc
        .descendants()
        .find(|n| n.has_tag_name("polyline"))
        .unwrap();
    assert_eq!(
        line.attribute("points").unwrap().split(' ').count(),
        summary.periods.len()
    );

    let distribution = chart("distribution");
    let doc = roxmltree::Document::parse(&distribution).unwrap();
    for kind in &summary.types {
        let drawn: usize = doc
            .descendants()
            .filter_map(|n| n.has_tag_name("title").then(|| n.text()).flatten())
            .filter_map(|t| t.rsplit_once(": "))
            .filter(|(head, _)| head.split_once(' ').map(|h| h.1) == Some(kind.as_str()))
            .map(|(_, count)| count.parse::<usize>().unwrap())
            .sum();
        let index = summary.types.iter().position(|t| t == kind).unwrap();
        let want: usize = summary.periods.iter().map(|p| p.by_type[index]).sum();
        assert_eq!(drawn, want, "{kind}");
    }
}

#[test]
fn markdown_and_json_carry_the_figures() {
    let session = serde_session();
    let rows = export::measured::step_rows(&session);
    let markdown = export::render(&session, Format::Markdown, 100);
    assert!(markdown.contains("## Measured flow"));
    for row in &rows {
        let line = format!(
            "| {} | {} | {} | {} | {}",
            row.name, row.estimate, row.p50, row.p85, row.n
        );
        assert!(markdown.contains(&line), "{line}");
    }
    assert!(markdown.contains("| Month | Done | Load | debt |"));
    let json: serde_json::Value =
        serde_json::from_str(&export::render(&session, Format::Json, 100)).unwrap();
    assert_eq!(json["measured"]["summary"]["items"], 661);
    assert_eq!(
        json["current"]["stages"][0]["steps"][0]["states"][0],
        "Coding"
    );
}

#[test]
fn sessions_without_measurements_load_and_save_as_before() {
    let old = std::fs::read_to_string("tests/sessions/v1.ron").unwrap();
    let session: Session = ron::from_str(&old).unwrap();
    assert!(session.measured.is_none());
    let text = ron::ser::to_string_pretty(&session, Default::default()).unwrap();
    assert!(!text.contains("measured") && !text.contains("states"));
    let measured = serde_session();
    let text = ron::ser::to_string_pretty(&measured, Default::default()).unwrap();
    let back: Session = ron::from_str(&text).unwrap();
    assert_eq!(back, measured);
}
