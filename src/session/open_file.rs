//! The session file vsm has open, and every rule for writing it: never over a change another
//! program made, never after another window took the file over, through a symbolic link to the
//! real file, one backup per opening before the first write that changes it, and never a file
//! vsm would refuse to read. The same code runs on whichever thread writes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use super::disk::{self, ReadError};
use super::file::{self, LoadError};
use super::lock;
use super::writer;
use crate::model::Session;

/// What vsm last read or wrote: a file whose size, time and content all differ was changed by
/// someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Stamp {
    fn of(bytes: &[u8], path: &Path) -> Stamp {
        let metadata = std::fs::metadata(path).ok();
        Stamp {
            len: bytes.len() as u64,
            modified: metadata.and_then(|m| m.modified().ok()),
            hash: hash(bytes),
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    disk::fingerprint(bytes)
}

/// Why a write did not happen. The edits are still in memory in every case.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteError {
    /// Another program changed the file since vsm read or wrote it.
    Changed,
    /// Another window opened the file anyway; who.
    TakenOver(String),
    /// The file's mode says read-only (0444): written only once the user says so again.
    ReadOnly(String),
    /// Anything else: full disk, read-only folder, a session too big to save.
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => write!(f, "the file was changed by another program"),
            WriteError::TakenOver(who) => write!(f, "{who} opened this file anyway"),
            WriteError::ReadOnly(why) | WriteError::Failed(why) => write!(f, "{why}"),
        }
    }
}

/// What a successful write did.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// The file already held this session.
    Unchanged,
    /// Written; the first write of this opening also kept the previous version here.
    Wrote { backup: Option<PathBuf> },
}

#[derive(Debug)]
pub struct OpenFile {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// Where writes go: the path with symbolic links followed.
    pub real: PathBuf,
    stamp: Option<Stamp>,
    backed_up: bool,
    lock: Option<lock::Held>,
    /// Another window took the file over: no more writes from here.
    lost_to: Option<String>,
    /// This opening, as the lock file names it.
    me: lock::Lock,
    /// A write was refused because the file is read-only: the next write by hand may go over.
    pub read_only_refused: bool,
    /// The user said to write the read-only file anyway (like vim's `:w!`).
    pub over_read_only: bool,
}

impl OpenFile {
    /// Reads and checks the session at `path`, without locking it.
    pub fn open(path: &Path) -> Result<(OpenFile, Session), LoadError> {
        let real = disk::resolve(path);
        let name = path.display().to_string();
        let bytes = file::read_session_bytes(&real, &name)?;
        let session = file::parse_bytes(&bytes, &name)?;
        let open = OpenFile {
            path: path.to_path_buf(),
            stamp: Some(Stamp::of(&bytes, &real)),
            real,
            backed_up: false,
            lock: None,
            lost_to: None,
            me: lock::Lock::this_process(),
            read_only_refused: false,
            over_read_only: false,
        };
        Ok((open, session))
    }

    /// A file that does not exist yet: the first write creates it.
    pub fn create(path: &Path) -> OpenFile {
        OpenFile {
            path: path.to_path_buf(),
            real: disk::resolve(path),
            stamp: None,
            backed_up: true,
            lock: None,
            lost_to: None,
            me: lock::Lock::this_process(),
            read_only_refused: false,
            over_read_only: false,
        }
    }

    /// Takes the file's lock; once held, temporary files a crashed save left are removed.
    pub fn lock(&mut self) -> Result<(), lock::Refused> {
        let held = lock::acquire(&self.real, &self.me)?;
        self.lock = Some(held);
        disk::clean_temporaries(&self.real);
        Ok(())
    }

    /// Opens the file although another window holds it: that window stops writing.
    pub fn take_over(&mut self) -> Result<(), String> {
        lock::take_over(&self.real, &self.me)
    }

    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// Writes `session` when it is safe to: see the module comment.
    pub fn write(&mut self, session: &Session) -> Result<Written, WriteError> {
        self.write_pausing(session, &mut || {})
    }

    /// `write`, calling `pause` once the new version is on disk beside the file and before it
    /// replaces the file: tests change the file there, as another program might.
    pub fn write_pausing(
        &mut self,
        session: &Session,
        pause: &mut dyn FnMut(),
    ) -> Result<Written, WriteError> {
        self.check_still_ours()?;
        let text = file::to_ron(session);
        file::check_size(text.len() as u64).map_err(WriteError::Failed)?;
        let seen = writer::Identity::of(&self.real);
        let on_disk = self.check_unchanged()?;
        if self.stamp.is_some_and(|s| s.hash == hash(text.as_bytes())) && on_disk.is_some() {
            return Ok(Written::Unchanged);
        }
        let how = writer::How {
            over_read_only: self.over_read_only,
            ..writer::How::session(match (&on_disk, seen) {
                (Some(_), Some(seen)) => writer::Expect::Unchanged(seen),
                _ if self.stamp.is_none() => writer::Expect::Absent,
                // Deleted under vsm: written again, nothing is lost.
                _ => writer::Expect::Anything,
            })
        };
        let mut pending = writer::prepare(&self.real, &how).map_err(|e| self.refused(e))?;
        let mut backup = None;
        if !self.backed_up
            && let Some(previous) = on_disk.filter(|b| !b.is_empty())
        {
            backup = Some(file::keep_backup(&self.real, &previous).map_err(WriteError::Failed)?);
            self.backed_up = true;
        }
        pending
            .write_all(text.as_bytes())
            .map_err(|e| self.refused(e))?;
        pause();
        pending.commit().map_err(|e| self.refused(e))?;
        self.read_only_refused = false;
        self.stamp = Some(Stamp::of(text.as_bytes(), &self.real));
        Ok(Written::Wrote { backup })
    }

