//! Every measured figure checked against a computation written here, independently of
//! src/measure, on a small hand-made log with repeated states, rows out of time order, events
//! after done, an item without a type and items that never finish.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate};
use vsm::measure::{self, FlowOptions, Mapping, ReadOptions};
use vsm::model::{Map, Period, Step};

const LOG: &str = "\
Issue key,Issue Type,Status,Status Transition Date
A,feature,Doing,2024-01-01T09:00:00Z
A,feature,Review,2024-01-03T09:00:00Z
A,feature,Doing,2024-01-04T09:00:00Z
A,feature,Review,2024-01-05T21:00:00Z
A,feature,Done,2024-01-08T09:00:00Z
A,feature,Review,2024-01-09T09:00:00Z
B,defect,Review,2024-01-10T12:00:00+02:00
B,defect,Doing,2024-01-09T08:00:00+01:00
B,defect,Done,2024-02-12T10:00:00Z
C,,Waiting,2024-01-15T00:00:00Z
C,,Doing,2024-01-20T00:00:00Z
C,,Done,2024-01-20T00:00:00Z
D,feature,Doing,2024-02-01T00:00:00Z
D,feature,Review,2024-02-05T00:00:00Z
E,defect,Waiting,2024-03-01T00:00:00Z
E,defect,Doing,2024-03-02T00:00:00Z
E,defect,Review,2024-03-02T00:00:00Z
E,defect,Done,2024-03-20T00:00:00Z
";

/// Rows as the test reads them: item, type, state, seconds, file order.
fn rows() -> Vec<(String, String, String, i64, usize)> {
    LOG.lines()
        .skip(1)
        .enumerate()
        .map(|(i, line)| {
            let f: Vec<&str> = line.split(',').collect();
            let at = DateTime::parse_from_rfc3339(f[3]).unwrap().timestamp();
            (f[0].into(), f[1].into(), f[2].into(), at, i)
        })
        .collect()
}

fn rank(values: &[f64], p: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if v.is_empty() {
        return None;
    }
    let r = (p * v.len() as f64 - 1e-9).ceil() as usize;
    Some(v[r.max(1) - 1])
}

struct Expected {
    flow: Vec<f64>,
    active: f64,
    steps: BTreeMap<&'static str, Vec<f64>>,
    done_at: Vec<(String, i64)>,
    starts: Vec<i64>,
    in_progress: usize,
}

