//! Measured flow in the app, driven by keys: loading the serde log, the boxes and the metrics
//! line, the mapping screen, copying measured times into estimates, the flow screen and "did we
//! get there?". Snapshots at 80x24 and at a projector's 200x60.

mod common;

use chrono::NaiveDate;
use common::{key, shown, typing};
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App, Effect, Mode};
use vsm::measure::{self, ReadOptions};
use vsm::model::{Duration, Session, Step};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn serde_log() -> measure::EventLog {
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    measure::read(text.as_bytes(), &ReadOptions::default()).unwrap()
}

/// The 3-step map (Code, Review, Release) with the serde log loaded through the E key.
fn measured_app(width: u16, height: u16) -> App {
    let mut session = Session::new("serde pull requests");
    for (i, (name, process, lead)) in [
        ("Code", "2d", "3d"),
        ("Review", "2h", "1d"),
        ("Release", "1h", "2w"),
    ]
    .iter()
    .enumerate()
    {
        let mut step = Step::new(i as u64 + 1, *name);
        step.process_time = Duration::parse(process).unwrap();
        step.lead_time = Duration::parse(lead).unwrap();
        session.current.insert_stage(i, step);
    }
    let mut app = App::with_session(session, None);
    app.measuring.today = NaiveDate::from_ymd_opt(2026, 3, 1);
    app.update(Action::Resize(width, height));
    shown(&mut app, width, height);
    assert!(key(&mut app, KeyCode::Char('E')).is_none());
    typing(&mut app, "serde-prs.csv");
    let effect = key(&mut app, KeyCode::Enter);
    assert_eq!(effect, Some(Effect::LoadLog("serde-prs.csv".into())));
    // What the event loop does with that effect, with the file's name kept short for the
    // snapshots.
    app.log_loaded("serde-prs.csv".into(), Ok(serde_log()));
    app
}

#[test]
fn boxes_show_the_same_figures_as_the_report_and_the_html_export() {
    for (w, h) in SIZES {
        let mut app = measured_app(w, h);
        let screen = shown(&mut app, w, h);
        let rows = vsm::export::measured::step_rows(app.session());
        let html = vsm::export::render(app.session(), vsm::export::Format::Html, 100);
        for row in &rows {
            // Narrow boxes show "p50–p85 nN", wide ones "LT · p50 .. p85 .. nN".
            let figures = if w >= 200 {
                format!("p50 {} p85 {} n{}", row.p50, row.p85, row.n)
            } else {
                format!("{}–{} n{}", row.p50, row.p85, row.n)
            };
            assert!(screen.contains(&figures), "{figures} on\n{screen}");
            assert!(html.contains(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                row.p50, row.p85
            )));
            assert!(row.off, "every serde estimate here is off by more than 2x");
        }
        assert_eq!(screen.matches("off ×2").count(), 3);
        assert!(screen.contains("Measured"));
        assert_snapshot!(format!("measured_map_{w}x{h}"), screen);
    }
}

#[test]
fn the_flow_screen_is_readable_small_and_large() {
    for (w, h) in SIZES {
        let mut app = measured_app(w, h);
        key(&mut app, KeyCode::Char('O'));
        assert!(matches!(app.viewer.mode, Mode::Flow { .. }));
        let screen = shown(&mut app, w, h);
        for needle in [
            "Velocity",
            "Flow time",
            "Load",
            "Distribution",
            "flow efficiency",
        ] {
            assert!(screen.contains(needle), "{needle} at {w}x{h}");
        }
        assert_snapshot!(format!("flow_{w}x{h}"), screen);
    }
}

#[test]
fn the_period_changes_as_one_undoable_edit() {
    let mut app = measured_app(80, 24);
    key(&mut app, KeyCode::Char('O'));
    let months = app
        .session()
        .measured
        .as_ref()
        .unwrap()
        .summary
        .periods
        .len();
    key(&mut app, KeyCode::Char('p'));
    let weeks = &app.session().measured.as_ref().unwrap().summary;
    assert_eq!(weeks.period, vsm::model::Period::Quarter);
    assert!(weeks.periods.len() < months);
    assert!(shown(&mut app, 80, 24).contains("per quarter"));
}

