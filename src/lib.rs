//! vsm: live value stream mapping for workshops.

pub mod app;
pub mod config;
pub mod export;
pub mod measure;
pub mod model;
pub mod runtime;
pub mod session;
pub mod tui;
pub mod ui;
