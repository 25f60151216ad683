//! How the runtime keeps edits when the session file cannot take them: another program changed
//! it, another window took it over, or the disk refuses. Edits then go to a recovery file in
//! the state folder, and the user chooses what happens to the file.

use std::path::PathBuf;

use crate::app::App;
use crate::app::changed_on_disk::Resolution;
use crate::model::Session;
use crate::runtime::Runtime;
use crate::session::{self, Disk, OpenFile, WriteError, exports, recovery};

impl Runtime {
    /// Writes `session` to the app's session file with every check of `OpenFile::write`.
    pub(crate) fn write_file(&self, app: &mut App, session: &Session) -> Result<(), WriteError> {
        let Some(path) = app.file.path.clone() else {
            return Err(WriteError::Failed("the session has no file yet".into()));
        };
        let disk = app
            .file
            .disk
            .get_or_insert_with(|| Disk::new(OpenFile::create(&path)));
        let written = disk.get().write(session);
        written.map(|_| ())
    }

    /// Ctrl+S: like `write_file`, and after vsm said the file is read-only, writes it anyway
    /// (the second Ctrl+S is the user's `:w!`).
    pub(crate) fn write_by_hand(&self, app: &mut App, session: &Session) -> Result<(), WriteError> {
        if let Some(disk) = &app.file.disk {
            let mut file = disk.get();
            if file.read_only_refused {
                file.over_read_only = true;
            }
        }
        self.write_file(app, session)
    }

    /// The session file was there and another program deleted or moved it: quitting writes
    /// it again (nothing of the session is lost).
    pub(crate) fn file_is_gone(&self, app: &App) -> bool {
        !app.file.is_read_only()
            && app
                .file
                .disk
                .as_ref()
                .is_some_and(|disk| disk.get().is_gone())
    }

    /// Keeps `session` in a recovery file in the state folder (the start screen offers it).
    pub(crate) fn write_recovery(
        &self,
        app: &mut App,
        session: &Session,
    ) -> Result<PathBuf, String> {
        let target = match (&app.file.recovery, &self.state_dir) {
            (Some(path), _) => path.clone(),
            (None, Some(dir)) => recovery::new_path(dir)?,
            (None, None) => return Err("no state folder to keep a recovery file in".into()),
        };
        session::save(&target, session)?;
        app.file.recovery = Some(target.clone());
        Ok(target)
    }

    /// Tells the user why a write did not happen, and what happens next.
    pub(crate) fn write_refused(&self, app: &mut App, error: WriteError, by_hand: bool) {
        tracing::warn!(path = ?app.file.path, %error, "session not written");
        match error {
            WriteError::Changed => {
                // Both versions kept: theirs in the file, this window's in a recovery file.
                let mine = app.session().clone();
                let _ = self.write_recovery(app, &mine);
                app.ask_about_change_on_disk();
            }
            WriteError::ReadOnly(why) => {
                app.file.write_failed = true;
                app.warn(format!(
                    "Not saved: {why}. Ctrl+S writes it anyway (like vim's :w!); your edits are still here"
                ));
            }
            WriteError::TakenOver(who) => {
                let mine = app.session().clone();
                let kept = self.write_recovery(app, &mine);
                app.make_read_only(format!("another window took over this file ({who})"));
                app.warn(match kept {
                    Ok(_) => format!(
                        "Read-only: another window took over ({who}); your edits are kept under Recovered on the start screen"
                    ),
                    Err(why) => format!(
                        "Read-only: another window took over ({who}); your edits could not be kept: {why}"
                    ),
                });
            }
            WriteError::Failed(message) if by_hand => {
                let path = app.file.path.clone().unwrap_or_default();
                app.saved_to(path, Err(message));
            }
            WriteError::Failed(message) => {
                app.file.write_failed = true;
                app.warn(format!(
                    "Autosave failed (edits kept, retrying every second): {message}"
                ));
            }
        }
    }

    /// Carries out the user's answer to "the file changed on disk".
    pub(crate) fn resolve(&self, app: &mut App, resolution: Resolution) {
        tracing::info!(path = ?app.file.path, ?resolution, "file changed on disk: resolved");
        let Some(disk) = app.file.disk.clone() else {
            return;
        };
        let mine = app.session().clone();
        let not_done = |app: &mut App, message: String| {
            app.ask_about_change_on_disk();
            app.warn(message);
        };
        match resolution {
            Resolution::ReloadTheirs => {
                let kept = match self.write_recovery(app, &mine) {
                    Ok(kept) => kept,
                    Err(why) => {
                        return not_done(
                            app,
                            format!("Not reloaded: your version could not be kept: {why}"),
                        );
                    }
                };
                let theirs = disk.get().reload();
                match theirs {
                    Ok(theirs) => {
                        // The same file, still open and locked: only the document is new.
                        let path = app.file.path.clone();
                        app.open(theirs, path);
                        app.file.disk = Some(disk);
                        app.say(format!(
                            "Reloaded the file as it is on disk; your version is in {} (offered on the start screen)",
                            kept.display()
                        ));
                    }
                    Err(error) => not_done(app, format!("Not reloaded: {error}")),
                }
            }
            Resolution::KeepMine => {
                let backup = disk.get().keep_theirs_as_backup();
                match backup {
                    Ok(backup) => {
                        if self.autosave(app) {
                            app.say(format!(
                                "Kept yours; the other version is in {}",
                                backup.display()
                            ));
                        }
                    }
                    Err(why) => not_done(app, format!("Not kept: {why}")),
                }
            }
            Resolution::SaveMineElsewhere => {
                let real = disk.get().real.clone();
                let stem = real
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_else(|| "session".into());
                let dir = real.parent().map(PathBuf::from).unwrap_or_default();
                let target = exports::free_name(&dir, &format!("{stem}-mine"), "ron");
                let mut session = mine;
                session.last_changed = Some(chrono::Local::now().naive_local());
                match session::file::save_new(&target, &session) {
                    Ok(()) => {
                        self.open(app, &target);
                        app.say(format!(
                            "Saved yours as {}; {} is left as the other program wrote it",
                            target.display(),
                            real.display()
                        ));
                    }
                    Err(why) => not_done(app, format!("Not saved elsewhere: {why}")),
                }
            }
        }
    }
}
