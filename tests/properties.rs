//! Random sequences of what a facilitator might press, checked against the rules that must
//! always hold. `PROPTEST_CASES=5000 cargo test --test properties` runs a longer round.

mod common;

use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::{App, Mode};
use vsm::model::{Map, MapMetrics, Session, WorkCalendar};

/// Keys and bits of typing that reach every part of the app.
fn press() -> impl Strategy<Value = Vec<KeyEvent>> {
    let plain = |c: char| vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)];
    let code = |k: KeyCode| vec![KeyEvent::new(k, KeyModifiers::NONE)];
    let ctrl = |c: char| vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)];
    let typed = |text: &str| {
        text.chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            .collect::<Vec<_>>()
    };
    let mut choices: Vec<Vec<KeyEvent>> = "aipexHLwWnNtuFcDyrv=hjklgGq?s:/mfM"
        .chars()
        .map(plain)
        .collect();
    for k in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Backspace,
        KeyCode::Home,
        KeyCode::End,
    ] {
        choices.push(code(k));
    }
    for c in ['u', 'r', 'z', 'y'] {
        choices.push(ctrl(c));
    }
    for text in [
        "3d",
        "4h",
        "30min",
        "0",
        "2w",
        "Build",
        "150",
        "-1d",
        "99999999999w",
        "NaN",
        "日本",
    ] {
        choices.push(typed(text));
    }
    proptest::sample::select(choices)
}

fn back_to_the_map(app: &mut App) {
    for _ in 0..5 {
        if matches!(app.viewer.mode, Mode::Normal)
            && app.context() == vsm::app::keymap::Context::Map
        {
            return;
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    }
}

/// Lead time, process time and total work recomputed the plain way, to check the one place
/// metrics are computed.
fn recomputed(map: &Map, calendar: &WorkCalendar) -> (f64, f64, f64) {
    let mut lead = 0.0;
    let mut process = 0.0;
    let mut work = 0.0;
    for stage in &map.stages {
        let mut longest: Option<(f64, f64)> = None;
        for step in &stage.steps {
            let lt = step.lead_time.hours(calendar);
            let pt = step.process_time.hours(calendar);
            work += pt;
            if longest.is_none_or(|(l, _)| lt > l) {
                longest = Some((lt, pt));
            }
        }
        if let Some((l, p)) = longest {
            lead += l;
            process += p;
        }
    }
    (lead, process, work)
}

fn check_document(session: &Session) {
    session
        .validate()
        .expect("every accepted edit keeps the document valid");
    for (_, map) in session.maps() {
        let m = MapMetrics::of(map, &session.calendar);
        let (lead, process, work) = recomputed(map, &session.calendar);
        assert!((m.lead_time_hours - lead).abs() < 1e-6);
        assert!((m.process_time_hours - process).abs() < 1e-6);
        assert!((m.total_work_hours - work).abs() < 1e-6);
        assert!(m.process_time_hours <= m.lead_time_hours + 1e-9);
        if let Some(ratio) = m.activity_ratio {
            assert!((0.0..=1.0 + 1e-9).contains(&ratio));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_key_sequences_keep_every_rule(
        keys in proptest::collection::vec(press(), 0..60),
        width in 20u16..260,
        height in 5u16..80,
    ) {
        let mut app = common::demo_with_future(width, height);
        let start = app.session().clone();
        for group in &keys {
            for key in group {
                app.handle_key(*key);
            }
            check_document(app.session());
        }
        common::screen(&app, width, height);

        // Save then load gives the same document, less links to deleted steps; every file
        // vsm writes passes every rule of the loader.
        let text = vsm::session::to_ron(app.session());
        let loaded = vsm::session::file::parse(&text, "round trip").unwrap();
        let mut expected = app.session().clone();
        expected.drop_dangling_links();
        prop_assert_eq!(&loaded, &expected);

        // Undoing every change restores the starting document.
        back_to_the_map(&mut app);
        for _ in 0..keys.len() * 2 + 1 {
            app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE));
        }
        prop_assert_eq!(app.session(), &start);
    }
}

/// Session text mangled the ways a hand edit or a broken disk might: cut, spliced, with
/// bytes changed. Loading answers with a session or an error, never a panic, and whatever it
/// accepts saves and loads back the same. (The fuzz target in `fuzz/` does this unguided.)
fn mangled_session_text() -> impl Strategy<Value = String> {
    let demo = vsm::session::DEMO_RON.to_string();
    let len = demo.len();
    (
        0..len,
        0..len,
        proptest::collection::vec((0..len, any::<char>()), 0..6),
    )
        .prop_map(move |(cut_from, cut_to, replacements)| {
            let mut chars: Vec<char> = demo.chars().collect();
            for (at, c) in replacements {
                let at = at % chars.len();
                chars[at] = c;
            }
            let (a, b) = (
                cut_from.min(cut_to) % chars.len(),
                cut_from.max(cut_to) % chars.len(),
            );
            if a != b && (b - a) % 3 == 0 {
                chars.drain(a..b);
            }
            chars.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn loading_any_text_never_panics(text in mangled_session_text()) {
        if let Ok(session) = vsm::session::file::parse(&text, "mangled") {
            let again = vsm::session::file::parse(&vsm::session::to_ron(&session), "again").unwrap();
            prop_assert_eq!(session, again);
        }
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("any.ron");
        std::fs::write(&path, &bytes).unwrap();
        let _ = vsm::session::load(&path);
    }
}

/// CSV rows built from cells a spreadsheet might hold, right or wrong.
fn csv_text() -> impl Strategy<Value = String> {
    let cell = proptest::sample::select(vec![
        "",
        "Build",
        "3d",
        "4h",
        "30min",
        "2w",
        "0",
        "yes",
        "no",
        "12",
        "-1",
        "abc",
        "\"quoted, comma\"",
        "150",
        "85",
        "日本",
        "future",
        "current",
        "\"",
        ",",
    ]);
    let header = proptest::sample::subsequence(
        vec![
            "step",
            "lead_time",
            "process_time",
            "complete_accurate",
            "owner",
            "phase",
            "parallel",
            "queue_label",
            "queue_items",
            "map",
        ],
        1..10,
    )
    .prop_shuffle();
    (
        header,
        proptest::collection::vec(proptest::collection::vec(cell, 1..11), 0..8),
    )
        .prop_map(|(header, rows)| {
            let mut text = header.join(",") + "\n";
            for row in rows {
                text += &row.join(",");
                text += "\n";
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn importing_any_csv_never_panics_and_round_trips(text in csv_text()) {
        let options = || vsm::export::csv::ImportOptions {
            title: "t".into(),
            calendar: Default::default(),
        };
        match vsm::export::csv::import(&text, "any.csv", options()) {
            Ok(session) => {
                let csv = vsm::export::csv::export(&session);
                let again = vsm::export::csv::import(&csv, "again.csv", options()).unwrap();
                prop_assert_eq!(session.current.step_count(), again.current.step_count());
                let metrics = |s: &vsm::model::Session| MapMetrics::of(&s.current, &s.calendar).lead_time_hours;
                prop_assert_eq!(metrics(&session), metrics(&again));
            }
            Err(error) => prop_assert!(error.to_string().starts_with("any.csv")),
        }
    }
}