#[test]
fn the_mapping_screen_moves_states_and_measures_again() {
    let mut app = measured_app(80, 24);
    key(&mut app, KeyCode::Char('S'));
    let screen = shown(&mut app, 80, 24);
    assert_snapshot!("mapping_80x24", screen);
    let code_n = |app: &App| app.session().measured.as_ref().unwrap().summary.steps[0].n;
    let review_p50 =
        |app: &App| app.session().measured.as_ref().unwrap().summary.steps[1].p50_hours;
    let before = (code_n(&app), review_p50(&app));
    // Coding goes to Review: Code measures nothing, Review covers coding and review.
    key(&mut app, KeyCode::Right);
    assert_eq!(
        app.session().current.steps().nth(1).unwrap().states,
        ["Review", "Coding"]
    );
    assert_eq!(code_n(&app), 0);
    assert!(review_p50(&app) > before.1);
    assert!(shown(&mut app, 80, 24).contains("Coding                      661  Review"));
    // Waiting, not active: flow efficiency drops.
    let efficiency = |app: &App| {
        app.session()
            .measured
            .as_ref()
            .unwrap()
            .summary
            .flow_efficiency
            .unwrap()
    };
    let active = efficiency(&app);
    key(&mut app, KeyCode::Char('a'));
    assert!(efficiency(&app) < active);
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!((code_n(&app), review_p50(&app)), before);
    assert!((efficiency(&app) - active).abs() < 1e-12);
    // Before the first step the state is unmapped, and listed as such.
    key(&mut app, KeyCode::Left);
    assert!(shown(&mut app, 80, 24).contains("Unmapped states: Coding"));
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.viewer.mode, Mode::Normal));
}

#[test]
fn copying_measured_times_is_one_undoable_edit() {
    let mut app = measured_app(80, 24);
    let estimates = |app: &App| -> Vec<String> {
        app.session()
            .current
            .steps()
            .map(|s| s.lead_time.to_string())
            .collect()
    };
    let before = estimates(&app);
    let rows = vsm::export::measured::step_rows(app.session());
    key(&mut app, KeyCode::Char('C'));
    let screen = shown(&mut app, 80, 24);
    assert!(screen.contains("p50 this step"));
    key(&mut app, KeyCode::Char('a'));
    let after = estimates(&app);
    let shown_p50: Vec<String> = rows.iter().map(|r| r.p50.clone()).collect();
    // Same rounding: the box shows 0.1 d steps, lead times keep one decimal of days or hours.
    for (lead, p50) in after.iter().zip(&shown_p50) {
        let lead = Duration::parse(lead)
            .unwrap()
            .hours(&app.session().calendar);
        let p50 = if let Some(d) = p50.strip_suffix('d') {
            d.parse::<f64>().unwrap() * 8.0
        } else if let Some(h) = p50.strip_suffix('h') {
            h.parse::<f64>().unwrap()
        } else {
            p50.trim_end_matches("min").parse::<f64>().unwrap() / 60.0
        };
        assert!((lead - p50).abs() <= 0.05 * 8.0 + 1e-9, "{lead} vs {p50}");
    }
    for step in app.session().current.steps() {
        assert!(
            step.process_time.hours(&app.session().calendar)
                <= step.lead_time.hours(&app.session().calendar)
        );
    }
    assert!(!shown(&mut app, 80, 24).contains("off ×2"));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(estimates(&app), before);
}

