//! vsm: live value stream mapping for workshops.

pub mod app;
pub mod clock;
pub mod config;
pub mod export;
pub mod gitlog;
pub mod logging;
pub mod measure;
pub mod measure_command;
pub mod model;
pub mod paths;
pub mod reading;
pub mod runtime;
mod safekeeping;
pub mod session;
pub mod text;
pub mod tui;
pub mod ui;
