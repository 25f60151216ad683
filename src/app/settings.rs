//! Settings the app holds for the room (theme, zoom) and the smallest window it works in.
//! Drawing reads them; they live here so the app never depends on drawing code.

use serde::{Deserialize, Serialize};

/// Smallest window the map screen is drawn in; below it only quitting and resizing do anything.
pub const MIN_SIZE: (u16, u16) = (60, 20);

/// How big the boxes are: more stages in view, or more text per box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum Zoom {
    Compact,
    #[default]
    Normal,
    Large,
}

impl Zoom {
    pub fn next(self) -> Zoom {
        match self {
            Zoom::Compact => Zoom::Normal,
            Zoom::Normal => Zoom::Large,
            Zoom::Large => Zoom::Compact,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Zoom::Compact => "compact",
            Zoom::Normal => "normal",
            Zoom::Large => "large",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Dark,
    /// Dark text on white: projectors wash out dark backgrounds.
    Light,
    HighContrast,
}

impl ThemeName {
    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::HighContrast,
            ThemeName::HighContrast => ThemeName::Dark,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high contrast",
        }
    }
}
