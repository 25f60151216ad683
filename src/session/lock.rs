//! A lock beside an open session, so a second vsm on the same file asks instead of two windows
//! overwriting each other's work. The lock is the operating system's (taken and dropped
//! atomically, gone when the process ends, even by kill -9); the file `.NAME.lock` also
//! says who holds it, for the question the other window asks.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::disk;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lock {
    pub pid: u32,
    pub host: String,
    pub since: NaiveDateTime,
    /// Tells apart two openings of the same file in one process.
    #[serde(default)]
    pub window: u64,
}

impl Lock {
    /// A new holder: this process, this opening.
    pub fn this_process() -> Lock {
        static OPENINGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Lock {
            pid: std::process::id(),
            host: this_host(),
            since: chrono::Local::now().naive_local(),
            window: OPENINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "process {} on {} since {}",
            self.pid,
            crate::text::clean(&self.host),
            self.since.format("%Y-%m-%d %H:%M")
        )
    }

    fn is(&self, other: &Lock) -> bool {
        self.pid == other.pid && self.host == other.host && self.window == other.window
    }
}

/// `notes.ron` is locked by `.notes.ron.lock` in the same folder.
pub fn lock_path(session: &Path) -> PathBuf {
    let name = session
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "session".into());
    session.with_file_name(format!(".{name}.lock"))
}

pub fn this_host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// A session's lock, held by this process until dropped or released.
#[derive(Debug)]
pub struct Held {
    path: PathBuf,
    file: File,
    me: Lock,
}

/// Why the lock could not be taken.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Another vsm holds it; who, when the lock file says.
    Held(Option<Lock>),
    /// The lock file cannot be made: a planted link, a read-only folder...
    Unusable(String),
}

impl Refused {
    pub fn describe(&self) -> String {
        match self {
            Refused::Held(Some(lock)) => lock.describe(),
            Refused::Held(None) => "another vsm".into(),
            Refused::Unusable(why) => why.clone(),
        }
    }
}

/// Takes the lock of `session` (a resolved path) for `me`, writing who holds it.
pub fn acquire(session: &Path, me: &Lock) -> Result<Held, Refused> {
    let path = lock_path(session);
    // Another process may remove the lock file between our open and our lock: then the lock
    // we got is on a file nobody else sees, so open again.
    for _ in 0..5 {
        let mut file = disk::open_own(&path).map_err(|e| Refused::Unusable(e.to_string()))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(Refused::Held(read_holder(&mut file)));
            }
            Err(fs4::TryLockError::Error(e)) => return Err(Refused::Unusable(e.to_string())),
        }
        if !same_file(&file, &path) {
            continue;
        }
        // Who holds it is a courtesy for the question another window asks: a lock whose
        // details cannot be written (a full disk) still locks.
        let _ = write_holder(&mut file, me);
        return Ok(Held {
            path,
            file,
            me: me.clone(),
        });
    }
    Err(Refused::Unusable(format!(
        "{} keeps changing: is another program removing it?",
        path.display()
    )))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn read_holder(file: &mut File) -> Option<Lock> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    ron::from_str(&text).ok()
}

fn write_holder(file: &mut File, lock: &Lock) -> std::io::Result<()> {
    let text = ron::to_string(lock).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Who the lock file says holds `session`, when the lock is held at all.
pub fn holder(session: &Path) -> Option<Lock> {
    match acquire(session, &Lock::this_process()) {
        Ok(held) => {
            held.release();
            None
        }
        Err(Refused::Held(lock)) => lock,
        Err(Refused::Unusable(_)) => None,
    }
}

/// "Open anyway": this window writes its name into the lock file without holding the lock.
/// The holder sees it before its next write and stops writing (see `Held::taken_over_by`).
pub fn take_over(session: &Path, me: &Lock) -> Result<(), String> {
    let path = lock_path(session);
    let mut file = disk::open_own(&path).map_err(|e| e.to_string())?;
    write_holder(&mut file, me).map_err(|e| e.to_string())
}

/// Who the lock file names when it is not `me`: the window that took the file over.
pub fn named_other(session: &Path, me: &Lock) -> Option<Lock> {
    let mut file = disk::open_own(&lock_path(session)).ok()?;
    read_holder(&mut file).filter(|lock| !lock.is(me))
}

impl Held {
    /// The window that opened this file anyway, if one did since we locked it.
    pub fn taken_over_by(&mut self) -> Option<Lock> {
        read_holder(&mut self.file).filter(|lock| !lock.is(&self.me))
    }

    /// Drops the lock and its file (when the file is still ours).
    pub fn release(mut self) {
        if read_holder(&mut self.file).is_none_or(|lock| lock.is(&self.me)) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run as a child process by the tests below: holds the lock named by VSM_TEST_LOCK
    /// until killed.
    #[test]
    #[ignore]
    fn stand_in_for_another_vsm() {
        let Some(session) = std::env::var_os("VSM_TEST_LOCK") else {
            return;
        };
        let _held = acquire(Path::new(&session), &Lock::this_process()).expect("the lock is free");
        println!("locked");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }

    fn another_vsm_holding(session: &Path) -> std::process::Child {
        use std::io::BufRead;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "--nocapture",
                "session::lock::tests::stand_in_for_another_vsm",
            ])
            .env("VSM_TEST_LOCK", session)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(lines.any(|l| l.is_ok_and(|l| l.contains("locked"))));
        child
    }

    #[test]
    fn a_second_process_is_refused_and_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        let mut child = another_vsm_holding(&session);
        match acquire(&session, &Lock::this_process()) {
            Err(Refused::Held(Some(lock))) => assert_eq!(lock.pid, child.id()),
            other => panic!("expected the other process to hold it: {other:?}"),
        }
        assert_eq!(holder(&session).map(|l| l.pid), Some(child.id()));
        // kill -9 frees the lock at once: no stale lock to clean.
        child.kill().unwrap();
        child.wait().unwrap();
        let held = acquire(&session, &Lock::this_process()).expect("free once the holder is gone");
        assert!(lock_path(&session).exists());
        held.release();
        assert!(!lock_path(&session).exists());
    }

    #[test]
    fn only_one_of_many_takers_at_the_same_moment_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let takers: Vec<_> = (0..8)
            .map(|_| {
                let (session, barrier) = (session.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let held = acquire(&session, &Lock::this_process()).ok();
                    // Hold on while the others try.
                    std::thread::sleep(std::time::Duration::from_millis(200));
                    held
                })
            })
            .collect();
        let winners = takers.into_iter().filter_map(|t| t.join().unwrap()).count();
        assert_eq!(winners, 1);
    }

    #[test]
    fn opening_anyway_is_seen_by_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        let mut held = acquire(&session, &Lock::this_process()).unwrap();
        assert_eq!(held.taken_over_by(), None);
        let other = Lock::this_process();
        std::fs::write(lock_path(&session), ron::to_string(&other).unwrap()).unwrap();
        assert_eq!(held.taken_over_by(), Some(other));
        // The holder leaves the lock file naming the other window in place.
        held.release();
        assert!(lock_path(&session).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_lock_link_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&session)).unwrap();
        let refused = acquire(&session, &Lock::this_process()).unwrap_err();
        assert!(refused.describe().contains("symbolic link"), "{refused:?}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
}
