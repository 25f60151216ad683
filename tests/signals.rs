//! vsm run in a real terminal (a pty), stopped like a shell job: the window closed while it is
//! suspended, or a SIGTERM while it is stopped, still saves the last edit before it exits.

#![cfg(target_os = "linux")]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// vsm on a pty of its own: its output is read all the time, so it never blocks writing.
struct Terminal {
    /// The pty's master side, owned by the reading thread, which closes it when told to.
    master: i32,
    closing: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
    child: std::process::Child,
    seen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(home: &Path, session: &Path) -> Terminal {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 30,
            ws_col: 100,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(opened, 0, "openpty");
        // Only this test holds the master side: vsm must not inherit it.
        for fd in [master, slave] {
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        let slave = unsafe { OwnedFd::from_raw_fd(slave) };
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("vsm"));
        command
            .arg(session)
            .env("VSM_DATA_DIR", home.join("data"))
            .env("VSM_STATE_DIR", home.join("state"))
            .env("VSM_CONFIG_DIR", home.join("config"))
            .env("TERM", "xterm-256color")
            .env_remove("VSM_LOG")
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        unsafe {
            command.pre_exec(|| {
                // A session of its own with the pty as its controlling terminal, as a shell gives.
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        let raw = master;
        let mut master = unsafe { std::fs::File::from_raw_fd(master) };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let closing = Arc::new(AtomicBool::new(false));
        let (kept, stop) = (seen.clone(), closing.clone());
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while !stop.load(Ordering::Relaxed) {
                let mut poll = libc::pollfd {
                    fd: raw,
                    events: libc::POLLIN,
                    revents: 0,
                };
                if unsafe { libc::poll(&mut poll, 1, 20) } <= 0 {
                    continue;
                }
                match master.read(&mut buffer) {
                    Ok(n) if n > 0 => kept.lock().unwrap().extend_from_slice(&buffer[..n]),
                    _ => std::thread::sleep(Duration::from_millis(20)),
                }
            }
            // Dropping `master` closes the last descriptor of the pty's master side.
        });
        Terminal {
            master: raw,
            closing,
            reader: Some(reader),
            child,
            seen,
        }
    }

    fn wait_for(&self, text: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if String::from_utf8_lossy(&self.seen.lock().unwrap()).contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{text:?} never shown");
    }

    fn type_keys(&mut self, keys: &str) {
        let written = unsafe { libc::write(self.master, keys.as_ptr().cast(), keys.len()) };
        assert_eq!(written, keys.len() as isize);
    }

    /// The terminal window goes away.
    fn close(&mut self) {
        self.closing.store(true, Ordering::Relaxed);
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
    }

    fn signal(&self, signal: i32) {
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, signal) }, 0);
    }

    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.trim().chars().next())
            .unwrap_or('?')
    }

    fn wait_stopped(&self) {
        let until = Instant::now() + Duration::from_secs(10);
        while self.state() != 'T' {
            assert!(Instant::now() < until, "never stopped: {}", self.state());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the exit; None when it is still running after `within`.
    fn exited(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        self.close();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn steps_in(path: &Path) -> usize {
    vsm::session::load(path).unwrap().current.step_count()
}

/// A session of 8 steps; `x` deletes the selected one: an edit that shows in the file.
fn edited_and_stopped(home: &Path) -> (Terminal, std::path::PathBuf) {
    let session = home.join("ws.ron");
    std::fs::write(&session, vsm::session::to_ron(&vsm::session::demo())).unwrap();
    assert_eq!(steps_in(&session), 8);
    let mut terminal = Terminal::start(home, &session);
    terminal.wait_for("Tailspin");
    terminal.type_keys("x");
    // Stopped before the autosave (600 ms after an edit) could write it.
    std::thread::sleep(Duration::from_millis(150));
    terminal.signal(libc::SIGTSTP);
    terminal.wait_stopped();
    (terminal, session)
}

#[test]
fn the_window_closed_while_suspended_saves_the_last_edit() {
    let home = tempfile::tempdir().unwrap();
    let (mut terminal, session) = edited_and_stopped(home.path());
    assert_eq!(steps_in(&session), 8, "not yet saved when suspended");
    // The terminal goes away: the kernel hangs up the pty and continues its session leader.
    terminal.close();
    let status = terminal.exited(Duration::from_secs(10));
    assert!(
        status.is_some(),
        "vsm must exit once its terminal is gone: state {}, {} steps in the file",
        terminal.state(),
        steps_in(&session)
    );
    assert_eq!(steps_in(&session), 7, "the last edit is saved");
}

#[test]
fn sigterm_while_stopped_saves_the_edit_and_exits_after_sigcont() {
    let home = tempfile::tempdir().unwrap();
    let (mut terminal, session) = edited_and_stopped(home.path());
    terminal.signal(libc::SIGTERM);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(terminal.state(), 'T', "a stopped process stays stopped");
    terminal.signal(libc::SIGCONT);
    let status = terminal.exited(Duration::from_secs(10));
    assert!(
        status.is_some_and(|s| !s.success()),
        "vsm exits after SIGCONT: {status:?}"
    );
    assert_eq!(steps_in(&session), 7, "the last edit is saved");
}
