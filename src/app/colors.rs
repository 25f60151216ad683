//! What the terminal can show, from `--color` and the environment: the app holds the answer
//! and drawing maps its colours to it.

use std::ffi::OsString;

/// `--color`: what the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// What the terminal supports; none when NO_COLOR is set.
    #[default]
    Auto,
    /// Colours even when NO_COLOR is set.
    Always,
    /// No colours: emphasis by bold, reverse and underline only.
    Never,
}

/// What the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colors {
    #[default]
    TrueColor,
    Indexed256,
    Basic16,
    None,
}

/// The colours to draw with, from the choice and the environment (`NO_COLOR`, `COLORTERM`,
/// `TERM`); `env` reads a variable.
pub fn detect(choice: ColorChoice, env: impl Fn(&str) -> Option<OsString>) -> Colors {
    let var = |name: &str| {
        env(name)
            .map(|v| v.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    if choice == ColorChoice::Never || (choice == ColorChoice::Auto && !var("NO_COLOR").is_empty())
    {
        return Colors::None;
    }
    let term = var("TERM");
    if matches!(var("COLORTERM").as_str(), "truecolor" | "24bit") || term.contains("direct") {
        Colors::TrueColor
    } else if term.contains("256") {
        Colors::Indexed256
    } else if term == "dumb" && choice == ColorChoice::Auto {
        Colors::None
    } else {
        Colors::Basic16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_terminal_says_what_it_shows() {
        let auto = ColorChoice::Auto;
        let truecolor = [("COLORTERM", "truecolor"), ("TERM", "xterm-256color")];
        assert_eq!(detect(auto, env(&truecolor)), Colors::TrueColor);
        assert_eq!(
            detect(auto, env(&[("TERM", "tmux-256color")])),
            Colors::Indexed256
        );
        assert_eq!(detect(auto, env(&[("TERM", "xterm")])), Colors::Basic16);
        assert_eq!(detect(auto, env(&[("TERM", "dumb")])), Colors::None);
        let no_color = [("NO_COLOR", "1"), ("COLORTERM", "truecolor")];
        assert_eq!(detect(auto, env(&no_color)), Colors::None);
        assert_eq!(
            detect(ColorChoice::Always, env(&no_color)),
            Colors::TrueColor
        );
        assert_eq!(detect(ColorChoice::Never, env(&truecolor)), Colors::None);
    }
}
