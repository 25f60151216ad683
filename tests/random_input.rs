//! The random-input harness: the whole app driven by random keys (from every keymap section),
//! pasted text, window resizes from 1x1 to 400x150, clicks and wheel turns, starting from every
//! screen and view and from a session with a measured log, with a frame drawn into a buffer of
//! the window's size after each input.
//!
//! After every input: no panic (drawing outside the buffer panics), no change to a map the room
//! could not see when the key was pressed (undo and redo may change a hidden map but must then
//! show it), and a status line for every change. At the end: save then load gives the same
//! document, and undoing everything gives back the start.
//!
//! CI runs 256 cases. A longer round: `PROPTEST_CASES=20000 cargo test --release --test
//! random_input`. Failing cases proptest finds are kept in `tests/random_input.proptest-regressions`
//! and replayed first on every run.

mod common;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::keymap::{Context, Keymap};
use vsm::app::{Action, App, Screen, View, Zoom};
use vsm::model::{Session, Which};

#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Click(u16, u16),
    DoubleClick(u16, u16),
    Wheel(bool),
}

/// Where a case starts.
#[derive(Debug, Clone, Copy)]
enum Opening {
    StartScreen,
    DemoWithFuture,
    DemoAlone,
    Empty,
    /// The demo with the serde log measured: the mapping, flow and copy screens are reachable.
    Measured,
    /// The same, on the mapping screen.
    MeasuredMapping,
    /// The same, on the flow screen.
    MeasuredFlow,
}

/// Every key bound anywhere in the default keymap, so every mode is reached.
fn bound_keys() -> Vec<KeyEvent> {
    let keymap = Keymap::default();
    let mut keys = Vec::new();
    for (_, bindings) in keymap.all() {
        for binding in bindings {
            for key in &binding.keys {
                let event = key.event();
                if !keys.contains(&event) {
                    keys.push(event);
                }
            }
        }
    }
    keys
}

fn key_input() -> impl Strategy<Value = Input> {
    let typed = proptest::sample::select(vec![
        'a', 'B', '3', 'd', 'h', 'w', ' ', '-', '.', '日', 'é', '%', '0', '9', 'm', 'i', 'n',
    ])
    .prop_map(|c| Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    prop_oneof![
        4 => proptest::sample::select(bound_keys()).prop_map(Input::Key),
        2 => typed,
    ]
}

fn paste_input() -> impl Strategy<Value = Input> {
    proptest::sample::select(vec![
        "Checkout flow\nsecond line tqx".to_string(),
        "3d".into(),
        "\u{1b}[31mred\u{1b}[0m\r\n".into(),
        "🎉 launch 🚀".into(),
        "\u{202E}evil\u{202C}".into(),
        "x".repeat(300),
        "\t\n\n".into(),
        "2w\nxDqq".into(),
    ])
    .prop_map(Input::Paste)
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        12 => key_input(),
        1 => paste_input(),
        1 => (1u16..=400, 1u16..=150).prop_map(|(w, h)| Input::Resize(w, h)),
        1 => (0u16..420, 0u16..160).prop_map(|(x, y)| Input::Click(x, y)),
        1 => (0u16..420, 0u16..160).prop_map(|(x, y)| Input::DoubleClick(x, y)),
        1 => any::<bool>().prop_map(Input::Wheel),
    ]
}

fn start() -> impl Strategy<Value = Opening> {
    proptest::sample::select(vec![
        Opening::StartScreen,
        Opening::DemoWithFuture,
        Opening::DemoAlone,
        Opening::Empty,
        Opening::Measured,
        Opening::MeasuredMapping,
        Opening::MeasuredFlow,
    ])
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        (1u16..=400, 1u16..=150),
        (60u16..=220, 20u16..=70),
        proptest::sample::select(vec![
            (80, 24),
            (80, 29),
            (120, 33),
            (120, 35),
            (200, 31),
            (200, 60)
        ]),
    ]
}

fn open(
    start: Opening,
    (width, height): (u16, u16),
    zoom: Zoom,
    view: u8,
    presenting: bool,
) -> App {
    let mut app = match start {
        Opening::StartScreen => App::start(Vec::new()),
        Opening::DemoWithFuture => App::with_session(vsm::session::demo(), None),
        Opening::DemoAlone => common::demo(width, height),
        Opening::Empty => App::with_session(Session::new("Empty"), None),
        Opening::Measured => measured(None),
        Opening::MeasuredMapping => measured(Some('S')),
        Opening::MeasuredFlow => measured(Some('O')),
    };
    app.update(Action::Resize(width, height));
    app.viewer.zoom = zoom;
    app.viewer.presenting = presenting && app.viewer.screen == Screen::Map;
    if app.session().future.is_some() {
        app.viewer.view = [View::Split, View::Single, View::Comparison][view as usize % 3];
    }
    app
}

