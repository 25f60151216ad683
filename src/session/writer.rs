//! The one way vsm writes a file, whatever it writes: the session, its backups, recovery
//! files, exports, the event log of `measure --write-log`, the state folder's lists.
//!
//! Every write goes to a temporary file beside the target (a name no user's file has:
//! `.NAME.vsm-save-XXXXXXXX`), is synced, and is renamed over the target only after the checks:
//! - the session file is written only as the session, never as an export or a log;
//! - a link the user gave (the session, `-o`, `--write-log`) is written through, to a regular
//!   file only, keeping its mode and owner; a link in vsm's own folders is refused;
//! - a new file is never wider than the umask allows (`0666` before it, `0600` for private
//!   files), an export takes the session file's mode;
//! - a file whose mode has no write bit is not written unless the user said so (even as root);
//! - right before the rename, the target must still be the file vsm checked (same identity,
//!   size and times): an outside change during the save keeps both and is reported.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What the file being written is.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// The session file itself, as the user opened it: a link is written through.
    Session,
    /// A file the user named (`-o`, `--write-log`): a link is written through to a regular
    /// file; never the session file.
    Named { session: Option<&'a Path> },
    /// A file under a name vsm chose (backups, exports, recovery, state): never through a
    /// link, never the session file.
    Own { session: Option<&'a Path> },
}

/// What the target must still be right before the rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Whatever is there (files only vsm writes).
    Anything,
    /// Nothing: the file is created, never replaced.
    Absent,
    /// The file vsm read (a file deleted since is written again: nothing is lost).
    Unchanged(Identity),
}

/// How to write one file.
#[derive(Debug, Clone, Copy)]
pub struct How<'a> {
    pub place: Place<'a>,
    /// Mode of a new file, before the umask: `0o666`, or `0o600` for private copies.
    pub new_mode: u32,
    /// A new file takes this file's mode instead (exports take the session's).
    pub mode_like: Option<&'a Path>,
    /// The user said to write a file whose mode is read-only (like vim's `:w!`).
    pub over_read_only: bool,
    pub expect: Expect,
}

impl<'a> How<'a> {
    /// A file under a name vsm chose.
    pub fn own() -> How<'a> {
        How {
            place: Place::Own { session: None },
            new_mode: 0o666,
            mode_like: None,
            over_read_only: false,
            expect: Expect::Anything,
        }
    }

    /// A file only this user may read (recovery copies, the state folder).
    pub fn private() -> How<'a> {
        How {
            new_mode: 0o600,
            ..How::own()
        }
    }

    /// A file the user named on the command line, beside the session `session`.
    pub fn named(session: Option<&'a Path>) -> How<'a> {
        How {
            place: Place::Named { session },
            mode_like: session,
            ..How::own()
        }
    }

    /// The session file.
    pub fn session(expect: Expect) -> How<'a> {
        How {
            place: Place::Session,
            expect,
            ..How::own()
        }
    }
}

