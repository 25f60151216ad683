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
pub fn new_path(state_dir: &Path) -> Result<PathBuf, String> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let stem = format!("{stamp}-{}", std::process::id());
    let folder = state_dir.join(FOLDER);
    match std::fs::symlink_metadata(&folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(not_a_folder(&folder)),
        Err(_) => {
            std::fs::create_dir_all(&folder)
                .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
            private(&folder);
        }
    }
    Ok(super::exports::free_name(&folder, &stem, "ron"))
}

fn not_a_folder(folder: &Path) -> String {
    format!(
        "{} is a link or a file, not vsm's folder: remove it and vsm makes its own",
        folder.display()
    )
}

/// The recovery folder, only when it is a real folder: a link planted there is never
/// followed (to be cleaned, listed or written).
fn folder(state_dir: &Path) -> Option<PathBuf> {
    let folder = state_dir.join(FOLDER);
    let meta = std::fs::symlink_metadata(&folder).ok()?;
    if !meta.is_dir() {
        tracing::warn!(?folder, "recovery folder is not a folder: ignored");
        return None;
    }
    Some(folder)
}

#[cfg(unix)]
fn private(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
fn private(_folder: &Path) {}

/// Whether `name` is one vsm gives a recovery file: `YYYYMMDD-HHMMSS-PID.ron`, or with `-N`
/// after the process id when two were made in the same second.
fn is_recovery_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".ron") else {
        return false;
    };
    let parts: Vec<&str> = stem.split('-').collect();
    let digits = |part: &str, len: Option<usize>| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && len.is_none_or(|len| part.len() == len)
    };
    matches!(parts.len(), 3 | 4)
        && digits(parts[0], Some(8))
        && digits(parts[1], Some(6))
        && parts[2..].iter().all(|part| digits(part, None))
}

/// Removes recovery files older than 30 days, and copies of a newer one with the same
/// content (the same edits kept twice). Returns how many went. Only files vsm made go: a
/// recovery file's name, and content that starts like a session.
pub fn clean(state_dir: &Path) -> usize {
    let Some(Ok(entries)) = folder(state_dir).map(std::fs::read_dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let max_age = std::time::Duration::from_secs(KEEP_DAYS * 24 * 60 * 60);
    let mut files: Vec<(PathBuf, std::time::SystemTime)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| is_recovery_name(&e.file_name().to_string_lossy()))
        .filter(|e| super::disk::looks_like_a_session_start(&e.path()))
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
    let Some(Ok(entries)) = folder(state_dir).map(std::fs::read_dir) else {
        return Vec::new();
    };
    let mut found: Vec<Recovered> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
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
        write("20261101-100000-41.ron", 1, &text);
        write("20261101-100000-41-2.ron", 2, &text);
        write(
            "20261001-100000-7.ron",
            40,
            &text.replace("Tailspin", "Old"),
        );
        write(
            "20261102-100000-9.ron",
            3,
            &text.replace("Tailspin", "Other"),
        );
        // Files vsm did not make stay, however old or repeated.
        write("mine.ron", 90, &text);
        write("20261001-100000-8.ron", 90, "my notes, not a session");
        assert_eq!(clean(dir.path()), 2);
        assert!(folder.join("20261101-100000-41.ron").exists());
        assert!(folder.join("20261102-100000-9.ron").exists());
        assert!(folder.join("mine.ron").exists());
        assert!(folder.join("20261001-100000-8.ron").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_recovery_link_to_another_folder_is_never_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o755)).unwrap();
        let text = crate::session::to_ron(&crate::session::demo());
        for name in ["20261101-100000-1.ron", "20261101-100000-1-2.ron"] {
            std::fs::write(elsewhere.join(name), &text).unwrap();
        }
        let old = elsewhere.join("20261101-100000-1.ron");
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(90 * 86400))
            .unwrap();
        let state = dir.path().join("state");
        std::fs::create_dir(&state).unwrap();
        std::os::unix::fs::symlink(&elsewhere, state.join(FOLDER)).unwrap();
        assert_eq!(clean(&state), 0);
        assert!(list(&state).is_empty());
        let error = new_path(&state).unwrap_err();
        assert!(error.contains("not vsm's folder"), "{error}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 2);
        let mode = std::fs::metadata(&elsewhere).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[cfg(unix)]
    #[test]
    fn the_recovery_folder_is_the_users_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        new_path(dir.path()).unwrap();
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
