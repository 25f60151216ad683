//! Colours and emphasis. Everything important is also told by shape, letter or text, so the
//! screen reads in monochrome (NO_COLOR) and on a washed-out projector.
//!
//! The theme in force is set once at the start of each frame (`set`), from the app's state.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

use crate::model::AnnotationKind;

pub use crate::app::settings::ThemeName;

struct Palette {
    fg: Color,
    bg: Color,
    border: Color,
    selected: Color,
    dim: Color,
    phase: Color,
    wait: Color,
    work: Color,
    queue: Color,
    key_fg: Color,
    key_bg: Color,
    error: Color,
    info: Color,
    /// Gap, question, complaint, idea.
    kinds: [Color; 4],
}

const DARK: Palette = Palette {
    fg: Color::Reset,
    bg: Color::Reset,
    border: Color::Gray,
    selected: Color::Yellow,
    dim: Color::DarkGray,
    phase: Color::Cyan,
    wait: Color::LightRed,
    work: Color::LightGreen,
    queue: Color::LightMagenta,
    key_fg: Color::Black,
    key_bg: Color::Gray,
    error: Color::LightRed,
    info: Color::LightGreen,
    // Okabe-Ito: told apart with colour-blindness too.
    kinds: [
        Color::Rgb(230, 159, 0),
        Color::Rgb(86, 180, 233),
        Color::Rgb(213, 94, 0),
        Color::Rgb(0, 158, 115),
    ],
};

const LIGHT: Palette = Palette {
    fg: Color::Black,
    bg: Color::White,
    border: Color::Rgb(90, 90, 90),
    selected: Color::Rgb(0, 70, 180),
    dim: Color::Rgb(100, 100, 100),
    phase: Color::Rgb(0, 95, 120),
    wait: Color::Rgb(180, 30, 30),
    work: Color::Rgb(20, 110, 30),
    queue: Color::Rgb(140, 40, 130),
    key_fg: Color::White,
    key_bg: Color::Rgb(60, 60, 60),
    error: Color::Rgb(180, 30, 30),
    info: Color::Rgb(20, 110, 30),
    kinds: [
        Color::Rgb(160, 100, 0),
        Color::Rgb(0, 114, 178),
        Color::Rgb(190, 70, 0),
        Color::Rgb(0, 120, 90),
    ],
};

const HIGH_CONTRAST: Palette = Palette {
    fg: Color::White,
    bg: Color::Black,
    border: Color::White,
    selected: Color::Yellow,
    dim: Color::Gray,
    phase: Color::LightCyan,
    wait: Color::LightRed,
    work: Color::LightGreen,
    queue: Color::LightMagenta,
    key_fg: Color::Black,
    key_bg: Color::Yellow,
    error: Color::LightRed,
    info: Color::LightGreen,
    kinds: [
        Color::Yellow,
        Color::LightCyan,
        Color::LightRed,
        Color::LightGreen,
    ],
};

thread_local! {
    static CURRENT: Cell<(ThemeName, bool)> = const { Cell::new((ThemeName::Dark, false)) };
}

/// The theme for what is drawn next; `no_color` keeps only bold, reverse and underline.
pub fn set(theme: ThemeName, no_color: bool) {
    CURRENT.with(|c| c.set((theme, no_color)));
}

fn palette() -> &'static Palette {
    match CURRENT.with(Cell::get).0 {
        ThemeName::Dark => &DARK,
        ThemeName::Light => &LIGHT,
        ThemeName::HighContrast => &HIGH_CONTRAST,
    }
}

fn bold() -> Modifier {
    // High contrast makes every coloured text bold too.
    if CURRENT.with(Cell::get).0 == ThemeName::HighContrast {
        Modifier::BOLD
    } else {
        Modifier::empty()
    }
}

fn paint(fg: Color) -> Style {
    if CURRENT.with(Cell::get).1 {
        Style::new()
    } else {
        Style::new().fg(fg).add_modifier(bold())
    }
}

/// The whole screen's text and background.
pub fn base() -> Style {
    let p = palette();
    if CURRENT.with(Cell::get).1 {
        Style::new()
    } else {
        Style::new().fg(p.fg).bg(p.bg)
    }
}

pub fn selected_border() -> Style {
    paint(palette().selected).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    paint(palette().border)
}

pub fn name() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn selected_name() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

pub fn dim() -> Style {
    paint(palette().dim)
}

pub fn phase() -> Style {
    paint(palette().phase).add_modifier(Modifier::BOLD)
}

pub fn wait() -> Style {
    paint(palette().wait)
}

pub fn work() -> Style {
    paint(palette().work)
}

pub fn queue() -> Style {
    paint(palette().queue).add_modifier(Modifier::BOLD)
}

/// Rework loops and marks: work coming back.
pub fn rework() -> Style {
    paint(palette().queue)
}

pub fn key() -> Style {
    let p = palette();
    if CURRENT.with(Cell::get).1 {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().fg(p.key_fg).bg(p.key_bg)
    }
}

pub fn value() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn error() -> Style {
    paint(palette().error).add_modifier(Modifier::BOLD)
}

/// What the room should look at: the bottleneck, a queue whose time disagrees with its wait.
pub fn flag() -> Style {
    error()
}

pub fn info() -> Style {
    paint(palette().info)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn annotation(kind: AnnotationKind) -> Style {
    let index = AnnotationKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    paint(palette().kinds[index]).add_modifier(Modifier::BOLD)
}