/// Straight from DESIGN.md, one item at a time.
fn expected(steps: &[(&'static str, &[&str])], done: &str, active: &[&str]) -> Expected {
    let mut by_item: BTreeMap<String, Vec<(i64, usize, String, String)>> = BTreeMap::new();
    for (item, kind, state, at, order) in rows() {
        by_item
            .entry(item)
            .or_default()
            .push((at, order, state, kind));
    }
    let mut out = Expected {
        flow: vec![],
        active: 0.0,
        steps: steps.iter().map(|(n, _)| (*n, vec![])).collect(),
        done_at: vec![],
        starts: vec![],
        in_progress: 0,
    };
    let mut total_flow = 0.0;
    for events in by_item.values_mut() {
        events.sort();
        out.starts.push(events[0].0);
        let Some(d) = events.iter().position(|e| e.2 == done) else {
            out.in_progress += 1;
            continue;
        };
        let hours = |i: usize| (events[i + 1].0 - events[i].0) as f64 / 3600.0;
        let flow = (events[d].0 - events[0].0) as f64 / 3600.0;
        out.flow.push(flow);
        total_flow += flow;
        out.active += (0..d)
            .filter(|i| active.contains(&events[*i].2.as_str()))
            .map(hours)
            .sum::<f64>();
        for (name, states) in steps {
            let visits: Vec<usize> = (0..d)
                .filter(|i| states.contains(&events[*i].2.as_str()))
                .collect();
            if !visits.is_empty() {
                let t = visits.iter().map(|i| hours(*i)).sum();
                out.steps.get_mut(name).unwrap().push(t);
            }
        }
        let kind = events[0].3.clone();
        out.done_at.push((kind, events[d].0));
    }
    out.active /= total_flow;
    out
}

fn map(steps: &[(&str, &[&str])]) -> Map {
    let mut map = Map::default();
    for (i, (name, states)) in steps.iter().enumerate() {
        let mut step = Step::new(i as u64 + 1, *name);
        step.states = states.iter().map(|s| s.to_string()).collect();
        map.insert_stage(i, step);
    }
    map
}

#[test]
fn every_figure_matches_an_independent_computation() {
    let steps: [(&str, &[&str]); 2] = [("Build", &["Doing", "Waiting"]), ("Review", &["Review"])];
    let active = ["Doing"];
    let log = measure::read(LOG.as_bytes(), &ReadOptions::default()).unwrap();
    let mapping = Mapping::of(
        &map(&steps),
        &["Done".to_string()],
        &active.map(String::from),
    );
    let options = FlowOptions {
        period: Period::Month,
        ..FlowOptions::default()
    };
    let got = measure::summarise(&log, &mapping, &options);
    let want = expected(&steps, "Done", &active);

    assert_eq!(got.items, 5);
    assert_eq!(got.steps.len(), 2);
    assert_eq!(got.periods.len(), 3);
    assert_eq!(got.done, want.flow.len());
    assert_eq!(got.in_progress, want.in_progress);
    assert_eq!(got.done + got.in_progress, got.items);
    assert_eq!(got.out_of_order, 1, "B's rows are not in time order");
    assert_eq!(got.after_done, 1, "A's last Review comes after Done");
    assert_eq!(got.flow_time.n, want.flow.len());
    assert_eq!(got.flow_time.p50_hours, rank(&want.flow, 0.5));
    assert_eq!(got.flow_time.p85_hours, rank(&want.flow, 0.85));
    let efficiency = got.flow_efficiency.unwrap();
    assert!((efficiency - want.active).abs() < 1e-12, "{efficiency}");
    for step in &got.steps {
        let values = &want.steps[step.name.as_str()];
        assert_eq!(step.n, values.len(), "{}", step.name);
        assert_eq!(step.p50_hours, rank(values, 0.5), "{}", step.name);
        assert_eq!(step.p85_hours, rank(values, 0.85), "{}", step.name);
    }

    // Periods: every month from the first event to the last.
    let month = |at: i64| {
        let d = DateTime::from_timestamp(at, 0).unwrap().date_naive();
        NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap()
    };
    let months: Vec<NaiveDate> = got.periods.iter().map(|p| p.start).collect();
    let first = rows().iter().map(|r| r.3).min().unwrap();
    let last = rows().iter().map(|r| r.3).max().unwrap();
    assert_eq!(months.first(), Some(&month(first)));
    assert_eq!(months.last(), Some(&month(last)));
    for period in &got.periods {
        let done: Vec<&(String, i64)> = want
            .done_at
            .iter()
            .filter(|(_, at)| month(*at) == period.start)
            .collect();
        assert_eq!(period.done, done.len(), "velocity in {}", period.start);
        for (i, kind) in got.types.iter().enumerate() {
            let kind = if kind == "no type" { "" } else { kind.as_str() };
            let count = done.iter().filter(|(k, _)| k == kind).count();
            assert_eq!(period.by_type[i], count, "{kind} in {}", period.start);
        }
        let next = if period.start.month() == 12 {
            NaiveDate::from_ymd_opt(period.start.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(period.start.year(), period.start.month() + 1, 1)
        };
        let end = next
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let started = want.starts.iter().filter(|s| **s < end).count();
        let finished = want.done_at.iter().filter(|(_, at)| *at < end).count();
        assert_eq!(
            period.load,
            started - finished,
            "load at end of {}",
            period.start
        );
    }
}

#[test]
fn since_a_day_counts_only_items_started_from_it() {
    let steps: [(&str, &[&str]); 1] = [("Build", &["Doing"])];
    let log = measure::read(LOG.as_bytes(), &ReadOptions::default()).unwrap();
    let mapping = Mapping::of(&map(&steps), &["Done".to_string()], &[]);
    let options = FlowOptions {
        since: NaiveDate::from_ymd_opt(2024, 2, 1),
        ..FlowOptions::default()
    };
    let got = measure::summarise(&log, &mapping, &options);
    assert_eq!((got.items, got.done, got.in_progress), (2, 1, 1));
    assert_eq!(got.flow_efficiency, Some(0.0));
}

#[test]
fn the_serde_log_is_read_whole_and_says_what_it_left_out() {
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let rows = text.lines().count() - 1;
    let log = measure::read(text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(log.events.len(), rows);
    let mut session = vsm::model::Session::new("serde");
    session.current = map(&[("Code", &[]), ("Review", &[]), ("Release", &[])]);
    measure::apply(
        &mut session,
        &log,
        "serde-prs.csv".into(),
        FlowOptions::default(),
    );
    let measured = session.measured.unwrap();
    assert_eq!(measured.done, ["Released"]);
    let summary = &measured.summary;
    let items: std::collections::HashSet<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(summary.items, items.len());
    let never_released = items
        .iter()
        .filter(|i| {
            !text
                .lines()
                .any(|l| l.starts_with(&format!("{i},")) && l.ends_with_released())
        })
        .count();
    assert_eq!(summary.in_progress, never_released);
    assert!(summary.out_of_order > 0);
    let code = session.current.steps().next().unwrap();
    assert_eq!(code.states, ["Coding"]);
}

trait Released {
    fn ends_with_released(&self) -> bool;
}

impl Released for str {
    fn ends_with_released(&self) -> bool {
        self.rsplit(',').nth(1) == Some("Released")
    }
}

#[test]
fn another_log_gets_a_fresh_proposal_and_the_same_log_keeps_the_facilitators_mapping() {
    let serde = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let serde = measure::read(serde.as_bytes(), &ReadOptions::default()).unwrap();
    let mut session = vsm::model::Session::new("t");
    session.current = map(&[("Build", &[]), ("Check", &[])]);
    measure::apply(
        &mut session,
        &serde,
        "serde.csv".into(),
        FlowOptions::default(),
    );
    // The facilitator says Review is done work for this map, and maps Coding to Check.
    session.current.stages[0].steps[0].states.clear();
    session.current.stages[1].steps[0].states = vec!["Coding".into()];
    measure::apply(
        &mut session,
        &serde,
        "serde.csv".into(),
        FlowOptions::default(),
    );
    assert_eq!(session.current.stages[1].steps[0].states, ["Coding"]);

    let jira = measure::read(LOG.as_bytes(), &ReadOptions::default()).unwrap();
    measure::apply(
        &mut session,
        &jira,
        "jira.csv".into(),
        FlowOptions::default(),
    );
    let measured = session.measured.as_ref().unwrap();
    assert_eq!(measured.done, ["Done"]);
    let mapped: Vec<String> = session
        .current
        .steps()
        .flat_map(|s| s.states.clone())
        .collect();
    assert!(
        mapped.iter().all(|s| LOG.contains(&format!(",{s},"))),
        "{mapped:?}"
    );
    assert!(!mapped.is_empty());
}
