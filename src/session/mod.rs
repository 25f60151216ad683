//! Reading and writing session files, the built-in demo and the list of recent sessions.

pub mod file;
pub mod lock;
pub mod recent;
pub mod recovery;

pub use file::{LoadError, load, save, to_ron};

use crate::model::Session;

/// The Tailspin workshop shipped in `sessions/tailspin.ron`, built into the binary.
pub const DEMO_RON: &str = include_str!("../../sessions/tailspin.ron");

pub fn demo() -> Session {
    file::parse(DEMO_RON, "built-in demo").expect("the embedded demo session is valid")
}

/// Where vsm keeps new sessions and its list of recent ones: `VSM_DATA_DIR` if set (tests,
/// portable installs), else the user's data folder.
pub fn data_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("VSM_DATA_DIR") {
        return Some(dir.into());
    }
    directories::ProjectDirs::from("", "", "vsm").map(|dirs| dirs.data_dir().to_path_buf())
}