#[test]
fn did_we_get_there_measures_the_future_from_its_draft_date() {
    let (w, h) = (200, 60);
    let mut app = measured_app(w, h);
    // The future state is drafted on 2024-01-01 with a one-day review and a two-day release.
    app.measuring.today = NaiveDate::from_ymd_opt(2024, 1, 1);
    key(&mut app, KeyCode::Char('F'));
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.session().future_drafted_on, app.measuring.today);
    shown(&mut app, w, h);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    // Lead time comes right after the name; entering it selects it, typing replaces it.
    key(&mut app, KeyCode::Tab);
    typing(&mut app, "2d");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.session()
            .future
            .as_ref()
            .unwrap()
            .steps()
            .nth(2)
            .unwrap()
            .lead_time
            .to_string(),
        "2d"
    );
    // Months later, the team loads a newer log.
    app.log_loaded("serde-prs.csv".into(), Ok(serde_log()));
    let measured = app.session().measured.as_ref().unwrap();
    let since = measured.since_future.as_ref().unwrap();
    let log = serde_log();
    let started_since = log
        .item_events
        .iter()
        .filter(|r| {
            let first = log.events[r.start].at;
            first
                >= chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc()
                    .timestamp()
        })
        .count();
    assert_eq!(since.items, started_since);
    key(&mut app, KeyCode::Char('O'));
    key(&mut app, KeyCode::Char('g'));
    let screen = shown(&mut app, w, h);
    assert!(
        screen.contains("Future target against measured since 2024-01-01"),
        "{screen}"
    );
    assert!(screen.contains("Lead time (flow time p50)"));
    assert_snapshot!("did_we_get_there_200x60", screen);
}

#[test]
fn after_reopening_a_mapping_change_reads_the_log_again_and_undoes_in_one_step() {
    let app = measured_app(80, 24);
    let session = app.session().clone();
    // As when the session file is opened again: figures and mapping saved, no log in memory.
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(80, 24));
    shown(&mut app, 80, 24);
    let before = app.session().measured.as_ref().unwrap().summary.clone();
    key(&mut app, KeyCode::Char('S'));
    let effect = key(&mut app, KeyCode::Right);
    assert_eq!(effect, Some(Effect::LoadLog("serde-prs.csv".into())));
    app.log_loaded("serde-prs.csv".into(), Ok(serde_log()));
    let after = app.session().measured.as_ref().unwrap().summary.clone();
    assert_eq!(
        after.steps[0].n, 0,
        "Coding moved to Review, Code measures nothing"
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.session().measured.as_ref().unwrap().summary, before);
    assert_eq!(
        app.session().current.steps().next().unwrap().states,
        ["Coding"]
    );
}

#[test]
fn the_palette_finds_the_measuring_actions_and_note_keys_still_note() {
    let mut app = measured_app(120, 35);
    typing(&mut app, ":measure");
    let text = shown(&mut app, 120, 35);
    for (key, action) in [
        ("E", "load an event log"),
        ("S", "map the log's states to steps"),
        ("O", "flow charts"),
        ("C", "copy measured p50 or p85"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(action))
            .unwrap_or_else(|| panic!("{action} in\n{text}"));
        assert!(line.contains(&format!(" {key} ")), "{key} on {line}");
    }
    // Enter runs the chosen one as its key would: the flow screen, then S for the mapping,
    // and the key of a screen goes back to the map.
    typing(&mut app, " flow");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.viewer.mode, Mode::Flow { .. }));
    typing(&mut app, "S");
    assert!(matches!(app.viewer.mode, Mode::Mapping { .. }));
    typing(&mut app, "O");
    assert!(matches!(app.viewer.mode, Mode::Flow { .. }));
    typing(&mut app, "O");
    assert!(matches!(app.viewer.mode, Mode::Normal));
    // c, y, m and f note what the room said on the selected step, log or no log.
    let notes = |app: &App| {
        app.session()
            .current
            .steps()
            .next()
            .unwrap()
            .annotations
            .len()
    };
    let before = notes(&app);
    for kind in ['c', 'y', 'm', 'f'] {
        typing(&mut app, &format!("{kind}said in the room"));
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.viewer.mode, Mode::Normal), "{kind}");
    }
    assert_eq!(notes(&app), before + 4);
}

