//! The user's settings: a RON file in the config folder (`VSM_CONFIG_DIR` overrides it) with
//! theme, zoom, work calendar for new sessions and key bindings as a patch over the defaults.
//!
//! ```ron
//! (
//!     theme: Some(Light),
//!     zoom: Some(Large),
//!     calendar: Some((hours_per_day: 7.5, days_per_week: 4.0)),
//!     keys: Some((map: [(keys: ["s"], action: Save)])),
//! )
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::Action;
use crate::app::keymap::{Binding, Context, Key, Keymap};
use crate::model::WorkCalendar;
use crate::ui::geometry::Zoom;
use crate::ui::theme::ThemeName;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub theme: Option<ThemeName>,
    #[serde(default)]
    pub zoom: Option<Zoom>,
    #[serde(default)]
    pub calendar: Option<WorkCalendar>,
    #[serde(default)]
    pub keys: Option<KeysPatch>,
    /// `Some(false)`: start with mouse capture off, so the terminal selects text (M toggles).
    #[serde(default)]
    pub mouse: Option<bool>,
}

/// Settings chosen in the app (T, z), kept in `state.ron` in the state folder: `config.ron`
/// is the user's and vsm never writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chosen {
    #[serde(default)]
    pub theme: Option<ThemeName>,
    #[serde(default)]
    pub zoom: Option<Zoom>,
}

const STATE_FILE: &str = "state.ron";

/// What was chosen in the app; nothing when there is no such file or it does not read.
pub fn load_chosen(state_dir: &Path) -> Chosen {
    crate::session::disk::read_own(&state_dir.join(STATE_FILE), 64 * 1024)
        .ok()
        .and_then(|bytes| ron::de::from_bytes(&bytes).ok())
        .unwrap_or_default()
}

pub fn save_chosen(state_dir: &Path, chosen: &Chosen) -> Result<(), String> {
    let path = state_dir.join(STATE_FILE);
    let text = ron::ser::to_string_pretty(chosen, ron::ser::PrettyConfig::new())
        .map_err(|e| e.to_string())?;
    crate::session::disk::replace(&path, (text + "\n").as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Bindings that replace the defaults for the same action, per place in the app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeysPatch {
    #[serde(default)]
    pub start: Vec<PatchBinding>,
    #[serde(default)]
    pub map: Vec<PatchBinding>,
    #[serde(default)]
    pub annotations: Vec<PatchBinding>,
    #[serde(default)]
    pub form: Vec<PatchBinding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchBinding {
    /// Checked as the file is read: an unknown name is reported with its line and column.
    pub keys: Vec<Key>,
    pub action: Action,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
}

pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VSM_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(dir.into());
    }
    directories::ProjectDirs::from("", "", "vsm").map(|d| d.config_dir().to_path_buf())
}

pub fn config_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.ron"))
}

/// The config and any problem with it: a bad file gives the defaults and a message.
pub fn load(path: &Path) -> (Config, Option<String>) {
    let Ok(bytes) = crate::session::disk::read_capped(path, 1024 * 1024) else {
        return (Config::default(), None);
    };
    let text = String::from_utf8_lossy(&bytes);
    match parse(&text) {
        Ok(config) => (config, None),
        Err(message) => (
            Config::default(),
            Some(format!(
                "Default settings used, the config has a mistake: {}: {message}",
                path.display()
            )),
        ),
    }
}

pub fn parse(text: &str) -> Result<Config, String> {
    let config: Config = ron::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: {}",
            e.span.start.line, e.span.start.col, e.code
        )
    })?;
    if let Some(calendar) = &config.calendar {
        calendar.validate().map_err(|e| format!("calendar: {e}"))?;
    }
    Ok(config)
}

