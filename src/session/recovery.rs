//! Autosaves of sessions that have no file yet (the demo, a new session), kept in the data
//! folder and offered on the start screen after a crash.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::model::Session;

const FOLDER: &str = "recovery";

#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    pub title: String,
    pub changed: Option<NaiveDateTime>,
}

/// A new recovery file name for this run.
pub fn new_path(data_dir: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    data_dir
        .join(FOLDER)
        .join(format!("{stamp}-{}.ron", std::process::id()))
}

/// Recovered sessions, newest first; files that do not load are skipped (and left alone).
pub fn list(data_dir: &Path) -> Vec<Recovered> {
    let Ok(entries) = std::fs::read_dir(data_dir.join(FOLDER)) else {
        return Vec::new();
    };
    let mut found: Vec<Recovered> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .filter_map(|path| {
            let session: Session = super::load(&path).ok()?;
            Some(Recovered {
                path,
                title: session.title,
                changed: session.last_changed,
            })
        })
        .collect();
    found.sort_by(|a, b| b.path.cmp(&a.path));
    found
}
