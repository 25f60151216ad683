//! Reads an event log (a CSV file, or `git:` and a repository) on a thread of its own, so a
//! large repository never freezes the room: progress is reported as it goes, at most every
//! 50 ms, and stopping is a flag the reader checks between steps (a repository stops
//! within one step; a CSV file is read to its end and its result dropped).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::gitlog::Progress;
use crate::measure::{EventLog, ReadOptions};

/// What the reading thread reports.
#[derive(Debug)]
pub enum Report {
    /// How reading goes ("reading tags 312/662").
    Progress(String),
    /// The source as it should be remembered and the log, or why it could not be read.
    /// (Boxed: a log is large, progress reports are many.)
    Done(Box<Result<(String, EventLog), String>>),
}

/// A log being read.
pub struct Reading {
    /// What was asked for, as typed.
    pub source: String,
    stop: Arc<AtomicBool>,
}

impl Reading {
    /// Starts reading `source`; `report` is called on the reading thread, last with `Done`
    /// (unless the reading was stopped).
    pub fn start(
        source: String,
        read: ReadOptions,
        report: impl Fn(Report) + Send + 'static,
    ) -> Reading {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let asked = source.clone();
        std::thread::spawn(move || {
            let mut watch = Watch {
                stop: &flag,
                report: &report,
                last: None,
            };
            let result = crate::measure_command::load_watched(&asked, &read, &mut watch);
            if !flag.load(Ordering::Relaxed) {
                report(Report::Done(Box::new(result)));
            }
        });
        Reading { source, stop }
    }

    /// Stops the reading: its result, if it still comes, is never reported.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

struct Watch<'a, F> {
    stop: &'a AtomicBool,
    report: &'a F,
    last: Option<Instant>,
}

impl<F: Fn(Report)> Progress for Watch<'_, F> {
    fn step(&mut self, what: &str, done: usize, total: usize) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return false;
        }
        let due = self
            .last
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(50));
        if due {
            self.last = Some(Instant::now());
            (self.report)(Report::Progress(if total > 0 {
                format!("{what} {done}/{total}")
            } else {
                format!("{what} {done}")
            }));
        }
        true
    }
}