    /// A refusal of the writer as the reason the session was not written.
    fn refused(&mut self, refused: writer::Refused) -> WriteError {
        match refused {
            writer::Refused::Changed(_) => WriteError::Changed,
            writer::Refused::ReadOnly { mode, .. } => {
                self.read_only_refused = true;
                WriteError::ReadOnly(format!(
                    "{} is read-only (mode {:04o})",
                    self.path.display(),
                    mode & 0o7777
                ))
            }
            writer::Refused::Io(_, e) => {
                WriteError::Failed(format!("cannot write {}: {e}", self.path.display()))
            }
            other => WriteError::Failed(other.to_string()),
        }
    }

    /// Whether the session file is gone (another program deleted or moved it away).
    pub fn is_gone(&self) -> bool {
        self.stamp.is_some() && !disk::is_taken(&self.real)
    }

    /// The session as it is on disk now (after another program changed it); later writes go
    /// over this version.
    pub fn reload(&mut self) -> Result<Session, LoadError> {
        let name = self.path.display().to_string();
        let bytes = file::read_session_bytes(&self.real, &name)?;
        let session = file::parse_bytes(&bytes, &name)?;
        self.stamp = Some(Stamp::of(&bytes, &self.real));
        Ok(session)
    }

    /// "Keep mine": the other program's version becomes the newest backup and the next write
    /// goes over it.
    pub fn keep_theirs_as_backup(&mut self) -> Result<PathBuf, String> {
        let name = self.path.display().to_string();
        let bytes = file::read_session_bytes(&self.real, &name).map_err(|e| e.to_string())?;
        let backup = file::keep_backup(&self.real, &bytes)?;
        self.backed_up = true;
        self.stamp = Some(Stamp::of(&bytes, &self.real));
        Ok(backup)
    }

    /// Gives the lock back (the file is closed or the program ends).
    pub fn release(&mut self) {
        if let Some(held) = self.lock.take() {
            held.release();
        } else if self.lost_to.is_none()
            && self.stamp.is_some()
            && let Ok(held) = lock::acquire(&self.real, &self.me)
        {
            // Opened anyway, and the other window is gone: the lock file naming this one goes.
            held.release();
        }
    }

    fn check_still_ours(&mut self) -> Result<(), WriteError> {
        if let Some(who) = &self.lost_to {
            return Err(WriteError::TakenOver(who.clone()));
        }
        let who = match &mut self.lock {
            Some(held) => held.taken_over_by().map(|lock| lock.describe()),
            // Opened anyway, or the lock could not be taken at opening: take it now if the
            // other window has gone, else write only while the lock file names this window.
            None => match lock::acquire(&self.real, &self.me) {
                Ok(held) => {
                    self.lock = Some(held);
                    None
                }
                Err(lock::Refused::Held(_)) => {
                    lock::named_other(&self.real, &self.me).map(|lock| lock.describe())
                }
                Err(lock::Refused::Unusable(_)) => None,
            },
        };
        match who {
            None => Ok(()),
            Some(who) => {
                // The other window has it now: ours goes, leaving the file naming them.
                if let Some(held) = self.lock.take() {
                    held.release();
                }
                self.lost_to = Some(who.clone());
                Err(WriteError::TakenOver(who))
            }
        }
    }

    /// The file's bytes now (None when it does not exist), or `Changed` when they are not what
    /// vsm last read or wrote.
    fn check_unchanged(&mut self) -> Result<Option<Vec<u8>>, WriteError> {
        let name = self.path.display().to_string();
        let bytes = match disk::read_capped(&self.real, disk::MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            // Removed or renamed away: writing it again loses nothing.
            Err(ReadError::Missing) => return Ok(None),
            Err(ReadError::TooBig) => return Err(WriteError::Changed),
            Err(error) => {
                return Err(WriteError::Failed(format!(
                    "{name}: {}",
                    error.message(disk::MAX_FILE_BYTES)
                )));
            }
        };
        match self.stamp {
            Some(stamp) if stamp.len == bytes.len() as u64 && stamp.hash == hash(&bytes) => {
                Ok(Some(bytes))
            }
            _ => Err(WriteError::Changed),
        }
    }
}

