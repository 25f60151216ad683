//! A keystroke costs what it changes, and the budgets can fail: `cargo bench --bench keystroke`.
//!
//! On maps of 1,000, 10,000 and 100,000 steps with a future state, split view at 200x60, each
//! keystroke is timed from the key to the frame's escapes encoded into a buffer, as the terminal
//! backend does (ratatui's crossterm backend writing into memory, not `TestBackend`): back to
//! back ("hot") and after an idle gap of 50 ms ("idle", caches cooled as real keys arrive).
//! Each figure is a ratio to the floor measured in the same run: an empty frame of the same
//! size through the same backend. The run exits non-zero when a ratio is over its budget.
//!
//! Budgets (ratio to the empty frame, whose time on the 2-core CI machine is about 0.15 ms at
//! 200x60: the targets of issue 18 divided by that):
//! - edit, add or undo: 20x up to 10,000 steps (3 ms), 53x at 100,000 steps (8 ms);
//! - moving on either map: 13x at any size (2 ms).

mod common;

use std::time::{Duration as Elapsed, Instant};

use common::{lead_time_typed, press, typing};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use vsm::app::{Action, App};
use vsm::model::{Annotation, AnnotationKind, Duration, Map, Session, Step};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const IDLE_GAP: Elapsed = Elapsed::from_millis(50);

/// Where the encoded escapes go: counted and dropped, as a terminal takes them.
struct Sink(u64);

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Screen = Terminal<CrosstermBackend<Sink>>;

fn screen() -> Screen {
    Terminal::with_options(
        CrosstermBackend::new(Sink(0)),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
        },
    )
    .unwrap()
}

/// `steps` steps, one per stage; every tenth with a complaint and an idea.
fn big_map(steps: usize) -> Map {
    let mut map = Map::default();
    for stage in 0..steps {
        let id = stage as u64 + 1;
        let mut step = Step::new(id, format!("Step {stage} with a longer name"));
        step.owner = format!("Team {}", stage % 7);
        step.phase = format!("Phase {}", stage / 20);
        step.lead_time = Duration::parse(&format!("{}h", 4 + stage % 30)).unwrap();
        step.process_time = Duration::parse(&format!("{}h", 1 + stage % 4)).unwrap();
        step.complete_accurate = Some(90.0 + (stage % 10) as f64);
        if stage % 10 == 0 {
            for kind in [AnnotationKind::Complaint, AnnotationKind::Idea] {
                step.annotations.push(Annotation {
                    kind,
                    text: format!("Something said about step {id}"),
                    author: Some("Mara".into()),
                    realised_by: Vec::new(),
                    id: None,
                });
            }
        }
        map.insert_stage(stage, step);
    }
    map
}

fn app_on(steps: usize) -> App {
    let mut session = Session::new(format!("{steps} steps"));
    session.current = big_map(steps);
    session.draft_future(true);
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(WIDTH, HEIGHT));
    app
}

/// Draws the app and encodes the frame's escapes, as the terminal loop does.
fn frame(terminal: &mut Screen, app: &mut App) {
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(vsm::ui::draw(frame, app)))
        .unwrap();
    app.record_drawn(drawn.unwrap());
}

/// The floor: an empty frame of the same size through the same backend (alternating two blank
/// styles so every cell is written, as a full repaint is).
fn empty_frame(terminal: &mut Screen, odd: bool) {
    let style = if odd {
        ratatui::style::Style::new().bg(ratatui::style::Color::Black)
    } else {
        ratatui::style::Style::new().bg(ratatui::style::Color::Reset)
    };
    terminal
        .draw(|frame| {
            let area = frame.area();
            frame.render_widget(ratatui::widgets::Block::new().style(style), area);
        })
        .unwrap();
}

fn median(mut samples: Vec<Elapsed>) -> Elapsed {
    samples.sort();
    samples[samples.len() / 2]
}

#[derive(Clone, Copy, PartialEq)]
enum Key {
    Edit,
    Add,
    Undo,
    MoveCurrent,
    MoveFuture,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Edit => "edit a duration",
            Key::Add => "add a step",
            Key::Undo => "undo",
            Key::MoveCurrent => "move on the current map",
            Key::MoveFuture => "move on the future map",
        }
    }

    fn budget(self, steps: usize) -> f64 {
        match self {
            Key::MoveCurrent | Key::MoveFuture => 13.0,
            _ if steps <= 10_000 => 20.0,
            _ => 53.0,
        }
    }
}

