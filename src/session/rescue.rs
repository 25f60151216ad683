//! The last line of defence, run on a crash or a signal: the session goes to its file when
//! that is safe, else to a recovery file in the state folder; failing both, the caller is told
//! so it can say that nothing could be saved.

use std::path::{Path, PathBuf};

use super::{Disk, recovery};
use crate::model::Session;

/// Where `session` was kept, or why it could not be.
pub fn keep(
    session: &Session,
    disk: Option<&Disk>,
    recovery_path: Option<&Path>,
    state_dir: Option<&Path>,
) -> Result<PathBuf, String> {
    let mut reasons = Vec::new();
    if let Some(disk) = disk {
        match disk.try_get() {
            Some(mut file) => match file.write(session) {
                Ok(_) => {
                    file.release();
                    return Ok(file.path.clone());
                }
                Err(error) => reasons.push(format!("{}: {error}", file.path.display())),
            },
            None => reasons.push("the session file is being written".into()),
        }
    }
    let target = match (recovery_path, state_dir) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(dir)) => match recovery::new_path(dir) {
            Ok(path) => path,
            Err(why) => {
                reasons.push(why);
                return Err(reasons.join("; "));
            }
        },
        (None, None) => {
            reasons.push("no state folder for a recovery file".into());
            return Err(reasons.join("; "));
        }
    };
    match super::save(&target, session) {
        Ok(()) => Ok(target),
        Err(error) => {
            reasons.push(error);
            Err(reasons.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::OpenFile;

    #[test]
    fn when_the_file_cannot_be_written_the_state_folder_takes_the_edits() {
        let dir = tempfile::tempdir().unwrap();
        // The session's folder is a file: nothing can be written there.
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, "x").unwrap();
        let disk = Disk::new(OpenFile::create(&blocker.join("ws.ron")));
        let state = dir.path().join("state");
        let session = crate::session::demo();
        let kept = keep(&session, Some(&disk), None, Some(&state)).unwrap();
        assert!(kept.starts_with(&state));
        assert_eq!(crate::session::load(&kept).unwrap(), session);
        // Nowhere to write at all: the caller is told why.
        let error = keep(&session, Some(&disk), None, Some(&blocker.join("state"))).unwrap_err();
        assert!(error.contains("ws.ron"), "{error}");
    }
}
