//! Key bindings: the defaults embedded from `assets/keymap.ron`, turned from key events into
//! actions. Help and the bottom line are generated from the same bindings.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;

use super::Action;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.ron");

/// The places in the app that have their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Start,
    Map,
    Annotations,
    Form,
    ConfirmQuit,
    DraftFuture,
    DeleteFuture,
    Locked,
    Export,
    ChangedOnDisk,
    Help,
    /// The command palette: every action of the place it was opened from.
    Palette,
    /// Jumping to a step by name.
    Search,
    /// The full-screen comparison: scrolling and leaving only.
    Comparison,
    /// A window too small to draw in: quitting only.
    TooSmall,
    /// The log's states and the steps they map to.
    Mapping,
    /// Measured flow charts.
    Flow,
    /// Which measured figure to copy into which estimates.
    CopyMeasured,
    /// Dot voting: typing who votes for which idea.
    Voting,
    /// The action plan: who does what by when, and where it stands.
    Actions,
    /// The ideas on an impact/effort grid.
    Grid,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Start => "Start screen",
            Context::Map => "Map",
            Context::Annotations => "Annotations",
            Context::Form => "Forms",
            Context::ConfirmQuit => "Quit with unsaved changes",
            Context::DraftFuture => "Drafting the future state",
            Context::DeleteFuture => "Deleting the future state",
            Context::Locked => "A file open in another vsm",
            Context::Export => "Export",
            Context::ChangedOnDisk => "The file changed on disk",
            Context::Help => "Help",
            Context::Palette => "Command palette (:)",
            Context::Search => "Jump to a step (/)",
            Context::Comparison => "Comparison (full screen)",
            Context::TooSmall => "Window too small",
            Context::Mapping => "Mapping log states to steps",
            Context::Flow => "Measured flow",
            Context::CopyMeasured => "Copying measured times into estimates",
            Context::Voting => "Dot voting",
            Context::Actions => "Action plan",
            Context::Grid => "Impact and effort",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Binding {
    pub keys: Vec<String>,
    pub action: Action,
    pub help: String,
    #[serde(default)]
    pub footer: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Keymap {
    pub start: Vec<Binding>,
    pub map: Vec<Binding>,
    pub annotations: Vec<Binding>,
    pub form: Vec<Binding>,
    pub confirm_quit: Vec<Binding>,
    pub draft_future: Vec<Binding>,
    pub delete_future: Vec<Binding>,
    pub locked: Vec<Binding>,
    pub export: Vec<Binding>,
    pub changed_on_disk: Vec<Binding>,
    pub help: Vec<Binding>,
    pub palette: Vec<Binding>,
    pub search: Vec<Binding>,
    pub comparison: Vec<Binding>,
    pub too_small: Vec<Binding>,
    pub mapping: Vec<Binding>,
    pub flow: Vec<Binding>,
    pub copy_measured: Vec<Binding>,
    #[serde(default)]
    pub voting: Vec<Binding>,
    #[serde(default)]
    pub actions: Vec<Binding>,
    #[serde(default)]
    pub grid: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::parse(DEFAULT_KEYMAP).expect("the embedded keymap is valid")
    }
}

impl Keymap {
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let keymap: Keymap = ron::from_str(text).map_err(|e| e.to_string())?;
        for (_, bindings) in keymap.all() {
            for binding in bindings {
                for key in &binding.keys {
                    parse_key(key)?;
                }
            }
        }
        Ok(keymap)
    }

    pub fn all(&self) -> [(Context, &[Binding]); 21] {
        [
            (Context::Start, &self.start),
            (Context::Map, &self.map),
            (Context::Annotations, &self.annotations),
            (Context::Form, &self.form),
            (Context::ConfirmQuit, &self.confirm_quit),
            (Context::DraftFuture, &self.draft_future),
            (Context::DeleteFuture, &self.delete_future),
            (Context::Locked, &self.locked),
            (Context::Export, &self.export),
            (Context::ChangedOnDisk, &self.changed_on_disk),
            (Context::Help, &self.help),
            (Context::Palette, &self.palette),
            (Context::Search, &self.search),
            (Context::Comparison, &self.comparison),
            (Context::TooSmall, &self.too_small),
            (Context::Mapping, &self.mapping),
            (Context::Flow, &self.flow),
            (Context::CopyMeasured, &self.copy_measured),
            (Context::Voting, &self.voting),
            (Context::Actions, &self.actions),
            (Context::Grid, &self.grid),
        ]
    }

    pub fn bindings(&self, context: Context) -> &[Binding] {
        self.all()
            .into_iter()
            .find(|(c, _)| *c == context)
            .map(|(_, b)| b)
            .unwrap_or_default()
    }

    pub fn action(&self, context: Context, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.bindings(context)
            .iter()
            .find(|binding| {
                binding
                    .keys
                    .iter()
                    .filter_map(|key| parse_key(key).ok())
                    .any(|key| matches(key, event))
            })
            .map(|binding| binding.action)
    }
}

