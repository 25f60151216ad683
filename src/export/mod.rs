//! Turning a session into text for people and tools outside the app.

pub mod report;