/// Why a file was not written; the target is untouched in every case.
#[derive(Debug)]
pub enum Refused {
    /// The target is the session file, and this is not the session.
    TheSession(PathBuf),
    /// A link in vsm's own folders, or a link to nothing or to a folder or device.
    Link(PathBuf),
    NotRegular(PathBuf),
    /// The file's mode has no write bit.
    ReadOnly {
        path: PathBuf,
        mode: u32,
    },
    /// Another program changed or replaced the file during the save.
    Changed(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::TheSession(path) => write!(
                f,
                "{} is the session file itself: choose another file, nothing was written",
                path.display()
            ),
            Refused::Link(path) => write!(
                f,
                "{} is a symbolic link vsm does not follow (in its own folders, or to something \
                 that is not a regular file): remove it or give the real file",
                path.display()
            ),
            Refused::NotRegular(path) => write!(
                f,
                "{} is not a regular file (a folder, pipe or device): give the path of a file",
                path.display()
            ),
            Refused::ReadOnly { path, mode } => write!(
                f,
                "{} is read-only (mode {:04o}): make it writable (chmod u+w) to write it",
                path.display(),
                mode & 0o7777
            ),
            Refused::Changed(path) => write!(
                f,
                "another program changed {} while vsm was saving: both versions are kept",
                path.display()
            ),
            Refused::Io(path, error) => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

/// Writes `bytes` to `path` with every check above; returns the file written (the real file
/// when `path` is a link the user gave).
pub fn write(path: &Path, bytes: &[u8], how: &How) -> Result<PathBuf, Refused> {
    let mut pending = prepare(path, how)?;
    pending.write_all(bytes)?;
    pending.commit()
}

/// A temporary file ready to be filled, then renamed over its target by `commit`. Dropped
/// without a commit, it is removed.
#[derive(Debug)]
pub struct Pending {
    target: PathBuf,
    temporary: PathBuf,
    file: Option<File>,
    expect: Expect,
}

/// Checks the target and makes the temporary file beside it.
pub fn prepare(path: &Path, how: &How) -> Result<Pending, Refused> {
    let target = target(path, how.place)?;
    if let Place::Named { session } | Place::Own { session } = how.place
        && let Some(session) = session
        && same_file(&target, session)
    {
        return Err(Refused::TheSession(path.to_path_buf()));
    }
    let existing = std::fs::symlink_metadata(&target).ok();
    if existing.is_some() && how.expect == Expect::Absent {
        return Err(Refused::Io(
            path.to_path_buf(),
            io::Error::new(io::ErrorKind::AlreadyExists, "the file exists"),
        ));
    }
    if let Some(meta) = &existing
        && !how.over_read_only
        && is_read_only(meta)
    {
        return Err(Refused::ReadOnly {
            path: path.to_path_buf(),
            mode: mode_of(meta),
        });
    }
    let dir = match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Refused::Io(dir.to_path_buf(), e))?;
            dir.to_path_buf()
        }
        None => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .ok_or_else(|| Refused::NotRegular(path.to_path_buf()))?;
    let new_mode = how
        .mode_like
        .and_then(|like| std::fs::metadata(like).ok())
        .map(|meta| mode_of(&meta) & 0o666)
        .unwrap_or(how.new_mode)
        & 0o666;
    let (temporary, file) =
        make_temporary(&dir, &name, new_mode).map_err(|e| Refused::Io(target.clone(), e))?;
    let pending = Pending {
        target,
        temporary,
        file: Some(file),
        expect: how.expect,
    };
    if let Some(meta) = &existing {
        pending.keep_mode_and_owner(meta)?;
    }
    Ok(pending)
}

impl Pending {
    /// The file the commit replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), Refused> {
        let file = self.file.as_mut().expect("written before the commit");
        file.write_all(bytes)
            .and_then(|_| file.sync_all())
            .map_err(|e| Refused::Io(self.target.clone(), e))
    }

    /// Renames the temporary file over the target, if the target is still what was expected.
    pub fn commit(mut self) -> Result<PathBuf, Refused> {
        drop(self.file.take());
        let now = std::fs::symlink_metadata(&self.target).ok();
        let changed = match (self.expect, &now) {
            (Expect::Anything, _) => false,
            (Expect::Absent, now) => now.is_some(),
            (Expect::Unchanged(_), None) => false,
            (Expect::Unchanged(was), Some(now)) => Identity::from(now) != was,
        };
        if changed {
            return Err(Refused::Changed(self.target.clone()));
        }
        let renamed = if self.expect == Expect::Absent {
            // A hard link never replaces a file that appeared meanwhile.
            std::fs::hard_link(&self.temporary, &self.target).or_else(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    Err(e)
                } else {
                    std::fs::rename(&self.temporary, &self.target)
                }
            })
        } else {
            std::fs::rename(&self.temporary, &self.target)
        };
        renamed.map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => Refused::Changed(self.target.clone()),
            _ => Refused::Io(self.target.clone(), e),
        })?;
        let _ = std::fs::remove_file(&self.temporary);
        if let Some(dir) = self.target.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(self.target.clone())
    }

    #[cfg(unix)]
    fn keep_mode_and_owner(&self, meta: &std::fs::Metadata) -> Result<(), Refused> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let file = self.file.as_ref().expect("before the commit");
        file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777))
            .map_err(|e| Refused::Io(self.target.clone(), e))?;
        // Root keeps another user's file theirs; a user keeps the file's group when allowed.
        use std::os::fd::AsRawFd;
        let (uid, gid) = if unsafe { libc::geteuid() } == 0 {
            (meta.uid(), meta.gid())
        } else {
            (u32::MAX, meta.gid())
        };
        unsafe { libc::fchown(file.as_raw_fd(), uid, gid) };
        Ok(())
    }

    #[cfg(not(unix))]
    fn keep_mode_and_owner(&self, _meta: &std::fs::Metadata) -> Result<(), Refused> {
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.temporary);
    }
}

