//! Carries out the effects `update` asks for: saving, opening files, quitting. Used by the
//! terminal loop and by tests, so both go through the same code.

use std::path::{Path, PathBuf};

use crate::app::{App, Effect};
use crate::model::Session;
use crate::session::{self, recent};

/// What the program needs from the outside world: where new sessions and the recent list go.
#[derive(Debug, Clone)]
pub struct Runtime {
    pub data_dir: Option<PathBuf>,
}

impl Runtime {
    pub fn from_env() -> Runtime {
        Runtime {
            data_dir: session::data_dir(),
        }
    }

    pub fn recent(&self) -> Vec<recent::RecentSession> {
        self.data_dir
            .as_deref()
            .map(recent::list)
            .unwrap_or_default()
    }

    /// Does `effect`; returns true when the program should end.
    pub fn perform(&self, app: &mut App, effect: Effect) -> bool {
        match effect {
            Effect::Quit => true,
            Effect::Open(path) => {
                self.open(app, &path);
                false
            }
            Effect::Save { quit_after } => self.save(app) && quit_after,
        }
    }

    pub fn open(&self, app: &mut App, path: &Path) {
        match session::load(path) {
            Ok(loaded) => {
                self.remember(path, &loaded);
                app.open(loaded, Some(path.to_path_buf()));
                app.say(format!("Opened {}", path.display()));
            }
            Err(error) => app.warn(error.to_string()),
        }
    }

    /// Saves the session to its file, or to a new file in the data folder. True when saved.
    pub fn save(&self, app: &mut App) -> bool {
        let path = match &app.path {
            Some(path) => path.clone(),
            None => {
                match self.new_path(&app.session.title) {
                    Some(path) => path,
                    None => {
                        app.warn("Not saved: no data folder found; start vsm with a file name: vsm FILE.ron");
                        return false;
                    }
                }
            }
        };
        if app.is_dirty() || app.session.last_changed.is_none() {
            app.session.last_changed = Some(chrono::Local::now().naive_local());
        }
        let result = session::save(&path, &app.session);
        let ok = result.is_ok();
        if ok {
            self.remember(&path, &app.session);
        }
        app.saved_to(path, result);
        ok
    }

    fn remember(&self, path: &Path, session: &Session) {
        if let Some(dir) = &self.data_dir {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            // The recent list is a convenience: failing to update it never blocks work.
            let _ = recent::remember(
                dir,
                recent::RecentSession {
                    path,
                    title: session.title.clone(),
                    opened: chrono::Local::now().naive_local(),
                    held_on: session.held_on,
                    last_changed: session.last_changed,
                },
            );
        }
    }

    /// A file name in the data folder from the title, never one that exists.
    fn new_path(&self, title: &str) -> Option<PathBuf> {
        let dir = self.data_dir.as_ref()?;
        let slug: String = title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|part| !part.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        let slug = if slug.is_empty() {
            "session".into()
        } else {
            slug
        };
        (1..)
            .map(|n| match n {
                1 => dir.join(format!("{slug}.ron")),
                n => dir.join(format!("{slug}-{n}.ron")),
            })
            .find(|path| !path.exists())
    }
}
