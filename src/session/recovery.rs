//! Autosaves of sessions that have no file yet (the demo, a new session), and edits a session
//! file could not take, kept in the state folder and offered on the start screen.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::model::Session;

const FOLDER: &str = "recovery";
/// Recovered sessions nobody opened for this long are removed.
const KEEP_DAYS: u64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    pub title: String,
    pub changed: Option<NaiveDateTime>,
}

/// A new recovery file name for this run. The folder is the user's alone (0700): it holds
/// copies of sessions whatever their own files allow.
pub fn new_path(state_dir: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let stem = format!("{stamp}-{}", std::process::id());
    let folder = state_dir.join(FOLDER);
    if std::fs::create_dir_all(&folder).is_ok() {
        private(&folder);
    }
    super::exports::free_name(&folder, &stem, "ron")
}

#[cfg(unix)]
fn private(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn private(_folder: &Path) {}

/// Removes recovery files older than 30 days, and copies of a newer one with the same
/// content (the same edits kept twice). Returns how many went.
pub fn clean(state_dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(state_dir.join(FOLDER)) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let max_age = std::time::Duration::from_secs(KEEP_DAYS * 24 * 60 * 60);
    let mut files: Vec<(PathBuf, std::time::SystemTime)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .filter_map(|e| Some((e.path(), e.metadata().ok()?.modified().ok()?)))
        .collect();
    files.sort_by_key(|(_, modified)| std::cmp::Reverse(*modified));
    let mut seen = std::collections::HashSet::new();
    let mut removed = 0;
    for (path, modified) in files {
        let old = now.duration_since(modified).is_ok_and(|age| age > max_age);
        let content = super::disk::read_capped(&path, super::disk::MAX_FILE_BYTES)
            .ok()
            .map(|bytes| super::disk::fingerprint(&bytes));
        let repeated = content.is_some_and(|c| !seen.insert(c));
        if (old || repeated) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Recovered sessions, newest first; files that do not load are skipped (and left alone).
pub fn list(state_dir: &Path) -> Vec<Recovered> {
    let Ok(entries) = std::fs::read_dir(state_dir.join(FOLDER)) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_repeated_recovery_files_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        let text = crate::session::to_ron(&crate::session::demo());
        let write = |name: &str, days_old: u64, text: &str| {
            let path = folder.join(name);
            std::fs::write(&path, text).unwrap();
            let when = std::time::SystemTime::now()
                - std::time::Duration::from_secs(days_old * 24 * 60 * 60);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        };
        write("a.ron", 1, &text);
        write("b.ron", 2, &text);
        write("c.ron", 40, &text.replace("Tailspin", "Old"));
        write("d.ron", 3, &text.replace("Tailspin", "Other"));
        assert_eq!(clean(dir.path()), 2);
        let left: Vec<String> = list(dir.path()).into_iter().map(|r| r.title).collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(folder.join("a.ron").exists() && folder.join("d.ron").exists());
    }

    #[cfg(unix)]
    #[cfg(unix)]
    #[test]
    fn the_recovery_folder_is_the_users_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        new_path(dir.path());
        let mode = std::fs::metadata(dir.path().join(FOLDER))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn a_pipe_in_the_recovery_folder_does_not_hang_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        let fifo = std::ffi::CString::new(folder.join("x.ron").to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        clean(dir.path());
        assert!(list(dir.path()).is_empty());
    }
}
