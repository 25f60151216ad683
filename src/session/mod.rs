//! Reading and writing session files, the built-in demo and the list of recent sessions.

pub mod disk;
pub mod exports;
pub mod file;
#[cfg(test)]
mod load_checks;
pub mod lock;
pub mod open_file;
pub mod recent;
pub mod recovery;
pub mod rescue;
pub mod writer;

pub use file::{LoadError, load, save, to_ron};
pub use open_file::{Disk, OpenFile, WriteError, Written};

use crate::model::Session;

/// The Tailspin workshop shipped in `sessions/tailspin.ron`, built into the binary.
pub const DEMO_RON: &str = include_str!("../../sessions/tailspin.ron");

pub fn demo() -> Session {
    file::parse(DEMO_RON, "built-in demo").expect("the embedded demo session is valid")
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "vsm")
}

/// Where vsm keeps new sessions: `VSM_DATA_DIR` if set (tests, portable installs), else the
/// user's data folder.
pub fn data_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("VSM_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(dir.into());
    }
    project_dirs().map(|dirs| dirs.data_dir().to_path_buf())
}

/// Where vsm keeps what it needs between runs but the user did not make: recovery files,
/// crash reports, the recent list, settings chosen in the app, the log. `VSM_STATE_DIR`, else
/// `VSM_DATA_DIR` (one folder for everything), else the user's state folder (XDG; macOS and
/// Windows have none, so their local data folder).
pub fn state_dir() -> Option<std::path::PathBuf> {
    for variable in ["VSM_STATE_DIR", "VSM_DATA_DIR"] {
        if let Some(dir) = std::env::var_os(variable).filter(|d| !d.is_empty()) {
            return Some(dir.into());
        }
    }
    let dirs = project_dirs()?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_path_buf(),
    )
}

/// A file name from a title: lower-case words joined by dashes.
pub fn slug(title: &str) -> String {
    let slug = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "session".into()
    } else {
        slug
    }
}

/// How a session file is named on the recent list: its real path, also before it is written
/// (the real folder and the file name), so one file is listed once.
pub fn recent_path(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}
