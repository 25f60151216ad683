//! The few ways vsm touches the file system, each safe against the tricks of a shared folder:
//! reads are capped and refuse pipes, devices and folders; files vsm creates beside a session
//! (lock, backup, export) are created new and never through a planted symbolic link.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::writer;

/// The one size rule for session files, read and written: far above any map vsm can make (a
/// 100,000-step map is about 20 MB of compact RON) and small enough that a wrong file or an
/// endless stream is refused at once.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    Folder,
    /// A pipe, socket or device: reading it could block or never end.
    Special,
    TooBig,
    Io(io::Error),
}

impl ReadError {
    /// What to tell the user, after the file's name.
    pub fn message(&self, limit: u64) -> String {
        match self {
            ReadError::Missing => "does not exist".into(),
            ReadError::Folder => "is a folder, not a file: give the path of a file in it".into(),
            ReadError::Special => {
                "is not a regular file (a pipe or a device): give the path of a file".into()
            }
            ReadError::TooBig => format!(
                "is over {} MB, the most vsm reads: is this the right file?",
                limit / (1024 * 1024)
            ),
            ReadError::Io(error) => format!("cannot read: {error}"),
        }
    }
}

/// Reads at most `limit` bytes of a regular file. Opening does not block on a pipe, and a
/// pipe, device or folder is refused before any byte is read.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_for_reading(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        io::ErrorKind::IsADirectory => ReadError::Folder,
        _ => ReadError::Io(e),
    })?;
    read_file_capped(file, limit)
}

/// Reads a file vsm keeps in its own folders (the recent list, state, the record of
/// exports): like `read_capped`, and a link there is never followed.
pub fn read_own(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ReadError::Special);
    }
    read_capped(path, limit)
}

/// Reads at most `limit` bytes of standard input (`-` on the command line).
pub fn read_stdin_capped(limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig);
    }
    Ok(bytes)
}

fn read_file_capped(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if metadata.is_dir() {
        return Err(ReadError::Folder);
    }
    if !metadata.is_file() {
        return Err(ReadError::Special);
    }
    if metadata.len() > limit {
        return Err(ReadError::TooBig);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig);
    }
    Ok(bytes)
}

/// Opens a file for reading without blocking on a pipe (a FIFO opens at once).
#[cfg(unix)]
pub fn open_for_reading(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
pub fn open_for_reading(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Creates `path`, which must not exist: a planted link or file there is an error, never
/// followed or overwritten.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    no_follow(&mut options);
    options.open(path)
}

/// Opens (or creates) a file vsm keeps beside a session, such as its lock, refusing a link
/// and anything that is not a regular file.
pub fn open_own(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    no_follow(&mut options);
    let file = options.open(path).map_err(|e| link_error(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(format!(
            "{} is not a regular file: remove it",
            path.display()
        )));
    }
    Ok(file)
}

/// Opens a log for appending, never through a link.
pub fn open_log(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    no_follow(&mut options);
    options.open(path).map_err(|e| link_error(path, e))
}

#[cfg(unix)]
fn no_follow(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
}

#[cfg(not(unix))]
fn no_follow(_options: &mut OpenOptions) {}

fn link_error(path: &Path, error: io::Error) -> io::Error {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return io::Error::other(format!(
            "{} is a symbolic link, which vsm never follows: remove it",
            path.display()
        ));
    }
    let _ = path;
    error
}

/// Writes a new file with `bytes`, synced, in one step: a full disk never leaves an empty
/// or cut copy behind, and a file or link already there is never replaced.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let how = writer::How {
        expect: writer::Expect::Absent,
        ..writer::How::own()
    };
    writer::write(path, bytes, &how).map(|_| ()).map_err(to_io)
}

/// Replaces a file under a name vsm chose (state, record of exports) atomically, keeping its
/// mode; a link there is refused, never followed.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    writer::write(path, bytes, &writer::How::own())
        .map(|_| ())
        .map_err(to_io)
}

/// A refused write as an I/O error whose text says what is wrong.
pub fn to_io(refused: writer::Refused) -> io::Error {
    match refused {
        writer::Refused::Io(_, error) => error,
        other => io::Error::other(other.to_string()),
    }
}

/// A fingerprint of file content, to tell whether a file still holds what vsm wrote.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Whether anything at all is at `path`, a dangling link included.
pub fn is_taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The file a path names once symbolic links are followed: writes go there, so saving through
/// a link updates the real file and keeps the link. A path that does not exist yet is kept.
pub fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Temporary files a crashed save of `path` left beside it (`.NAME.vsm-save-XXXXXXXX`, see
/// `writer`), removed. Only regular files vsm made go: the name pattern, and content that is
/// empty or a session's start; never links, folders or a user's `.NAME.backup`.
pub fn clean_temporaries(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy().to_string();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().to_string();
        if !writer::is_temporary_name(&file_name, &name) {
            continue;
        }
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && looks_like_a_session_start(&entry.path())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether a file is empty or starts like the session text vsm writes (`(version:` first).
pub fn looks_like_a_session_start(path: &Path) -> bool {
    let Ok(file) = open_for_reading(path) else {
        return false;
    };
    let mut start = Vec::new();
    if file.take(256).read_to_end(&mut start).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&start);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.is_empty()
        || text
            .strip_prefix('(')
            .is_some_and(|rest| rest.trim_start().starts_with("version"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn pipes_devices_and_folders_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(read_capped(&fifo, 100), Err(ReadError::Special)));
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 100),
            Err(ReadError::Special)
        ));
        assert!(matches!(
            read_capped(dir.path(), 100),
            Err(ReadError::Folder)
        ));
        assert!(matches!(
            read_capped(&dir.path().join("none"), 100),
            Err(ReadError::Missing)
        ));
    }

    #[test]
    fn reads_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'a'; 101]).unwrap();
        assert!(matches!(read_capped(&path, 100), Err(ReadError::TooBig)));
        assert_eq!(read_capped(&path, 101).unwrap().len(), 101);
    }

    #[test]
    fn planted_links_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(write_new(&link, b"evil").is_err());
        let error = open_own(&link).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        // A dangling link does not make vsm create its target.
        let target = dir.path().join("created");
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(&target, &dangling).unwrap();
        assert!(write_new(&dangling, b"x").is_err());
        assert!(open_own(&dangling).is_err());
        assert!(!target.exists());
    }

    #[test]
    fn leftover_temporaries_are_cleaned_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        let crashed = dir.path().join(".notes.ron.vsm-save-a1b2c3d4");
        std::fs::write(&crashed, "(\n    version: 1,\n    title: \"hal").unwrap();
        std::fs::write(dir.path().join(".notes.ron.lock"), "").unwrap();
        std::fs::write(dir.path().join("notes.ron.1.bak"), "old").unwrap();
        // A user's own files, even named like a temporary file of another tool.
        std::fs::write(dir.path().join(".notes.ron.backup"), "(version: 1)").unwrap();
        std::fs::write(dir.path().join(".notes.ron.vsm-save-mynotes1"), "my notes").unwrap();
        assert_eq!(clean_temporaries(&session), 1);
        assert!(!crashed.exists());
        for kept in [".notes.ron.lock", "notes.ron.1.bak", ".notes.ron.backup"] {
            assert!(dir.path().join(kept).exists(), "{kept}");
        }
        assert!(dir.path().join(".notes.ron.vsm-save-mynotes1").exists());
    }
}