impl KeysPatch {
    /// The default keymap with these bindings in place of the defaults for their actions; their
    /// keys are taken away from any other binding in the same place.
    pub fn apply(&self, mut keymap: Keymap) -> Keymap {
        for (context, patch) in [
            (Context::Start, &self.start),
            (Context::Map, &self.map),
            (Context::Annotations, &self.annotations),
            (Context::Form, &self.form),
        ] {
            let bindings = keymap.bindings_mut(context);
            for new in patch {
                for binding in bindings.iter_mut() {
                    binding.keys.retain(|k| !new.keys.contains(k));
                }
                match bindings.iter_mut().find(|b| b.action == new.action) {
                    Some(old) => {
                        old.keys = new.keys.clone();
                        if let Some(help) = &new.help {
                            old.help = help.clone();
                        }
                        if new.footer.is_some() {
                            old.footer = new.footer.clone();
                        }
                    }
                    None => bindings.push(Binding {
                        keys: new.keys.clone(),
                        action: new.action,
                        help: new
                            .help
                            .clone()
                            .unwrap_or_else(|| format!("{:?}", new.action)),
                        footer: new.footer.clone(),
                    }),
                }
            }
            bindings.retain(|b| !b.keys.is_empty());
        }
        keymap
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn a_key_patch_rebinds_and_frees_keys() {
        let config = parse(
            "(theme: Some(Light), keys: Some((map: [(keys: [\"s\"], action: Save, footer: Some(\"save\"))])))",
        )
        .unwrap();
        assert_eq!(config.theme, Some(ThemeName::Light));
        let keymap = config.keys.unwrap().apply(Keymap::default());
        let press = |c: char| {
            keymap.action(
                Context::Map,
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            )
        };
        assert_eq!(press('s'), Some(Action::Save));
        // Ctrl+S was the default for Save and is replaced.
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action(Context::Map, ctrl_s), None);
        assert_eq!(press('a'), Some(Action::AddStepAfter));
    }

    /// The user's binding takes its key from the default that had it, however the key is
    /// written, and a Ctrl+letter binding fires whatever the letter's case in the file.
    #[test]
    fn a_user_binding_wins_over_the_default_for_the_same_key() {
        for written in ["Shift+G", "shift+g", "G"] {
            let config = parse(&format!(
                "(keys: Some((map: [(keys: [\"{written}\"], action: Save), (keys: [\"Ctrl+Q\"], action: Suspend)])))"
            ))
            .unwrap();
            let keymap = config.keys.unwrap().apply(Keymap::default());
            let capital_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
            assert_eq!(
                keymap.action(Context::Map, capital_g),
                Some(Action::Save),
                "{written}"
            );
            // End still selects the last stage; G no longer does.
            let end = KeyEvent::new(KeyCode::End, KeyModifiers::NONE);
            assert_eq!(keymap.action(Context::Map, end), Some(Action::Last));
            let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
            assert_eq!(keymap.action(Context::Map, ctrl_q), Some(Action::Suspend));
        }
    }

    #[test]
    fn an_unknown_key_name_is_reported_with_its_line_and_column() {
        let error =
            parse("(\n  keys: Some((map: [(keys: [\"Hyper+q\"], action: Save)])),\n)").unwrap_err();
        assert!(error.starts_with("line 2, column"), "{error}");
        assert!(error.contains("unknown key 'Hyper+q'"), "{error}");
    }

    #[test]
    fn a_bad_config_says_where_and_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(&path, "(theme: Some(Purple))").unwrap();
        let (config, message) = load(&path);
        assert_eq!(config, Config::default());
        let message = message.unwrap();
        assert!(message.contains("config.ron: line 1"), "{message}");
        assert!(message.starts_with("Default settings used"));
        std::fs::write(
            &path,
            "(keys: Some((map: [(keys: [\"Hyper+q\"], action: Save)])))",
        )
        .unwrap();
        assert!(load(&path).1.unwrap().contains("unknown key 'Hyper+q'"));
        std::fs::write(
            &path,
            "(calendar: Some((hours_per_day: 30.0, days_per_week: 5.0)))",
        )
        .unwrap();
        assert!(load(&path).1.unwrap().contains("hours per day"));
    }
}
