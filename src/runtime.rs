//! Carries out the effects `update` asks for: saving, autosaving, opening files, quitting.
//! Used by the terminal loop and by tests, so both go through the same code.

use std::path::{Path, PathBuf};

use crate::app::{App, Effect, Screen};
use crate::model::Session;
use crate::session::{self, lock, recent, recovery};

/// What the program needs from the outside world: where new sessions and the recent list go.
#[derive(Debug, Clone)]
pub struct Runtime {
    pub data_dir: Option<PathBuf>,
    /// The settings file; `None` in tests that do not want the user's settings.
    pub config_path: Option<PathBuf>,
}

impl Runtime {
    pub fn from_env() -> Runtime {
        Runtime {
            data_dir: session::data_dir(),
            config_path: crate::config::config_path(),
        }
    }

    /// Everything in one folder and no user settings: for tests and portable use.
    pub fn in_folder(dir: impl Into<PathBuf>) -> Runtime {
        Runtime {
            data_dir: Some(dir.into()),
            config_path: None,
        }
    }

    pub fn recent(&self) -> Vec<recent::RecentSession> {
        self.data_dir
            .as_deref()
            .map(recent::list)
            .unwrap_or_default()
    }

    /// The start screen: recent sessions and any recovered after a crash.
    pub fn start_app(&self) -> App {
        let mut app = App::start(self.recent());
        if let Some(dir) = &self.data_dir {
            app.offer_recovered(recovery::list(dir));
        }
        app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        app.measuring.today = Some(chrono::Local::now().date_naive());
        app.measuring.local_offset = crate::measure_command::local_offset();
        if let Some(problem) = self.configure(&mut app) {
            app.warn(problem);
        }
        app
    }

    /// Does `effect`; returns true when the program should end.
    pub fn perform(&self, app: &mut App, effect: Effect) -> bool {
        match effect {
            Effect::Quit => {
                self.quit(app);
                true
            }
            Effect::Open(path) => {
                self.open(app, &path);
                false
            }
            Effect::Forget(path) => {
                let forgotten = match &self.data_dir {
                    Some(dir) => session::recent::forget(dir, &path),
                    None => Ok(()),
                };
                if let Err(error) = forgotten {
                    app.warn(format!(
                        "Could not update the list of recent sessions: {error}"
                    ));
                }
                false
            }
            Effect::OpenRecovered(path) => {
                match session::load(&path) {
                    Ok(loaded) => app.open_recovered(loaded, path),
                    Err(error) => app.warn(error.to_string()),
                }
                false
            }
            Effect::RememberSettings => {
                self.remember_settings(app);
                false
            }
            Effect::Export(format) => {
                self.export(app, format);
                false
            }
            Effect::TakeOver(path) => {
                self.open_unlocked(app, &path);
                false
            }
            // The terminal loop suspends itself; elsewhere there is nothing to give back.
            Effect::Suspend => false,
            Effect::LoadLog(source) => {
                let read = crate::measure::ReadOptions {
                    skip_bad: true,
                    local_offset: app.measuring.local_offset,
                };
                match crate::measure_command::load(&source, read) {
                    Ok((source, log)) => app.log_loaded(source, Ok(log)),
                    Err(error) => app.log_loaded(source, Err(error)),
                }
                false
            }
            Effect::Save { quit_after } => {
                let saved = self.save(app);
                if saved && quit_after {
                    self.quit(app);
                }
                saved && quit_after
            }
        }
    }

    /// Opens a session file; asks first when another vsm has it open.
    pub fn open(&self, app: &mut App, path: &Path) {
        match session::load(path) {
            Ok(loaded) => match lock::holder(path) {
                Some(holder) => app.ask_about_lock(path.to_path_buf(), loaded, holder.describe()),
                None => self.show(app, path, loaded),
            },
            Err(error) => {
                app.screen = Screen::Start;
                app.warn(error.to_string());
            }
        }
    }

    fn open_unlocked(&self, app: &mut App, path: &Path) {
        match session::load(path) {
            Ok(loaded) => self.show(app, path, loaded),
            Err(error) => app.warn(error.to_string()),
        }
    }

    fn show(&self, app: &mut App, path: &Path, loaded: Session) {
        self.remember(path, &loaded);
        app.open(loaded, Some(path.to_path_buf()));
        let _ = lock::acquire(path);
        let _ = session::file::rotate_backups(path);
        app.say(format!("Opened {}", path.display()));
    }

    /// Keeps the theme and zoom in force in the config file, leaving its other settings.
    pub fn remember_settings(&self, app: &mut App) {
        let Some(path) = &self.config_path else {
            return;
        };
        let (mut config, problem) = crate::config::load(path);
        if problem.is_some() {
            // Never overwrite a config the user wrote and got wrong.
            return;
        }
        config.theme = Some(app.theme);
        config.zoom = Some(app.zoom);
        if let Err(error) = crate::config::save(path, &config) {
            app.warn(format!(
                "Theme not remembered: cannot write {}: {error}",
                path.display()
            ));
        }
    }