/// Elapsed hours as the flow screen shows them, computed here: days to one decimal.
fn elapsed_days(hours: f64) -> String {
    let days = (hours / 24.0 * 10.0).round() / 10.0;
    format!("{days}d")
}

/// A digit beside a partial block reads as one figure ("2▂").
fn beside_a_partial_block(line: &str) -> bool {
    let partial = |c: char| ('▁'..='▇').contains(&c);
    let chars: Vec<char> = line.chars().collect();
    chars.windows(2).any(|pair| {
        (pair[0].is_ascii_digit() && partial(pair[1]))
            || (partial(pair[0]) && pair[1].is_ascii_digit())
    })
}

#[test]
fn the_flow_screen_keeps_figures_whole_says_its_clock_and_names_the_months() {
    for (w, h) in SIZES {
        let mut app = measured_app(w, h);
        key(&mut app, KeyCode::Char('O'));
        let screen = shown(&mut app, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let summary = &app.session().measured.as_ref().unwrap().summary;
        let figures = format!(
            "p50 {} p85 {}",
            elapsed_days(summary.flow_time.p50_hours.unwrap()),
            elapsed_days(summary.flow_time.p85_hours.unwrap())
        );
        assert_eq!(figures, "p50 2.6d p85 21.6d");
        // The facts line: whole, inside the frame, in elapsed time like the histogram.
        let facts = lines.iter().find(|l| l.contains(" done, ")).unwrap();
        assert!(
            facts.contains(&format!("flow time {figures} elapsed")),
            "{facts}"
        );
        assert!(facts.contains("flow efficiency 71%"), "{facts}");
        assert!(facts.trim_end().ends_with('│'), "{facts}");
        // The histogram's title keeps both figures, and says elapsed here or in its caption.
        let title = lines
            .iter()
            .position(|l| l.contains("┐┌ Flow time"))
            .unwrap();
        assert!(
            lines[title].contains(&format!("{figures} n653")),
            "{}",
            lines[title]
        );
        assert!(
            lines[title].contains("elapsed") || lines[title + 1].contains("elapsed"),
            "{screen}"
        );
        // Counts never touch a partial bar.
        for line in &lines {
            assert!(!beside_a_partial_block(line), "{line}");
        }
        // The velocity bars have their months under them, whole and apart.
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let axis = lines
            .iter()
            .find(|l| l.starts_with("││Mar "))
            .unwrap_or_else(|| panic!("no month axis:\n{screen}"));
        let velocity = axis.split("││").nth(1).unwrap();
        let named = velocity
            .split_whitespace()
            .filter(|word| months.contains(word))
            .count();
        assert!(named >= if w >= 200 { 24 } else { 6 }, "{named} in {axis}");
    }
}

#[test]
fn the_measured_line_under_the_map_keeps_figures_and_units_whole() {
    for (w, h) in SIZES {
        let app = &mut measured_app(w, h);
        let screen = shown(app, w, h);
        let line = screen
            .lines()
            .find(|l| l.starts_with(" Measured "))
            .unwrap();
        for whole in ["p50 1.9d", "p85 15.4d", "working", "efficiency 71%"] {
            assert!(line.contains(whole), "{whole} at {w}x{h}: {line}");
        }
        assert!(line.chars().count() <= w as usize);
        assert!(
            line.ends_with("% ") || line.ends_with("flow") || line.ends_with("mapping"),
            "{line}"
        );
    }
}

/// The map of `measured_app` with the E form open and `path` typed and submitted, read as
/// the event loop reads it.
fn submit_log(app: &mut App, path: &str) {
    key(app, KeyCode::Char('E'));
    key(app, KeyCode::Backspace);
    typing(app, path);
    let effect = key(app, KeyCode::Enter);
    assert_eq!(effect, Some(Effect::LoadLog(path.into())));
    vsm::measure_command::load_into(app, path.into());
}

#[test]
fn a_log_that_cannot_be_read_keeps_the_form_with_the_path_and_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let no_item = dir.path().join("no-item.csv");
    std::fs::write(&no_item, "state,time\nReview,2024-01-02\n").unwrap();
    let no_item = no_item.to_str().unwrap().to_string();
    for (w, h) in SIZES {
        for (path, says) in [
            ("nonexist.csv", "cannot read"),
            (no_item.as_str(), "no column for"),
        ] {
            let mut session = Session::new("serde pull requests");
            session.current.insert_stage(0, Step::new(1, "Code"));
            let mut app = App::with_session(session, None);
            app.update(Action::Resize(w, h));
            submit_log(&mut app, path);
            assert!(matches!(app.viewer.mode, Mode::Form(_)), "{path}");
            let screen = shown(&mut app, w, h);
            // The path stays typed, the error is in the form, wrapped, not cut.
            let Mode::Form(form) = &app.viewer.mode else {
                unreachable!()
            };
            assert_eq!(form.text(0), path);
            if path.len() < 20 {
                assert!(screen.contains(path), "{screen}");
            }
            let words: String = screen
                .split_whitespace()
                .filter(|word| !word.contains('│'))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(words.contains(says), "{says} at {w}x{h}:\n{screen}");
            assert!(!screen.lines().next().unwrap().contains(says), "{screen}");
            // The next keys still go to the form, not to the map.
            typing(&mut app, "O");
            assert!(matches!(app.viewer.mode, Mode::Form(_)));
            assert!(app.session().measured.is_none());
        }
    }
    // Once the path is right, the form closes on the measured map.
    let mut session = Session::new("serde pull requests");
    session.current.insert_stage(0, Step::new(1, "Code"));
    let mut app = App::with_session(session, None);
    submit_log(&mut app, "nonexist.csv");
    for _ in 0.."nonexist.csv".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typing(&mut app, "tests/data/serde-prs.csv");
    let effect = key(&mut app, KeyCode::Enter).unwrap();
    let Effect::LoadLog(source) = effect else {
        panic!("{effect:?}")
    };
    vsm::measure_command::load_into(&mut app, source);
    assert!(matches!(app.viewer.mode, Mode::Normal));
    assert_eq!(app.session().measured.as_ref().unwrap().summary.items, 661);
}

