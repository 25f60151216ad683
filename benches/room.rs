//! The live loop at scale, measured: `cargo bench --bench room`. A 10,000-step map with its
//! future state, split view at 200x60: a keystroke and the frame after it, a duration edit and
//! the frame after it, the UI thread's share of an autosave, and the memory held after 500
//! duration edits (printed, and checked against its target).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};

use common::{lead_time_typed, press};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use vsm::app::{Action, App};
use vsm::model::{Annotation, AnnotationKind, Duration, Map, Session, Step};
use vsm::runtime::Runtime;

/// Counts the bytes live on the heap, for the memory figure.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// `steps` steps, one per stage, each with a complaint and an idea.
fn big_map(steps: usize) -> Map {
    let mut map = Map::default();
    for stage in 0..steps {
        let id = stage as u64 + 1;
        let mut step = Step::new(id, format!("Step {stage} with a longer name"));
        step.owner = format!("Team {}", stage % 7);
        step.phase = format!("Phase {}", stage / 20);
        step.lead_time = Duration::parse(&format!("{}h", 4 + stage % 30)).unwrap();
        step.process_time = Duration::parse(&format!("{}h", 1 + stage % 4)).unwrap();
        for kind in [AnnotationKind::Complaint, AnnotationKind::Idea] {
            step.annotations.push(Annotation {
                kind,
                text: format!("Something said about step {id}"),
                author: Some("Mara".into()),
                realised_by: Vec::new(),
                id: None,
            });
        }
        map.insert_stage(stage, step);
    }
    map
}

fn big_session() -> Session {
    let mut session = Session::new("Ten thousand steps");
    session.current = big_map(10_000);
    session.draft_future(true);
    session
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(vsm::ui::draw(frame, app)))
        .unwrap();
    app.record_drawn(drawn.unwrap());
}

fn keystrokes(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut app = App::with_session(big_session(), None);
    app.update(Action::Resize(200, 60));
    draw(&mut terminal, &mut app);
    let mut right = true;
    c.bench_function(
        "keystroke to frame: move selection, 10,000-step map + future, split 200x60",
        |b| {
            b.iter(|| {
                // Back and forth along the map, so the stage in view changes too.
                press(&mut app, if right { KeyCode::Right } else { KeyCode::Left });
                right = !right;
                draw(&mut terminal, &mut app);
            })
        },
    );

    let mut hours = 40;
    c.bench_function(
        "keystroke to frame: edit a duration (Enter applies), 10,000-step map + future, split 200x60",
        |b| {
            // Opening the form and typing are set-up; the timed part is the Enter that
            // applies the edit and the frame after it.
            b.iter_custom(|iterations| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iterations {
                    hours = if hours == 40 { 41 } else { 40 };
                    lead_time_typed(&mut app, hours);
                    let start = std::time::Instant::now();
                    press(&mut app, KeyCode::Enter);
                    draw(&mut terminal, &mut app);
                    spent += start.elapsed();
                }
                spent
            })
        },
    );
}

fn autosave(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let runtime = Runtime::in_folder(dir.path());
    let mut app = App::with_session(big_session(), Some(dir.path().join("big.ron")));
    app.update(Action::Resize(200, 60));
    lead_time_typed(&mut app, 41);
    press(&mut app, KeyCode::Enter);
    assert!(app.needs_autosave());
    c.bench_function(
        "UI thread's share of an autosave (snapshot for the writer), 10,000-step map + future",
        |b| b.iter(|| black_box(runtime.autosave_job(&mut app))),
    );
    let job = runtime.autosave_job(&mut app).unwrap();
    c.bench_function(
        "writer thread: serialise and write a 10,000-step map + future (off the UI thread)",
        |b| b.iter(|| job.clone().run().result.unwrap()),
    );
}

/// Prints the memory held by the app after 500 duration edits, next to the map's own.
fn memory(_: &mut Criterion) {
    let before = live();
    let session = big_session();
    let map_bytes = live() - before;
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    draw(&mut terminal, &mut app);
    for edit in 0..500 {
        // Spread the edits along the map, as a long workshop would.
        app.viewer.selection.stage = (edit * 19) % 10_000;
        lead_time_typed(&mut app, 40 + edit % 7);
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.doc().history().len(), 500);
    let total = live() - before;
    let ratio = total as f64 / map_bytes as f64;
    println!(
        "memory after 500 duration edits on a 10,000-step map with its future state: \
         {:.1} MB, the document alone {:.1} MB: {ratio:.2}x (target < 2x)",
        total as f64 / 1e6,
        map_bytes as f64 / 1e6
    );
    assert!(ratio < 2.0, "memory target missed: {ratio:.2}x");
}

criterion_group!(benches, memory, keystrokes, autosave);
criterion_main!(benches);