    /// Applies the config: theme, zoom, calendar for new sessions, key bindings.
    pub fn configure(&self, app: &mut App) -> Option<String> {
        let path = self.config_path.as_ref()?;
        let (config, problem) = crate::config::load(path);
        if let Some(theme) = config.theme {
            app.theme = theme;
        }
        if let Some(zoom) = config.zoom {
            app.zoom = zoom;
        }
        if let Some(calendar) = config.calendar {
            app.new_session_calendar = calendar;
        }
        if let Some(keys) = &config.keys {
            app.keymap = keys.apply(app.keymap.clone());
        }
        problem
    }

    /// Writes the session in `format` beside its file (or in the data folder) and says where.
    pub fn export(&self, app: &mut App, format: crate::export::Format) {
        let base = match &app.path {
            Some(path) => path.clone(),
            None => match self.new_path(&app.session.title) {
                Some(path) => path,
                None => {
                    app.warn(
                        "Not exported: no data folder found; save the session to a file first",
                    );
                    return;
                }
            },
        };
        let target = base.with_extension(format.extension());
        let text = crate::export::render(&app.session, format, 100);
        match std::fs::write(&target, text) {
            Ok(()) => app.say(format!(
                "Exported {} to {}",
                format.name(),
                target.display()
            )),
            Err(error) => app.warn(format!(
                "Not exported: cannot write {}: {error}",
                target.display()
            )),
        }
    }

    /// Ctrl+S: saves the session to its file, or to a new file in the data folder.
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
        let first_save = app.path.is_none();
        if app.is_dirty() || app.session.last_changed.is_none() {
            app.session.last_changed = Some(chrono::Local::now().naive_local());
        }
        let result = session::save(&path, &app.session);
        let ok = result.is_ok();
        if ok {
            self.remember(&path, &app.session);
            app.written(app.revision);
            if first_save {
                let _ = lock::acquire(&path);
                self.forget_recovery(app);
            }
        }
        app.saved_to(path, result);
        ok
    }

    /// Writes unsaved changes without a keypress: to the session file, or to a recovery file
    /// in the data folder when the session has none. A failure keeps the edits in memory and
    /// says so; the event loop tries again.
    pub fn autosave(&self, app: &mut App) -> bool {
        match self.autosave_job(app) {
            Some(job) => {
                let done = job.run();
                self.autosaved(app, done)
            }
            None => !app.needs_autosave(),
        }
    }

    /// What an autosave would write now, taken from the app without writing: the terminal loop
    /// hands it to a writer thread so that typing never waits for the disk. Cheap: the
    /// snapshot shares the map's stages with the app.
    pub fn autosave_job(&self, app: &mut App) -> Option<AutosaveJob> {
        if !app.needs_autosave() {
            return None;
        }
        let target = match (&app.path, &app.recovery_path, &self.data_dir) {
            (Some(path), _, _) => path.clone(),
            (None, Some(recovery), _) => recovery.clone(),
            (None, None, Some(dir)) => {
                let path = recovery::new_path(dir);
                app.recovery_path = Some(path.clone());
                path
            }
            (None, None, None) => return None,
        };
        let mut session = app.session.clone();
        session.last_changed = Some(chrono::Local::now().naive_local());
        Some(AutosaveJob {
            target,
            session,
            revision: app.revision,
        })
    }

    /// Takes in the result of an autosave. Returns whether it wrote.
    pub fn autosaved(&self, app: &mut App, done: AutosaveDone) -> bool {
        match done.result {
            Ok(()) => {
                app.written(done.revision);
                app.write_failed = false;
                if app
                    .status
                    .as_ref()
                    .is_some_and(|s| s.text.starts_with("Autosave failed"))
                {
                    app.say(format!("Autosaved to {}", done.target.display()));
                }
                true
            }
            Err(message) => {
                app.write_failed = true;
                app.warn(format!(
                    "Autosave failed (edits kept, retrying every second): {message}"
                ));
                false
            }
        }
    }

    /// Leaving: unsaved changes of a session with a file are written; a session without one
    /// that the user chose not to save loses its recovery file; the lock is released.
    pub fn quit(&self, app: &mut App) {
        if app.path.is_some() {
            self.autosave(app);
        } else {
            self.forget_recovery(app);
        }
        self.release(app);
    }

    pub fn release(&self, app: &App) {
        if let Some(path) = &app.path
            && !app.read_only
        {
            lock::release(path);
        }
    }

    fn forget_recovery(&self, app: &mut App) {
        if let Some(recovery) = app.recovery_path.take() {
            let _ = std::fs::remove_file(recovery);
        }
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

/// One autosave to do: a snapshot of the document and where it goes.
#[derive(Debug, Clone)]
pub struct AutosaveJob {
    pub target: PathBuf,
    pub session: Session,
    pub revision: u64,
}

/// What came of an autosave.
#[derive(Debug, Clone)]
pub struct AutosaveDone {
    pub target: PathBuf,
    pub revision: u64,
    pub result: Result<(), String>,
}

impl AutosaveJob {
    /// Serialises and writes; safe to run on any thread.
    pub fn run(self) -> AutosaveDone {
        let result = session::save(&self.target, &self.session);
        AutosaveDone {
            target: self.target,
            revision: self.revision,
            result,
        }
    }
}
