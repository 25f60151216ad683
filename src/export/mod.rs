//! Turning a session into text for people and tools outside the app, and bringing a map in
//! from a spreadsheet. Pure functions from `&Session` to `String` (and CSV text to `Session`).

pub mod actions_csv;
pub mod charts;
pub mod csv;
mod csv_links;
pub mod csv_notes;
pub mod decisions;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
pub mod measured;
pub mod mermaid;
pub mod report;
pub mod svg;
pub mod table;
pub mod text;

use crate::model::Session;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    Markdown,
    Html,
    Svg,
    Text,
    Mermaid,
    Csv,
    Json,
    /// The action plan as a tracker's CSV.
    Actions,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Markdown,
        Format::Html,
        Format::Svg,
        Format::Text,
        Format::Mermaid,
        Format::Csv,
        Format::Json,
        Format::Actions,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Text => "txt",
            Format::Mermaid => "mmd",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Actions => "actions.csv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Text => "text",
            Format::Mermaid => "mermaid",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Actions => "actions",
        }
    }
}

/// When the session was held and changed, and its work calendar: the line under a title.
pub fn facts(session: &Session) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(held) = session.held_on {
        facts.push(format!("Held on {held}"));
    }
    if let Some(changed) = session.last_changed {
        facts.push(format!("last changed {}", changed.format("%Y-%m-%d %H:%M")));
    }
    facts.push(format!("work calendar: {}", session.calendar.describe()));
    if session.calendar.queues == crate::model::QueueCounting::Included {
        facts.push("queue times counted in the lead time".into());
    }
    facts
}

/// The session in `format`; `width` is the line width of the text format.
pub fn render(session: &Session, format: Format, width: u16) -> String {
    match format {
        Format::Markdown => markdown::render(session),
        Format::Html => html::render(session),
        Format::Svg => svg::render(session),
        Format::Text => text::render(session, width),
        Format::Mermaid => mermaid::flowchart(session),
        Format::Csv => csv::export(session),
        Format::Json => json::export(session),
        Format::Actions => {
            actions_csv::export(&decisions::Plan::of(session, crate::clock::today()))
        }
    }
}