/// A file as `stat` shows it: another program's write or rename changes one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed_ns: i128,
}

impl Identity {
    /// The identity of the file at `path` (links not followed), if there is one.
    pub fn of(path: &Path) -> Option<Identity> {
        std::fs::symlink_metadata(path)
            .ok()
            .map(|m| Identity::from(&m))
    }
}

impl From<&std::fs::Metadata> for Identity {
    #[cfg(unix)]
    fn from(meta: &std::fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            device: meta.dev(),
            inode: meta.ino(),
            len: meta.len(),
            modified: meta.modified().ok(),
            changed_ns: meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128,
        }
    }

    #[cfg(not(unix))]
    fn from(meta: &std::fs::Metadata) -> Identity {
        Identity {
            device: 0,
            inode: 0,
            len: meta.len(),
            modified: meta.modified().ok(),
            changed_ns: 0,
        }
    }
}

/// Where a write to `path` goes, or why it may not.
fn target(path: &Path, place: Place) -> Result<PathBuf, Refused> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(Refused::Io(path.to_path_buf(), e)),
    };
    if meta.file_type().is_symlink() {
        if let Place::Own { .. } = place {
            return Err(Refused::Link(path.to_path_buf()));
        }
        // The user's own link: through to the regular file it names, never to anything else.
        let real = std::fs::canonicalize(path).map_err(|_| Refused::Link(path.to_path_buf()))?;
        return match std::fs::metadata(&real) {
            Ok(real_meta) if real_meta.is_file() => Ok(real),
            _ => Err(Refused::Link(path.to_path_buf())),
        };
    }
    if !meta.is_file() {
        return Err(Refused::NotRegular(path.to_path_buf()));
    }
    Ok(path.to_path_buf())
}

/// Whether `a` and `b` name the same file (links followed).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether the mode of a file has no write bit at all (0444, 0400...).
pub fn is_read_only(meta: &std::fs::Metadata) -> bool {
    meta.is_file() && mode_of(meta) & 0o222 == 0
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(not(unix))]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o666
    }
}

/// The part of a temporary file's name after `.NAME.`: no user names a file like this.
pub const TEMPORARY_MARK: &str = "vsm-save-";
const RANDOM_LEN: usize = 8;

