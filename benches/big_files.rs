//! The size rule in practice: a 100,000-step session saved (compact RON, atomic write with
//! the conflict check of an open file) and loaded (parse and every check). `cargo bench --bench
//! big_files`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use vsm::model::{Duration, Session, Step};

fn hundred_thousand_steps() -> Session {
    let mut session = Session::new("Big");
    for id in 1..=100_000 {
        let mut step = Step::new(id, format!("Step number {id} of the big map"));
        step.owner = "Team".into();
        step.lead_time = Duration::parse("3d").unwrap();
        step.process_time = Duration::parse("2h").unwrap();
        let stage = session.current.stages.len();
        session.current.insert_stage(stage, step);
    }
    session
}

fn big_files(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let session = hundred_thousand_steps();
    vsm::session::save(&path, &Session::new("Big")).unwrap();
    let (mut open, _) = vsm::session::OpenFile::open(&path).unwrap();
    let mut group = c.benchmark_group("100k steps");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("save", |b| {
        b.iter(|| {
            let mut edited = session.clone();
            n += 1;
            edited.title = format!("Big {n}");
            open.write(black_box(&edited)).unwrap()
        })
    });
    group.bench_function("load", |b| {
        b.iter(|| vsm::session::load(black_box(&path)).unwrap())
    });
    group.finish();
    eprintln!(
        "100k steps: {} bytes on disk",
        std::fs::metadata(&path).unwrap().len()
    );
}

criterion_group!(benches, big_files);
criterion_main!(benches);
