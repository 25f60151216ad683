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
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: String,
    #[serde(default)]
    pub footer: Option<String>,
}

/// A key as bound: parsed once when the keymap loads, in one normal form for the key event it
/// matches (names compared without case; a letter's Shift is the capital letter; a letter
/// with Ctrl or Alt compares without case, so `Ctrl+Z` is `Ctrl+z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let chorded = modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match code {
            KeyCode::Char(c) if c.is_alphabetic() && chorded => {
                KeyCode::Char(c.to_lowercase().next().unwrap_or(c))
            }
            KeyCode::Char(c) if c.is_alphabetic() => {
                // Terminals report a capital with or without Shift: the letter is what counts.
                let capital = modifiers.contains(KeyModifiers::SHIFT) || c.is_uppercase();
                modifiers.remove(KeyModifiers::SHIFT);
                let c = if capital {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c
                };
                KeyCode::Char(c)
            }
            // Symbols are typed with whatever Shift the keyboard needs.
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// The key of a key event, in the same normal form as a bound key.
    pub fn of(event: KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// A key event that presses this key (for tests and generated input).
    pub fn event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }

    /// The key's name as a keymap file writes it: "Ctrl+s", "Shift+Left", "G", "Space".
    pub fn name(self) -> String {
        let mut name = String::new();
        for (flag, text) in [
            (KeyModifiers::CONTROL, "Ctrl+"),
            (KeyModifiers::ALT, "Alt+"),
            (KeyModifiers::SHIFT, "Shift+"),
        ] {
            if self.modifiers.contains(flag) {
                name.push_str(text);
            }
        }
        match self.code {
            KeyCode::Char(' ') => name.push_str("Space"),
            KeyCode::Char(c) => name.push(c),
            KeyCode::F(n) => name.push_str(&format!("F{n}")),
            code => {
                let named = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| *n);
                name.push_str(named);
            }
        }
        name
    }
}

impl std::str::FromStr for Key {
    type Err = String;

    fn from_str(text: &str) -> Result<Key, String> {
        parse_key(text).map(|(code, modifiers)| Key::new(code, modifiers))
    }
}

impl TryFrom<String> for Key {
    type Error = String;

    fn try_from(text: String) -> Result<Key, String> {
        text.parse()
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
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
    /// A keymap file; keys are checked as it is read, a mistake named with its line and column.
    pub fn parse(text: &str) -> Result<Keymap, String> {
        ron::from_str(text).map_err(|e| {
            format!(
                "line {}, column {}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })
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

    /// The bindings of a place, to change (a user's patch).
    pub fn bindings_mut(&mut self, context: Context) -> &mut Vec<Binding> {
        match context {
            Context::Start => &mut self.start,
            Context::Map => &mut self.map,
            Context::Annotations => &mut self.annotations,
            Context::Form => &mut self.form,
            Context::ConfirmQuit => &mut self.confirm_quit,
            Context::DraftFuture => &mut self.draft_future,
            Context::DeleteFuture => &mut self.delete_future,
            Context::Locked => &mut self.locked,
            Context::Export => &mut self.export,
            Context::ChangedOnDisk => &mut self.changed_on_disk,
            Context::Help => &mut self.help,
            Context::Palette => &mut self.palette,
            Context::Search => &mut self.search,
            Context::Comparison => &mut self.comparison,
            Context::TooSmall => &mut self.too_small,
            Context::Mapping => &mut self.mapping,
            Context::Flow => &mut self.flow,
            Context::CopyMeasured => &mut self.copy_measured,
            Context::Voting => &mut self.voting,
            Context::Actions => &mut self.actions,
            Context::Grid => &mut self.grid,
        }
    }

    pub fn action(&self, context: Context, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let pressed = Key::of(event);
        self.bindings(context)
            .iter()
            .find(|binding| binding.keys.contains(&pressed))
            .map(|binding| binding.action)
    }
}

/// Names of the keys that are not a character, as keymap files write them.
const NAMED: [(&str, KeyCode); 15] = [
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
];

/// Parses "Ctrl+s", "shift+left", "Enter", "?" into a key code and modifiers. Names and
/// modifiers are read without case; a single character is itself.
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let unknown = || {
        format!(
            "unknown key '{text}': a character, or Left Right Up Down Home End PageUp PageDown \
             Enter Esc Tab BackTab Backspace Delete Insert Space F1..F12, with Ctrl+ Alt+ Shift+ \
             in front"
        )
    };
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    while let Some((head, tail)) = rest.split_once('+').filter(|(_, tail)| !tail.is_empty()) {
        modifiers |= match head.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => KeyModifiers::CONTROL,
            "alt" => KeyModifiers::ALT,
            "shift" => KeyModifiers::SHIFT,
            _ => return Err(unknown()),
        };
        rest = tail;
    }
    let lower = rest.to_ascii_lowercase();
    let code = if rest.chars().count() == 1 {
        KeyCode::Char(rest.chars().next().unwrap_or(' '))
    } else if lower == "space" {
        KeyCode::Char(' ')
    } else if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
        *code
    } else if let Some(n) = lower
        .strip_prefix('f')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=24).contains(n))
    {
        KeyCode::F(n)
    } else {
        return Err(unknown());
    };
    Ok((code, modifiers))
}

/// How a key is written on screen: "Ctrl+S", "←", "Enter".
pub fn display_key(key: &Key) -> String {
    key.name()
        .replace("Left", "←")
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
    fn key_names_are_read_without_case_and_in_one_form() {
        let key = |text: &str| text.parse::<Key>().unwrap();
        assert_eq!(key("Shift+G"), key("G"));
        assert_eq!(key("shift+g"), key("G"));
        assert_ne!(key("g"), key("G"));
        assert_eq!(key("Ctrl+Z"), key("ctrl+z"));
        assert_eq!(key("ENTER"), key("Enter"));
        assert_eq!(key("shift+left").name(), "Shift+Left");
        assert_eq!(key("f5").name(), "F5");
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(Key::of(ctrl_z), key("Ctrl+Z"));
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::of(shifted), key("G"));
        assert!("Hyper+q".parse::<Key>().is_err());
        assert!("Lfet".parse::<Key>().is_err());
    }

    #[test]
    fn unknown_keys_in_a_keymap_are_reported() {
        let text = DEFAULT_KEYMAP.replacen("\"Left\"", "\"Lfet\"", 1);
        let error = Keymap::parse(&text).unwrap_err();
        assert!(error.contains("unknown key 'Lfet'"), "{error}");
        assert!(error.starts_with("line "), "{error}");
    }

    /// A key bound twice in one place would silently do only the first thing: every default
    /// key means one action wherever it is pressed.
    #[test]
    fn no_key_is_bound_twice_in_one_place() {
        let keymap = Keymap::default();
        for (context, bindings) in keymap.all() {
            let mut seen: Vec<(Key, &str)> = Vec::new();
            for binding in bindings {
                for key in &binding.keys {
                    if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
                        panic!(
                            "{} is bound twice in {}: {first} and {}",
                            key.name(),
                            context.title(),
                            binding.help
                        );
                    }
                    seen.push((*key, &binding.help));
                }
            }
        }
    }
}
