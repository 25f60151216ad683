//! Measured flow at scale: a synthetic log of 1,000,000 events (100,000 items, 10 states) read
//! and summarised (target < 1 s), its peak memory (target < 300 MB, counted by the allocator
//! below and printed once), and the flow screen redrawn for it (target < 5 ms).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vsm::app::{Action, App, Mode};
use vsm::measure::{self, FlowOptions, ReadOptions};
use vsm::model::{Session, Step};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now = IN_USE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ITEMS: usize = 100_000;
const STATES: usize = 10;

/// 100,000 items through 10 states over about four years, in the order a tracker export writes
/// them (by item), with offsets as real exports have. One item in ten goes back to an earlier
/// state instead of the last one and never finishes.
pub fn synthetic_log() -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(ITEMS * STATES * 60);
    out += "Issue key,Issue Type,Status,Status Transition Date\n";
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as i64
    };
    let kinds = ["Story", "Bug", "Task"];
    let base = 1_577_836_800i64; // 2020-01-01
    for item in 0..ITEMS {
        let mut at = base + (item as i64) * 1200 + next() % 3600;
        for state in 0..STATES {
            let state = if item % 10 == 9 && state == STATES - 1 {
                3
            } else {
                state
            };
            let day = chrono::DateTime::from_timestamp(at, 0).unwrap();
            let _ = writeln!(
                out,
                "VSM-{item},{},State {state},{}",
                kinds[item % 3],
                day.format("%Y-%m-%dT%H:%M:%S+01:00")
            );
            at += next() % (3 * 86_400);
        }
    }
    out
}

fn session() -> Session {
    let mut session = Session::new("synthetic");
    for i in 0..STATES - 1 {
        let mut step = Step::new(i as u64 + 1, format!("State {i}"));
        step.lead_time = vsm::model::Duration::parse("1d").unwrap();
        session.current.insert_stage(i, step);
    }
    session
}

fn read_and_summarise(log: &str) -> Session {
    let events = measure::read(log.as_bytes(), &ReadOptions::default()).unwrap();
    let mut session = session();
    // "State 9" says nothing of done by its name: the team says so.
    let said = measure::Said {
        done: vec![format!("State {}", STATES - 1)],
        ..measure::Said::default()
    };
    measure::apply_saying(
        &mut session,
        &events,
        "synthetic.csv".into(),
        FlowOptions::default(),
        &said,
    )
    .unwrap();
    session
}

fn bench(c: &mut Criterion) {
    let log = synthetic_log();
    assert_eq!(log.lines().count() - 1, ITEMS * STATES);
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let session = read_and_summarise(&log);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "read and summarise {} events: peak memory {:.0} MB above the log text ({:.0} MB)",
        log.lines().count() - 1,
        peak as f64 / 1e6,
        log.len() as f64 / 1e6
    );
    assert!(peak + log.len() < 300_000_000, "peak {peak} bytes");
    let summary = &session.measured.as_ref().unwrap().summary;
    assert_eq!((summary.items, summary.in_progress), (ITEMS, ITEMS / 10));

    let mut group = c.benchmark_group("measured flow");
    group.sample_size(10);
    group.bench_function("read and summarise 1M events", |b| {
        b.iter(|| black_box(read_and_summarise(black_box(&log))))
    });
    group.finish();

    // The flow screen for that log, by week (the most periods), at a projector's size.
    let mut session = session;
    let events = measure::read(log.as_bytes(), &ReadOptions::default()).unwrap();
    let options = FlowOptions {
        period: vsm::model::Period::Week,
        ..FlowOptions::default()
    };
    measure::remeasure(&mut session, &events, options);
    drop(events);
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(200, 60));
    app.viewer.mode = Mode::Flow {
        did_we_get_there: false,
    };
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("flow screen 200x60, 1M events by week", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    black_box(vsm::ui::draw(frame, &app));
                })
                .unwrap();
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
