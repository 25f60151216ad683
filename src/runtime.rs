//! Carries out the effects `update` asks for: saving, autosaving, opening files, quitting.
//! Used by the terminal loop and by tests, so both go through the same code.

use std::path::{Path, PathBuf};

use crate::app::{App, Effect, Screen};
use crate::model::Session;
use crate::session::{self, Disk, OpenFile, WriteError, lock, recent, recovery};

/// What the program needs from the outside world: where new sessions, the recent list and
/// recovery files go.
#[derive(Debug, Clone)]
pub struct Runtime {
    /// New sessions saved without a name.
    pub data_dir: Option<PathBuf>,
    /// Recovery files, crash reports, the recent list, settings chosen in the app, the log.
    pub state_dir: Option<PathBuf>,
    /// The settings file; `None` in tests that do not want the user's settings.
    pub config_path: Option<PathBuf>,
}

impl Runtime {
    pub fn from_env() -> Runtime {
        Runtime {
            data_dir: session::data_dir(),
            state_dir: session::state_dir(),
            config_path: crate::config::config_path(),
        }
    }

    /// Everything in one folder and no user settings: for tests and portable use.
    pub fn in_folder(dir: impl Into<PathBuf>) -> Runtime {
        let dir = dir.into();
        Runtime {
            data_dir: Some(dir.clone()),
            state_dir: Some(dir),
            config_path: None,
        }
    }

    /// The folders a recent list is read from, the state folder first: versions before the
    /// state folder kept the list in the data folder.
    fn recent_folders(&self) -> impl Iterator<Item = &Path> {
        let legacy = self
            .data_dir
            .as_deref()
            .filter(|d| self.state_dir.as_deref() != Some(*d));
        self.state_dir.as_deref().into_iter().chain(legacy)
    }

    pub fn recent(&self) -> Vec<recent::RecentSession> {
        self.recent_folders()
            .map(recent::list)
            .find(|listed| !listed.is_empty())
            .unwrap_or_default()
    }

    /// The start screen: recent sessions and any recovered after a crash.
    pub fn start_app(&self) -> App {
        let recent = self.recent();
        let not_saved = recent.iter().map(|r| &r.path);
        let not_saved = not_saved
            .filter(|p| !session::disk::is_taken(p))
            .cloned()
            .collect();
        let mut app = App::start(recent);
        app.start_not_saved = not_saved;
        if let Some(dir) = &self.state_dir {
            recovery::clean(dir);
            app.offer_recovered(recovery::list(dir));
        }
        // Versions before the state folder kept recovery files in the data folder.
        if let Some(dir) = self
            .data_dir
            .as_ref()
            .filter(|d| self.state_dir.as_ref() != Some(d))
        {
            app.offer_recovered(recovery::list(dir));
        }
        app.viewer.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        app.measuring.today = Some(chrono::Local::now().date_naive());
        app.measuring.local_offset = crate::measure_command::local_offset();
        if let Some(problem) = self.configure(&mut app) {
            app.pin_notice(problem);
        }
        app
    }

    /// Does `effect`; returns true when the program should end.
    pub fn perform(&self, app: &mut App, effect: Effect) -> bool {
        match effect {
            Effect::Quit => self.quit(app),
            Effect::Open(path) => {
                self.open(app, &path);
                false
            }
            Effect::OpenOrNew(path) => {
                self.open_or_new(app, &path);
                false
            }
            Effect::Forget(path) => {
                // Off every list it is read from: the state folder's, and the data folder's
                // that older versions kept (read when the state folder's is empty).
                let forgotten = self
                    .recent_folders()
                    .try_for_each(|dir| session::recent::forget(dir, &path));
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
                self.take_over(app, &path);
                false
            }
            Effect::Resolve(resolution) => {
                self.resolve(app, resolution);
                false
            }
            // The terminal loop suspends itself; elsewhere there is nothing to give back.
            Effect::Suspend => false,
            Effect::LoadLog(source) => {
                crate::measure_command::load_into(app, source);
                false
            }
            Effect::Save { quit_after } => {
                let saved = self.save(app);
                // A session with a file whose save failed still leaves through `quit`, which
                // keeps the edits in a recovery file (and asks only if that fails too).
                quit_after && (saved || app.file.path.is_some()) && self.quit(app)
            }
        }
    }

    /// Opens a session file; asks first when another vsm has it open.
    pub fn open(&self, app: &mut App, path: &Path) {
        match OpenFile::open(path) {
            Ok((mut file, loaded)) => match file.lock() {
                Ok(()) => self.show(app, file, loaded),
                Err(lock::Refused::Held(holder)) => {
                    let who = holder.map_or_else(|| "another vsm".into(), |h| h.describe());
                    app.ask_about_lock(path.to_path_buf(), loaded, who);
                }
                Err(lock::Refused::Unusable(why)) => {
                    self.show(app, file, loaded);
                    app.make_read_only(format!(
                        "this file cannot be locked ({why}): fix that and open it again"
                    ));
                    app.warn(format!("Read-only: this file cannot be locked: {why}"));
                }
            },
            Err(error) => {
                tracing::warn!(%error, "not opened");
                app.viewer.screen = Screen::Start;
                app.warn(error.to_string());
            }
        }
    }