/// Whether `file_name` is a temporary file of a save of `name`.
pub fn is_temporary_name(file_name: &str, name: &str) -> bool {
    file_name
        .strip_prefix(&format!(".{name}.{TEMPORARY_MARK}"))
        .is_some_and(|rest| {
            rest.len() == RANDOM_LEN && rest.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

fn make_temporary(dir: &Path, name: &str, mode: u32) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for attempt in 0..16u64 {
        let path = dir.join(format!(
            ".{name}.{TEMPORARY_MARK}{}",
            random_suffix(attempt)
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode).custom_flags(libc::O_NOFOLLOW);
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name is free")))
}

fn random_suffix(attempt: u64) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(attempt);
    hasher.write_u32(std::process::id());
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    let mut value = hasher.finish();
    const DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..RANDOM_LEN)
        .map(|_| {
            let digit = DIGITS[(value % DIGITS.len() as u64) as usize] as char;
            value /= DIGITS.len() as u64;
            digit
        })
        .collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_link_the_user_gave_is_written_through_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("out.csv");
        symlink(&real, &link).unwrap();
        let went = write(&link, b"new", &How::named(None)).unwrap();
        assert_eq!(went, std::fs::canonicalize(&real).unwrap());
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(mode(&real), 0o640);
    }

    #[test]
    fn a_link_to_a_folder_or_device_or_in_vsms_folders_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let to_dir = dir.path().join("to-dir");
        symlink(dir.path(), &to_dir).unwrap();
        let to_null = dir.path().join("to-null");
        symlink("/dev/null", &to_null).unwrap();
        for link in [&to_dir, &to_null] {
            let error = write(link, b"x", &How::named(None)).unwrap_err();
            assert!(matches!(error, Refused::Link(_)), "{error}");
        }
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir.path().join("planted");
        symlink(&victim, &planted).unwrap();
        let error = write(&planted, b"evil", &How::own()).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn the_session_file_is_never_written_as_something_else() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("ws.ron");
        std::fs::write(&session, "the map").unwrap();
        let link = dir.path().join("log.csv");
        symlink(&session, &link).unwrap();
        for path in [&session, &link] {
            let error = write(path, b"csv", &How::named(Some(&session))).unwrap_err();
            assert!(error.to_string().contains("session file itself"), "{error}");
        }
        assert_eq!(std::fs::read_to_string(&session).unwrap(), "the map");
    }

    #[test]
    fn new_files_are_never_wider_than_the_umask_and_exports_take_the_sessions_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.txt");
        write(&new, b"x", &How::own()).unwrap();
        let umask = unsafe {
            let old = libc::umask(0o022);
            libc::umask(old);
            old
        } as u32;
        assert_eq!(mode(&new), 0o666 & !umask);
        let private = dir.path().join("private.ron");
        write(&private, b"x", &How::private()).unwrap();
        assert_eq!(mode(&private), 0o600);
        let session = dir.path().join("ws.ron");
        std::fs::write(&session, "map").unwrap();
        std::fs::set_permissions(&session, std::fs::Permissions::from_mode(0o600)).unwrap();
        let export = dir.path().join("ws.html");
        write(&export, b"<html>", &How::named(Some(&session))).unwrap();
        assert_eq!(mode(&export), 0o600);
    }

    #[test]
    fn a_read_only_file_is_written_only_when_the_user_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.ron");
        std::fs::write(&path, "theirs").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = write(&path, b"mine", &How::session(Expect::Anything)).unwrap_err();
        assert!(
            error.to_string().contains("read-only (mode 0444)"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs");
        let how = How {
            over_read_only: true,
            ..How::session(Expect::Anything)
        };
        write(&path, b"mine", &how).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        assert_eq!(mode(&path), 0o444);
    }

    #[test]
    fn root_keeps_another_users_file_theirs() {
        use std::os::unix::fs::MetadataExt;
        if unsafe { libc::geteuid() } != 0 {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.ron");
        std::fs::write(&path, "theirs").unwrap();
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
        write(&path, b"mine", &How::session(Expect::Anything)).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    }

    #[test]
    fn an_outside_change_during_the_save_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.ron");
        std::fs::write(&path, "read").unwrap();
        let seen = Identity::of(&path).unwrap();
        let mut pending = prepare(&path, &How::session(Expect::Unchanged(seen))).unwrap();
        pending.write_all(b"mine").unwrap();
        // Another program replaces the file while vsm writes its temporary copy.
        let theirs = dir.path().join("theirs");
        std::fs::write(&theirs, "theirs").unwrap();
        std::fs::rename(&theirs, &path).unwrap();
        assert!(matches!(pending.commit(), Err(Refused::Changed(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
