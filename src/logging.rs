//! A log to look at when something goes wrong: off unless `--debug` or `VSM_LOG` (a level or
//! filter such as `debug` or `vsm=trace`), written to `vsm.log` in the state folder.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "vsm.log";

/// Where the log goes.
pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE_NAME)
}

/// Starts logging when asked; returns the log file in use.
pub fn start(debug: bool, state_dir: Option<&Path>) -> Option<PathBuf> {
    let filter = match std::env::var("VSM_LOG") {
        Ok(filter) if !filter.trim().is_empty() => filter,
        _ if debug => "debug".to_string(),
        _ => return None,
    };
    let state_dir = state_dir?;
    std::fs::create_dir_all(state_dir).ok()?;
    let path = path(state_dir);
    let file = crate::session::disk::open_log(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("debug"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init()
        .ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "vsm started");
    Some(path)
}