/// The demo (both maps) with the serde log loaded; its history starts after the load, and the
/// log stays in memory so mapping changes measure again at once. `key` opens a screen.
fn measured(key: Option<char>) -> App {
    let log = || {
        let text = std::fs::read_to_string("tests/data/serde-prs.csv").unwrap();
        vsm::measure::read(text.as_bytes(), &vsm::measure::ReadOptions::default()).unwrap()
    };
    let mut loading = App::with_session(vsm::session::demo(), None);
    loading.measuring.today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
    loading.log_loaded("serde-prs.csv".into(), Ok(log()));
    let mut app = App::with_session(loading.session().clone(), None);
    app.measuring.today = loading.measuring.today;
    // The same source again: measured in place, no edit to undo.
    app.log_loaded("serde-prs.csv".into(), Ok(log()));
    assert!(app.session().measured.is_some());
    if let Some(c) = key {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app
}

/// Draws a frame of the app's window size, as the terminal loop does, and records it.
fn frame(app: &mut App) {
    let (width, height) = app.viewer.viewport;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(vsm::ui::draw(frame, app)))
        .unwrap();
    app.record_drawn(drawn.unwrap());
}

fn is_undo_or_redo(app: &App, key: KeyEvent) -> bool {
    matches!(
        app.keymap.action(app.context(), key),
        Some(Action::Undo | Action::Redo)
    )
}

/// The answers to "draft a future state?" and "delete the future state?" change the future map
/// on purpose, in a dialog that names it.
fn answers_future_question(app: &App) -> bool {
    matches!(app.context(), Context::DraftFuture | Context::DeleteFuture)
}

fn back_to_the_map(app: &mut App) {
    for _ in 0..8 {
        if app.context() == Context::Map && !app.viewer.presenting {
            return;
        }
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_input_never_fails_in_front_of_the_room(
        start in start(),
        size in size(),
        zoom in proptest::sample::select(vec![Zoom::Compact, Zoom::Normal, Zoom::Large]),
        view in 0u8..3,
        presenting in any::<bool>(),
        inputs in proptest::collection::vec(input(), 0..40),
    ) {
        let mut app = open(start, size, zoom, view, presenting);
        let on_map_from_the_start = app.viewer.screen == Screen::Map;
        let first = app.session().clone();
        frame(&mut app);
        for input in &inputs {
            let before = app.session().clone();
            let shown_before: Vec<Which> = [Which::Current, Which::Future]
                .into_iter()
                .filter(|w| app.viewer.screen == Screen::Map && !app.too_small()
                    && app.viewer.drawn.maps.iter().any(|m| m.which == *w))
                .collect();
            // Opening a session from the start screen replaces the document: no map was hidden.
            let mut may_change_hidden = answers_future_question(&app) || app.viewer.screen == Screen::Start;
            // The mapping screen shows, as it changes them, the states of the focused map's steps.
            let mapping = (app.context() == Context::Mapping).then_some(app.viewer.focus);
            match input {
                Input::Key(key) => {
                    may_change_hidden |= is_undo_or_redo(&app, *key);
                    app.handle_key(*key);
                }
                Input::Paste(text) => app.handle_paste(text),
                Input::Resize(w, h) => {
                    app.update(Action::Resize(*w, *h));
                }
                Input::Click(x, y) => {
                    app.update(Action::Click(*x, *y));
                }
                Input::DoubleClick(x, y) => {
                    app.update(Action::DoubleClick(*x, *y));
                }
                Input::Wheel(right) => {
                    app.update(if *right { Action::Right } else { Action::Left });
                }
            }
            frame(&mut app);
            // What the screen showed was computed from caches: they equal fresh figures.
            if let Err(stale) = app.doc().cached_figures_are_fresh() {
                prop_assert!(false, "{stale} after {input:?}");
            }
            let changed = *app.session() != before;
            if changed && app.viewer.screen == Screen::Map {
                prop_assert!(app.viewer.status.is_some(), "a change with no status line after {input:?}");
            }
            for which in [Which::Current, Which::Future] {
                if before.map(which) == app.session().map(which) || mapping == Some(which) {
                    continue;
                }
                if may_change_hidden {
                    // Undo and redo show what they changed.
                    prop_assert!(
                        app.session().map(which).is_none()
                            || app.viewer.drawn.maps.iter().any(|m| m.which == which)
                            || app.too_small(),
                        "undo/redo changed the {} and left it hidden", which.name()
                    );
                } else {
                    prop_assert!(
                        shown_before.contains(&which),
                        "{input:?} changed the {} while it was not on screen", which.name()
                    );
                }
            }
        }

        // Save then load gives the same document, less links to deleted steps (the file keeps
        // none: the loader refuses them); every file vsm writes passes every loader rule.
        let text = vsm::session::to_ron(app.session());
        let loaded = vsm::session::file::parse(&text, "round trip").unwrap();
        let mut expected = app.session().clone();
        expected.drop_dangling_links();
        prop_assert_eq!(&loaded, &expected);

        // Undoing everything gives back the start.
        if on_map_from_the_start {
            app.update(Action::Resize(200, 60));
            back_to_the_map(&mut app);
            for _ in 0..inputs.len() + 2 {
                app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE));
            }
            frame(&mut app);
            prop_assert_eq!(app.session(), &first);
        }
    }
}