    /// Opens `path`, or when nothing is there yet, a new session that the first save creates.
    pub fn open_or_new(&self, app: &mut App, path: &Path) {
        if session::disk::is_taken(path) {
            return self.open(app, path);
        }
        let title = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "New session".into());
        let mut new = Session::new(title);
        new.calendar = app.new_session_calendar;
        // On the start screen's list from now on, written or not (nothing is created here).
        self.remember(path, &new);
        self.release(app);
        app.open(new, Some(path.to_path_buf()));
        app.file.disk = Some(Disk::new(OpenFile::create(path)));
        app.file.pending = true;
        app.say(format!(
            "New session: {} is created at the first change",
            path.display()
        ));
    }

    fn take_over(&self, app: &mut App, path: &Path) {
        match OpenFile::open(path) {
            Ok((mut file, loaded)) => {
                if let Err(why) = file.take_over() {
                    app.warn(format!("Not opened: {why}"));
                    return;
                }
                self.show(app, file, loaded);
                app.say("Opened anyway: the other window becomes read-only when it next saves");
            }
            Err(error) => app.warn(error.to_string()),
        }
    }

    fn show(&self, app: &mut App, file: OpenFile, loaded: Session) {
        let path = file.path.clone();
        tracing::info!(?path, real = ?file.real, locked = file.holds_lock(), "opened");
        self.release(app);
        self.remember(&path, &loaded);
        app.open(loaded, Some(path.clone()));
        app.file.disk = Some(Disk::new(file));
        app.say(format!("Opened {}", path.display()));
    }

    /// Keeps the theme and zoom chosen in the app in `state.ron`; `config.ron` is the user's
    /// and never written.
    pub fn remember_settings(&self, app: &mut App) {
        let Some(dir) = &self.state_dir else {
            return;
        };
        let chosen = crate::config::Chosen {
            theme: Some(app.viewer.theme),
            zoom: Some(app.viewer.zoom),
        };
        if let Err(error) = crate::config::save_chosen(dir, &chosen) {
            app.warn(format!("Theme not remembered: {error}"));
        }
    }

    /// Applies the config: theme, zoom, calendar for new sessions, key bindings.
    pub fn configure(&self, app: &mut App) -> Option<String> {
        let chosen = self.state_dir.as_deref().map(crate::config::load_chosen);
        if let Some(chosen) = &chosen {
            app.viewer.theme = chosen.theme.unwrap_or(app.viewer.theme);
            app.viewer.zoom = chosen.zoom.unwrap_or(app.viewer.zoom);
        }
        let path = self.config_path.as_ref()?;
        let (config, problem) = crate::config::load(path);
        app.viewer.mouse = config.mouse.unwrap_or(app.viewer.mouse);
        if let Some(theme) = config.theme {
            app.viewer.theme = theme;
        }
        if let Some(zoom) = config.zoom {
            app.viewer.zoom = zoom;
        }
        if let Some(calendar) = config.calendar {
            app.new_session_calendar = calendar;
        }
        if let Some(keys) = &config.keys {
            app.keymap = keys.apply(app.keymap.clone());
        }
        // What was chosen in the app (T, z) wins over the config until chosen again.
        if let Some(chosen) = chosen {
            app.viewer.theme = chosen.theme.unwrap_or(app.viewer.theme);
            app.viewer.zoom = chosen.zoom.unwrap_or(app.viewer.zoom);
        }
        problem
    }

    /// Writes the session in `format` beside its file (or in the data folder) and says where.
    /// Never over the session file, nor over a file vsm did not write.
    pub fn export(&self, app: &mut App, format: crate::export::Format) {
        let base = match &app.file.path {
            Some(path) => path.clone(),
            None => match self.new_path(&app.session().title) {
                Some(path) => path,
                None => {
                    app.warn(
                        "Not exported: no data folder found; save the session to a file first",
                    );
                    return;
                }
            },
        };
        let text = crate::export::render(app.session(), format, 100);
        let exports = session::exports::Exports::new(self.state_dir.as_deref());
        match exports.write_beside(&base, format.extension(), text.as_bytes()) {
            Ok(target) => app.say(format!(
                "Exported {} to {}",
                format.name(),
                target.display()
            )),
            Err(error) => app.warn(format!("Not exported: {error}")),
        }
    }

    /// Ctrl+S: saves the session to its file, or to a new file in the data folder.
    pub fn save(&self, app: &mut App) -> bool {
        if app.file.path.is_none() {
            let Some(path) = self.new_path(&app.session().title) else {
                app.warn(
                    "Not saved: no data folder found; start vsm with a file name: vsm FILE.ron",
                );
                return false;
            };
            app.file.disk = Some(Disk::new(OpenFile::create(&path)));
            app.file.path = Some(path);
            let saved = self.save(app);
            if saved {
                self.forget_recovery(app);
            } else {
                app.file.disk = None;
                app.file.path = None;
            }
            return saved;
        }
        if app.is_dirty() || app.session().last_changed.is_none() {
            app.stamp_changed(chrono::Local::now().naive_local());
        }
        let path = app.file.path.clone().unwrap_or_default();
        match self.write_by_hand(app, &app.session().clone()) {
            Ok(()) => {
                self.remember(&path, app.session());
                app.written(app.revision());
                app.file.write_failed = false;
                app.saved_to(path, Ok(()));
                true
            }
            Err(error) => {
                self.write_refused(app, error, true);
                false
            }
        }
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
        let target = match (&app.file.path, &app.file.recovery, &self.state_dir) {
            (Some(path), _, _) => path.clone(),
            (None, Some(recovery), _) => recovery.clone(),
            (None, None, Some(dir)) => {
                let path = match recovery::new_path(dir) {
                    Ok(path) => path,
                    Err(why) => {
                        app.warn(format!("Not autosaved: {why}"));
                        return None;
                    }
                };
                app.file.recovery = Some(path.clone());
                path
            }
            (None, None, None) => return None,
        };
        let mut session = app.session().clone();
        session.last_changed = Some(chrono::Local::now().naive_local());
        let disk = app.file.path.as_ref().map(|path| {
            app.file
                .disk
                .get_or_insert_with(|| Disk::new(OpenFile::create(path)))
                .clone()
        });
        Some(AutosaveJob {
            target,
            session,
            revision: app.revision(),
            disk,
        })
    }

    /// Takes in the result of an autosave. Returns whether it wrote.
    pub fn autosaved(&self, app: &mut App, done: AutosaveDone) -> bool {
        match done.result {
            Ok(()) => {
                app.written(done.revision);
                app.file.write_failed = false;
                if app
                    .viewer
                    .status
                    .as_ref()
                    .is_some_and(|s| s.text.starts_with("Autosave failed"))
                {
                    app.say(format!("Autosaved to {}", done.target.display()));
                }
                true
            }
            Err(error) => {
                self.write_refused(app, error, false);
                false
            }
        }
    }

    /// Leaving: unsaved changes of a session with a file are written, or when that fails kept
    /// in a recovery file; when nothing can be written the user is asked (returns false). A
    /// session without a file that the user chose not to save loses its recovery file.
    pub fn quit(&self, app: &mut App) -> bool {
        let unwritten = app.revision() != app.file.written_revision && !app.file.is_read_only();
        if app.file.path.is_some()
            && (unwritten || self.file_is_gone(app))
            && !app.file.discard_edits
        {
            let mut session = app.session().clone();
            session.last_changed = Some(chrono::Local::now().naive_local());
            if let Err(error) = self.write_file(app, &session) {
                match self.write_recovery(app, &session) {
                    Ok(kept) => {
                        app.file.farewell = Some(format!(
                            "vsm: {} was not written ({error}); your edits are in {}: vsm offers them on its start screen",
                            app.file.path.as_deref().unwrap_or(Path::new("")).display(),
                            kept.display()
                        ));
                    }
                    Err(why) => {
                        app.viewer.mode = crate::app::Mode::Confirm(crate::app::Question::Quit);
                        app.file.write_failed = true;
                        app.warn(format!(
                            "Nothing could be written ({error}; {why}): s tries again, y quits without your edits"
                        ));
                        return false;
                    }
                }
            }
        } else if app.file.path.is_none() {
            self.forget_recovery(app);
        }
        // The list shows the session as it is left: its title, whether it was written.
        if let Some(path) = app.file.path.clone() {
            self.remember(&path, app.session());
        }
        self.release(app);
        true
    }

    /// Gives the session file's lock back.
    pub fn release(&self, app: &App) {
        if let Some(disk) = &app.file.disk {
            disk.get().release();
        }
    }

    fn forget_recovery(&self, app: &mut App) {
        if let Some(recovery) = app.file.recovery.take() {
            let _ = std::fs::remove_file(recovery);
        }
    }

    fn remember(&self, path: &Path, session: &Session) {
        if let Some(dir) = &self.state_dir {
            let path = crate::session::recent_path(path);
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
        Some(session::exports::free_name(
            dir,
            &session::slug(title),
            "ron",
        ))
    }
}

/// One autosave to do: a snapshot of the document and where it goes.
#[derive(Debug, Clone)]
pub struct AutosaveJob {
    pub target: PathBuf,
    pub session: Session,
    pub revision: u64,
    /// The session file when the target is it: written with every check of `OpenFile`.
    pub disk: Option<Disk>,
}

/// What came of an autosave.
#[derive(Debug, Clone)]
pub struct AutosaveDone {
    pub target: PathBuf,
    pub revision: u64,
    pub result: Result<(), WriteError>,
}

impl AutosaveJob {
    /// Serialises and writes; safe to run on any thread.
    pub fn run(self) -> AutosaveDone {
        let result = match &self.disk {
            Some(disk) => disk.get().write(&self.session).map(|_| ()),
            None => session::save(&self.target, &self.session).map_err(WriteError::Failed),
        };
        AutosaveDone {
            target: self.target,
            revision: self.revision,
            result,
        }
    }
}
