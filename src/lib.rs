//! vsm: live value stream mapping for workshops.

pub mod model;