/// An open file shared by the app, the event loop and the rescue on a signal or crash.
#[derive(Debug, Clone)]
pub struct Disk(Arc<Mutex<OpenFile>>);

impl Disk {
    pub fn new(file: OpenFile) -> Disk {
        Disk(Arc::new(Mutex::new(file)))
    }

    pub fn get(&self) -> MutexGuard<'_, OpenFile> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file unless another thread is writing it (a crash mid-write must not wait for it).
    pub fn try_get(&self) -> Option<MutexGuard<'_, OpenFile>> {
        match self.0.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_file(dir: &Path) -> PathBuf {
        let path = dir.join("ws.ron");
        std::fs::write(&path, file::to_ron(&crate::session::demo())).unwrap();
        path
    }

    fn edited(session: &Session, title: &str) -> Session {
        let mut session = session.clone();
        session.title = title.into();
        session
    }

    #[test]
    fn a_change_by_another_program_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let (mut open, session) = OpenFile::open(&path).unwrap();
        open.write(&edited(&session, "mine")).unwrap();
        // An editor or `git pull` changes the file.
        let theirs = file::to_ron(&edited(&session, "theirs"));
        std::fs::write(&path, &theirs).unwrap();
        assert_eq!(
            open.write(&edited(&session, "mine again")),
            Err(WriteError::Changed)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        // Reloading takes theirs; writing then works again.
        assert_eq!(open.reload().unwrap().title, "theirs");
        open.write(&edited(&session, "after")).unwrap();
        // Keep mine: theirs becomes the newest backup.
        std::fs::write(&path, &theirs).unwrap();
        let backup = open.keep_theirs_as_backup().unwrap();
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), theirs);
        open.write(&edited(&session, "mine wins")).unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("mine wins")
        );
    }

    #[test]
    fn a_file_touched_but_not_changed_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let (mut open, session) = OpenFile::open(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, &bytes).unwrap();
        assert!(open.write(&edited(&session, "mine")).is_ok());
    }

    #[test]
    fn one_backup_per_opening_only_before_the_first_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let original = std::fs::read(&path).unwrap();
        let backup = |n| file::backup_path(&path, n);
        // Opening three times without a change makes no backup.
        for _ in 0..3 {
            let (mut open, session) = OpenFile::open(&path).unwrap();
            assert_eq!(open.write(&session), Ok(Written::Unchanged));
        }
        assert!(!backup(1).exists());
        // The first changing write keeps the original; later writes of the same opening don't.
        let (mut open, session) = OpenFile::open(&path).unwrap();
        let first = open.write(&edited(&session, "one")).unwrap();
        assert_eq!(
            first,
            Written::Wrote {
                backup: Some(backup(1))
            }
        );
        open.write(&edited(&session, "two")).unwrap();
        assert_eq!(std::fs::read(backup(1)).unwrap(), original);
        assert!(!backup(2).exists());
        open.release();
        // The next opening keeps "two" and moves the original along.
        let (mut open, session) = OpenFile::open(&path).unwrap();
        open.write(&edited(&session, "three")).unwrap();
        assert!(
            String::from_utf8(std::fs::read(backup(1)).unwrap())
                .unwrap()
                .contains("two")
        );
        assert_eq!(std::fs::read(backup(2)).unwrap(), original);
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_writes_the_real_file_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = demo_file(&real_dir);
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let (mut open, session) = OpenFile::open(&link).unwrap();
        open.write(&edited(&session, "through the link")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("through the link")
        );
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // The backup sits beside the real file.
        assert!(file::backup_path(&real, 1).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_backup_link_does_not_make_vsm_create_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let target = dir.path().join("planted-target");
        std::os::unix::fs::symlink(&target, file::backup_path(&path, 1)).unwrap();
        let (mut open, session) = OpenFile::open(&path).unwrap();
        open.write(&edited(&session, "mine")).unwrap();
        assert!(!target.exists());
        assert!(std::fs::read_to_string(&path).unwrap().contains("mine"));
    }

    #[test]
    fn a_window_that_opened_anyway_makes_the_holder_stop_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = demo_file(dir.path());
        let (mut first, session) = OpenFile::open(&path).unwrap();
        first.lock().unwrap();
        let (mut second, _) = OpenFile::open(&path).unwrap();
        assert!(second.lock().is_err());
        second.take_over().unwrap();
        second.write(&edited(&session, "second")).unwrap();
        match first.write(&edited(&session, "first")) {
            Err(WriteError::TakenOver(who)) => assert!(who.contains("process"), "{who}"),
            other => panic!("the first window must stop: {other:?}"),
        }
        assert!(std::fs::read_to_string(&path).unwrap().contains("second"));
        // The second window then holds the lock for real.
        second.write(&edited(&session, "second again")).unwrap();
        assert!(second.holds_lock());
    }
}