#[test]
fn x_on_the_mapping_screen_drops_the_items_that_end_in_a_state() {
    let mut app = measured_app(80, 24);
    // Counted here from the file: items whose last state (in time order) is Awaiting release.
    let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
    let mut last: std::collections::HashMap<&str, (i64, &str)> = Default::default();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (item, state, at) = (
            fields[0],
            fields[fields.len() - 2],
            fields[fields.len() - 1],
        );
        let at = chrono::DateTime::parse_from_rfc3339(at)
            .unwrap()
            .timestamp();
        let entry = last.entry(item).or_insert((at, state));
        if at >= entry.0 {
            *entry = (at, state);
        }
    }
    let ending: Vec<&str> = last
        .iter()
        .filter(|(_, (_, s))| *s == "Awaiting release")
        .map(|(item, _)| *item)
        .collect();
    let waiting = ending.len();
    // Some of them were released before and went back: they were done.
    let released = ending
        .iter()
        .filter(|item| {
            text.contains(&format!("\n{item},")) && {
                text.lines()
                    .any(|l| l.starts_with(&format!("{item},")) && l.contains(",Released,"))
            }
        })
        .count();
    assert!(waiting > released && released > 0, "{waiting} {released}");
    let summary = |app: &App| app.session().measured.as_ref().unwrap().summary.clone();
    let before = summary(&app);
    key(&mut app, KeyCode::Char('S'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('x'));
    let after = summary(&app);
    assert_eq!(after.dropped, waiting);
    assert_eq!(after.done, before.done - released);
    assert_eq!(after.in_progress, before.in_progress - (waiting - released));
    assert_eq!(after.items, before.items - waiting);
    let screen = shown(&mut app, 80, 24);
    assert!(
        screen.contains("Awaiting release            661  Release                  dropped"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(
            "{waiting} dropped (Awaiting release), out of every figure"
        )),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(summary(&app), before);
}