/// One timed keystroke of `key`, its set-up untimed; leaves the map the size it was.
fn once(app: &mut App, terminal: &mut Screen, key: Key, round: usize, gap: bool) -> Elapsed {
    let wait = || {
        if gap {
            std::thread::sleep(IDLE_GAP);
        }
    };
    match key {
        Key::Edit => {
            lead_time_typed(app, 40 + round % 2);
            wait();
            let start = Instant::now();
            press(app, KeyCode::Enter);
            frame(terminal, app);
            start.elapsed()
        }
        Key::Add => {
            press(app, KeyCode::Char('a'));
            typing(app, "Review");
            wait();
            let start = Instant::now();
            press(app, KeyCode::Enter);
            frame(terminal, app);
            let spent = start.elapsed();
            press(app, KeyCode::Char('u'));
            frame(terminal, app);
            spent
        }
        Key::Undo => {
            lead_time_typed(app, 40 + round % 2);
            press(app, KeyCode::Enter);
            frame(terminal, app);
            wait();
            let start = Instant::now();
            press(app, KeyCode::Char('u'));
            frame(terminal, app);
            start.elapsed()
        }
        Key::MoveCurrent | Key::MoveFuture => {
            wait();
            let start = Instant::now();
            press(
                app,
                if round.is_multiple_of(2) {
                    KeyCode::Right
                } else {
                    KeyCode::Left
                },
            );
            frame(terminal, app);
            start.elapsed()
        }
    }
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less arguments: do nothing then.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let mut terminal = screen();
    let mut floor = Vec::new();
    for i in 0..400 {
        let start = Instant::now();
        empty_frame(&mut terminal, i % 2 == 0);
        floor.push(start.elapsed());
    }
    let floor = median(floor);
    println!(
        "floor: an empty {WIDTH}x{HEIGHT} frame through the crossterm backend: {:.3} ms",
        floor.as_secs_f64() * 1e3
    );
    println!(
        "{:<28} {:>8} {:>10} {:>7} {:>10} {:>7} {:>7}",
        "keystroke", "steps", "hot ms", "ratio", "idle ms", "ratio", "budget"
    );
    let mut over = Vec::new();
    for steps in [1_000, 10_000, 100_000] {
        let mut app = app_on(steps);
        let mut terminal = screen();
        frame(&mut terminal, &mut app);
        let rounds = if steps >= 100_000 { 9 } else { 25 };
        for key in [
            Key::Edit,
            Key::Add,
            Key::Undo,
            Key::MoveCurrent,
            Key::MoveFuture,
        ] {
            if key == Key::MoveFuture && app.viewer.focus == vsm::model::Which::Current {
                app.update(Action::SwitchMap);
                frame(&mut terminal, &mut app);
            }
            let mut figures = Vec::new();
            for gap in [false, true] {
                // One untimed round first: the first keystroke after a change of kind.
                once(&mut app, &mut terminal, key, 0, gap);
                let samples = (1..=rounds)
                    .map(|round| once(&mut app, &mut terminal, key, round, gap))
                    .collect();
                figures.push(median(samples));
            }
            let ratio = |t: Elapsed| t.as_secs_f64() / floor.as_secs_f64();
            let budget = key.budget(steps);
            println!(
                "{:<28} {:>8} {:>10.3} {:>6.1}x {:>10.3} {:>6.1}x {:>6.0}x",
                key.name(),
                steps,
                figures[0].as_secs_f64() * 1e3,
                ratio(figures[0]),
                figures[1].as_secs_f64() * 1e3,
                ratio(figures[1]),
                budget
            );
            for (when, t) in ["hot", "after an idle gap"].iter().zip(&figures) {
                if ratio(*t) > budget {
                    over.push(format!(
                        "{} on {steps} steps, {when}: {:.1}x the empty frame, budget {budget}x",
                        key.name(),
                        ratio(*t)
                    ));
                }
            }
        }
    }
    if !over.is_empty() {
        eprintln!("over budget:\n  {}", over.join("\n  "));
        std::process::exit(1);
    }
}
