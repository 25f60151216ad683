//! The speed targets of the app, measured: `cargo bench`. Each screen figure also has the
//! empty frame of the same size as its baseline (see the README for the ratios).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vsm::app::{Action, App};
use vsm::model::{Annotation, AnnotationKind, Duration, Map, MapMetrics, Session, Step};

/// A map of `stages` stages with `parallel` steps each and two annotations per step.
fn big_map(stages: usize, parallel: usize) -> Map {
    let mut map = Map::default();
    let mut id = 1;
    for stage in 0..stages {
        for p in 0..parallel {
            let mut step = Step::new(id, format!("Step {stage}.{p} with a longer name"));
            step.owner = format!("Team {}", stage % 7);
            step.phase = format!("Phase {}", stage / 20);
            step.lead_time = Duration::parse(&format!("{}h", 4 + stage % 30)).unwrap();
            step.process_time = Duration::parse(&format!("{}h", 1 + stage % 4)).unwrap();
            step.complete_accurate = Some(90.0);
            for kind in [AnnotationKind::Complaint, AnnotationKind::Idea] {
                step.annotations.push(Annotation {
                    kind,
                    text: format!("Something said about step {id}"),
                    author: Some("Mara".into()),
                    realised_by: Vec::new(),
                    id: None,
                });
            }
            if p == 0 {
                map.insert_stage(stage, step);
            } else {
                map.add_parallel(stage, step);
            }
            id += 1;
        }
    }
    map
}

fn screens(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("empty frame 200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    black_box(frame.area());
                })
                .map(|_| ())
                .unwrap()
        })
    });

    let mut session = Session::new("Big");
    session.current = big_map(200, 1);
    session.draft_future(true);
    let mut app = App::with_session(session, None);
    app.update(Action::Resize(200, 60));
    app.update(Action::Last);
    c.bench_function("200-stage map, 400 annotations, split view 200x60", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    vsm::ui::draw(frame, &app);
                })
                .map(|_| ())
                .unwrap()
        })
    });

    let mut small = Terminal::new(TestBackend::new(80, 24)).unwrap();
    c.bench_function("empty frame 80x24", |b| {
        b.iter(|| {
            small
                .draw(|frame| {
                    black_box(frame.area());
                })
                .map(|_| ())
                .unwrap()
        })
    });
    c.bench_function("start to first frame of the demo 80x24", |b| {
        b.iter(|| {
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            let mut app = App::start(Vec::new());
            app.update(Action::Resize(80, 24));
            app.update(Action::OpenDemo);
            terminal
                .draw(|frame| {
                    vsm::ui::draw(frame, &app);
                })
                .map(|_| ())
                .unwrap();
        })
    });
}

fn metrics(c: &mut Criterion) {
    let map = big_map(5_000, 2);
    let calendar = Default::default();
    c.bench_function("metrics of a 10,000-step map", |b| {
        b.iter(|| MapMetrics::of(black_box(&map), &calendar))
    });
}

fn files(c: &mut Criterion) {
    let mut session = Session::new("Thousand steps");
    session.current = big_map(500, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    c.bench_function("save a 1,000-step session", |b| {
        b.iter(|| vsm::session::save(&path, &session).unwrap())
    });
    c.bench_function("load a 1,000-step session", |b| {
        b.iter(|| vsm::session::load(&path).unwrap())
    });
}

criterion_group!(benches, screens, metrics, files);
criterion_main!(benches);
