//! Input written to hurt: session files that load but whose figures index past what they
//! describe or whose sizes are far beyond what vsm writes, arguments full of escapes, pastes
//! too long for a field, names full of zero-width and joining characters. Nothing of it may
//! crash or stall the app or an export, or break what the screen shows.

mod common;

use std::time::{Duration as Elapsed, Instant};

use common::{key, shown};
use ratatui::crossterm::event::KeyCode;
use vsm::app::{App, Mode};
use vsm::export::{self, Format};
use vsm::measure::{self, FlowOptions, ReadOptions};
use vsm::model::{Duration, Session, Step};
use vsm::session;

fn measured() -> Session {
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

/// `session` as a file would bring it: written, then read back with every check.
fn through_a_file(session: &Session) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.ron");
    std::fs::write(&path, session::to_ron(session)).unwrap();
    session::load(&path).expect("the file loads")
}

#[test]
fn counts_for_types_the_file_does_not_name_never_crash_the_html_export() {
    let mut session = measured();
    let summary = &mut session.measured.as_mut().unwrap().summary;
    let types = summary.types.len();
    for period in &mut summary.periods {
        period.by_type.resize(types + 3, 2);
    }
    let session = through_a_file(&session);
    let html = export::render(&session, Format::Html, 100);
    assert!(html.contains("class=\"distribution\""));
    assert!(html.contains(" other"), "unnamed counts drawn as other");
    // The same file through the command line: a clean exit, not 101.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.ron");
    std::fs::write(&path, session::to_ron(&session)).unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vsm"))
        .args(["export", path.to_str().unwrap(), "-f", "html"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn two_hundred_thousand_histogram_bins_draw_fast() {
    let mut session = measured();
    let histogram = &mut session
        .measured
        .as_mut()
        .unwrap()
        .summary
        .flow_time
        .histogram;
    histogram.counts = (0..200_000).map(|i| i % 3).collect();
    let session = through_a_file(&session);
    let mut app = App::with_session(session.clone(), None);
    app.update(vsm::app::Action::Resize(200, 60));
    key(&mut app, KeyCode::Char('O'));
    assert!(matches!(app.viewer.mode, Mode::Flow { .. }));
    let started = Instant::now();
    let screen = shown(&mut app, 200, 60);
    let took = started.elapsed();
    assert!(screen.contains("Flow time"), "{screen}");
    assert!(took < Elapsed::from_secs(2), "a frame took {took:?}");
    // The export merges bins as well: a chart, not 200,000 bars.
    let html = export::render(&session, Format::Html, 100);
    let start = html.find("class=\"flow-time\"").unwrap();
    let chart = &html[start..start + html[start..].find("</svg>").unwrap()];
    let bars = chart.matches("<rect").count();
    assert!((1..=120).contains(&bars), "{bars} bars");
}

#[test]
fn argument_errors_show_a_bad_values_escapes_inert() {
    let hostile = "\u{1b}]52;c;aGk=\u{7}\u{1b}[31mred\u{9b}2J\u{202e}txt";
    for args in [
        vec!["--theme", hostile],
        vec!["export", "x.ron", "-f", hostile],
        vec![hostile, "--bogus"],
        vec!["--width", hostile],
    ] {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vsm"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let error = String::from_utf8(output.stderr).unwrap();
        assert!(!error.is_empty(), "{args:?}");
        for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(
                !error.contains(raw),
                "{raw:?} printed raw for {args:?}: {error:?}"
            );
        }
    }
}

#[test]
fn a_paste_over_the_field_limit_says_so() {
    let mut app = common::demo(120, 35);
    key(&mut app, KeyCode::Char('a'));
    assert!(
        matches!(app.viewer.mode, Mode::Form(_)),
        "{:?}",
        app.viewer.mode
    );
    app.handle_paste(&"x".repeat(5000));
    let screen = shown(&mut app, 120, 35);
    assert!(
        screen.contains("Pasted only the first 4096 of 5000 characters"),
        "{screen}"
    );
}

#[test]
fn zero_width_and_joined_characters_keep_box_borders_in_place() {
    let mut session = session::demo();
    session.current.stages[0].steps[0].name =
        "Tri\u{200b}age\u{2060} 👩\u{200d}💻\u{fe0f} bugs\u{00ad}".into();
    let mut app = App::with_session(session, None);
    let (w, h) = (120u16, 35u16);
    app.update(vsm::app::Action::Resize(w, h));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| drawn(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut named = false;
    for y in 0..h {
        // Each character as wide as a terminal that knows no joined emoji draws it.
        let mut columns = 0;
        let mut x = 0;
        let mut row = String::new();
        while x < w {
            let symbol = buffer[(x, y)].symbol();
            row.push_str(symbol);
            let cells = unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            columns += symbol
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum::<usize>()
                .max(1);
            x += cells;
        }
        named |= row.contains("Triage 👩💻");
        for hidden in ['\u{200b}', '\u{200d}', '\u{2060}', '\u{fe0f}', '\u{00ad}'] {
            assert!(!row.contains(hidden), "{hidden:?} drawn in row {y}: {row}");
        }
        assert_eq!(
            columns, w as usize,
            "row {y} is wider than the screen: {row}"
        );
    }
    assert!(
        named,
        "the step's name is shown without its hidden characters"
    );
}

fn drawn(frame: &mut ratatui::Frame, app: &App) {
    vsm::ui::draw(frame, app);
}

#[test]
fn a_thirty_megabyte_note_draws_and_edits_in_bounded_time() {
    let mut session = session::demo();
    session.current.stages[0].steps[0].annotations.insert(
        0,
        vsm::model::Annotation {
            kind: vsm::model::AnnotationKind::Gap,
            text: "word ".repeat(6_000_000),
            author: None,
            realised_by: vec![],
            id: None,
        },
    );
    let mut app = App::with_session(session, None);
    app.update(vsm::app::Action::Resize(120, 35));
    // Debug builds scan 30 MB slowly; before, one frame took over 20 s here.
    let bound = Elapsed::from_secs(4);
    let timed = |app: &mut App, step: &dyn Fn(&mut App)| {
        let started = Instant::now();
        step(app);
        let screen = shown(app, 120, 35);
        let took = started.elapsed();
        assert!(took < bound, "{took:?}");
        screen
    };
    timed(&mut app, &|_| {});
    let screen = timed(&mut app, &|app| common::typing(app, "n"));
    assert!(screen.contains("[G] word word"), "{screen}");
    timed(&mut app, &|app| {
        key(app, KeyCode::Enter);
    });
    assert!(matches!(app.viewer.mode, Mode::Form(_)));
    timed(&mut app, &|app| {
        key(app, KeyCode::End);
    });
    let screen = timed(&mut app, &|app| common::typing(app, "!"));
    assert!(screen.contains("word word !"), "{screen}");
}

/// A paste carrying a colour escape keeps the words and loses the whole sequence: nothing like
/// `[31m` reaches the session file or the exports.
#[test]
fn a_pasted_escape_sequence_goes_whole() {
    let mut app = App::with_session(vsm::session::demo(), None);
    app.update(vsm::app::Action::Resize(120, 35));
    common::typing(&mut app, "e");
    common::ctrl(&mut app, 'u');
    app.handle_paste("Ask for\na \u{1b}[31mlabel\u{1b}]0;x\u{7}");
    common::key(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    assert_eq!(
        app.session().current.stages[0].steps[0].name,
        "Ask for a label"
    );
}