fn matches(bound: (KeyCode, KeyModifiers), event: KeyEvent) -> bool {
    let significant = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match (bound.0, event.code) {
        // Terminals report upper-case letters and symbols with or without Shift: the character
        // itself is what counts.
        (KeyCode::Char(a), KeyCode::Char(b)) => {
            a == b && (bound.1 & significant) == (event.modifiers & significant)
        }
        (KeyCode::BackTab, KeyCode::BackTab) => true,
        (a, b) => a == b && bound.1 == event.modifiers,
    }
}

/// Parses "Ctrl+s", "Shift+Left", "Enter", "?" into a key code and modifiers.
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix("Ctrl+") {
            modifiers |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Alt+") {
            modifiers |= KeyModifiers::ALT;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("Shift+") {
            modifiers |= KeyModifiers::SHIFT;
            rest = r;
        } else {
            break;
        }
    }
    let code = match rest {
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Insert" => KeyCode::Insert,
        "Space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('F') => {
            let n: u8 = f[1..]
                .parse()
                .map_err(|_| format!("unknown key '{text}'"))?;
            KeyCode::F(n)
        }
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next().unwrap_or(' ')),
        _ => return Err(format!("unknown key '{text}'")),
    };
    Ok((code, modifiers))
}

/// How a key is written on screen: "Ctrl+S", "←", "Enter".
pub fn display_key(text: &str) -> String {
    text.replace("Left", "←")
        .replace("Right", "→")
        .replace("Up", "↑")
        .replace("Down", "↓")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn arrows_and_vim_keys_both_move() {
        let keymap = Keymap::default();
        let none = KeyModifiers::NONE;
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Left, none)),
            Some(Action::Left)
        );
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Char('h'), none)),
            Some(Action::Left)
        );
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Left, KeyModifiers::SHIFT)),
            Some(Action::MoveLeft)
        );
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(Action::Save)
        );
        // Plain s is not Ctrl+S: it toggles the notes beside the steps.
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Char('s'), none)),
            Some(Action::ToggleStickies)
        );
        assert_eq!(
            keymap.action(Context::Map, key(KeyCode::Char('b'), none)),
            None
        );
    }

    #[test]
    fn unknown_keys_in_a_keymap_are_reported() {
        let text = DEFAULT_KEYMAP.replacen("\"Left\"", "\"Lfet\"", 1);
        assert!(Keymap::parse(&text).unwrap_err().contains("Lfet"));
    }

    /// A key bound twice in one place would silently do only the first thing: every default
    /// key means one action wherever it is pressed.
    #[test]
    fn no_key_is_bound_twice_in_one_place() {
        let keymap = Keymap::default();
        for (context, bindings) in keymap.all() {
            let mut seen: Vec<(KeyCode, KeyModifiers, &str)> = Vec::new();
            for binding in bindings {
                for text in &binding.keys {
                    let (code, modifiers) = parse_key(text).unwrap();
                    let event = KeyEvent::new(code, modifiers);
                    if let Some((_, _, first)) =
                        seen.iter().find(|(c, m, _)| matches((*c, *m), event))
                    {
                        panic!(
                            "{text} is bound twice in {}: {first} and {}",
                            context.title(),
                            binding.help
                        );
                    }
                    seen.push((code, modifiers, &binding.help));
                }
            }
        }
    }
}
