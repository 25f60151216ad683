//! vsm: live value stream mapping for workshops.

pub mod app;
pub mod config;
pub mod export;
pub mod logging;
pub mod model;
pub mod paths;
pub mod runtime;
mod safekeeping;
pub mod session;
pub mod tui;
pub mod ui;
