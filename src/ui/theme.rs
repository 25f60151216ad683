//! Colours and emphasis. Everything important is also told by shape or text, so the screen
//! reads in monochrome and on a washed-out projector.

use ratatui::style::{Color, Modifier, Style};

use crate::model::AnnotationKind;

pub fn selected_border() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn name() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected_name() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn phase() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn wait() -> Style {
    Style::new().fg(Color::LightRed)
}

pub fn work() -> Style {
    Style::new().fg(Color::LightGreen)
}

pub fn queue() -> Style {
    Style::new()
        .fg(Color::LightMagenta)
        .add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Black).bg(Color::Gray)
}

pub fn value() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

pub fn info() -> Style {
    Style::new().fg(Color::LightGreen)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Colour-blind-safe hues (Okabe-Ito); the kind's letter tells them apart without colour.
pub fn annotation(kind: AnnotationKind) -> Style {
    let color = match kind {
        AnnotationKind::Gap => Color::Rgb(230, 159, 0),
        AnnotationKind::Question => Color::Rgb(86, 180, 233),
        AnnotationKind::Complaint => Color::Rgb(213, 94, 0),
        AnnotationKind::Idea => Color::Rgb(0, 158, 115),
    };
    Style::new().fg(color).add_modifier(Modifier::BOLD)
}
