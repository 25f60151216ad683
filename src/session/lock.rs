//! A lock file beside an open session, so a second vsm on the same file warns instead of two
//! windows overwriting each other's work.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lock {
    pub pid: u32,
    pub host: String,
    pub since: NaiveDateTime,
}

impl Lock {
    pub fn describe(&self) -> String {
        format!(
            "process {} on {} since {}",
            self.pid,
            self.host,
            self.since.format("%Y-%m-%d %H:%M")
        )
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

/// Whether the process that took the lock still runs. Only known for this host; a lock from
/// another host is taken as live.
fn is_live(lock: &Lock) -> bool {
    if lock.host != this_host() {
        return true;
    }
    if lock.pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        // A live vsm: the process exists, is not a zombie, and is a vsm (pids get reused).
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", lock.pid)).unwrap_or_default();
        let state = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next());
        let comm = std::fs::read_to_string(format!("/proc/{}/comm", lock.pid)).unwrap_or_default();
        !stat.is_empty() && state != Some("Z") && comm.trim().starts_with("vsm")
    } else {
        true
    }
}

/// The live lock another vsm holds on `session`, if any. Stale and unreadable locks count as free.
pub fn holder(session: &Path) -> Option<Lock> {
    let text = std::fs::read_to_string(lock_path(session)).ok()?;
    let lock: Lock = ron::from_str(&text).ok()?;
    is_live(&lock).then_some(lock)
}

pub fn acquire(session: &Path) -> Result<(), String> {
    let lock = Lock {
        pid: std::process::id(),
        host: this_host(),
        since: chrono::Local::now().naive_local(),
    };
    let text = ron::to_string(&lock).map_err(|e| e.to_string())?;
    std::fs::write(lock_path(session), text).map_err(|e| e.to_string())
}

/// Removes the lock if it is ours.
pub fn release(session: &Path) {
    let path = lock_path(session);
    let ours = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| ron::from_str::<Lock>(&text).ok())
        .is_some_and(|lock| lock.pid == std::process::id() && lock.host == this_host());
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run as a child process by the test below: a live process whose name starts with vsm.
    #[test]
    #[ignore]
    fn stand_in_for_another_vsm() {
        std::thread::sleep(std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_live_lock_is_reported_and_a_stale_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("notes.ron");
        assert_eq!(holder(&session), None);
        // Our own lock does not block us.
        acquire(&session).unwrap();
        assert_eq!(holder(&session), None);
        // A live vsm on this host holds it: the test binary is named vsm-<hash>, so a child
        // process of ours stands in for another vsm.
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "session::lock::tests::stand_in_for_another_vsm",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        let other = Lock {
            pid: child.id(),
            host: this_host(),
            since: chrono::Local::now().naive_local(),
        };
        std::fs::write(lock_path(&session), ron::to_string(&other).unwrap()).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(holder(&session).map(|l| l.pid), Some(child.id()));
        }
        let _ = child.kill();
        let _ = child.wait();
        // A process that ended long ago does not.
        let stale = Lock {
            pid: u32::MAX - 7,
            ..other.clone()
        };
        std::fs::write(lock_path(&session), ron::to_string(&stale).unwrap()).unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(holder(&session), None);
        }
        // Release leaves other processes' locks alone.
        release(&session);
        assert!(lock_path(&session).exists());
    }
}
