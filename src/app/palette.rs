//! The command palette (`:`): every action of the place it was opened from, with its keys,
//! filtered as you type; Enter runs the chosen one as if its key had been pressed.

use super::finder::{Finder, Outcome};
use super::keymap::{Binding, Context, Keymap};
use super::{Action, App, Effect, Mode, fuzzy};

#[derive(Debug, Clone)]
pub struct Palette {
    pub finder: Finder,
    /// Where it was opened: whose actions it lists.
    pub from: Context,
}

/// Actions found in the palette even when no key is bound to them (the config may bind one).
static UNBOUND: std::sync::LazyLock<Vec<(Context, Binding)>> = std::sync::LazyLock::new(|| {
    vec![(
        Context::Map,
        Binding {
            keys: Vec::new(),
            action: Action::Suspend,
            help: "suspend vsm: back to the shell, fg returns (Ctrl+Z stays undo)".into(),
            footer: None,
        },
    )]
});

impl Palette {
    /// The actions that match what was typed, best first.
    pub fn entries<'k>(&self, keymap: &'k Keymap) -> Vec<&'k Binding> {
        let bound = keymap.bindings(self.from);
        let unbound = UNBOUND
            .iter()
            .filter(|(context, b)| {
                *context == self.from && bound.iter().all(|k| k.action != b.action)
            })
            .map(|(_, b)| b);
        let bindings: Vec<&Binding> = bound
            .iter()
            .chain(unbound)
            .filter(|b| b.action != Action::Palette)
            .collect();
        let texts: Vec<String> = bindings
            .iter()
            .map(|b| format!("{} {}", b.footer.as_deref().unwrap_or(""), b.help))
            .collect();
        fuzzy::rank(self.finder.query.value(), &texts)
            .into_iter()
            .map(|i| bindings[i])
            .collect()
    }
}

impl App {
    pub(super) fn open_palette(&mut self) {
        let from = self.context();
        let back = std::mem::replace(&mut self.viewer.mode, Mode::Normal);
        self.viewer.mode = Mode::Palette(Palette {
            finder: Finder::new(back),
            from,
        });
    }

    pub(super) fn update_palette(&mut self, action: Action) -> Option<Effect> {
        let Mode::Palette(palette) = &mut self.viewer.mode else {
            return None;
        };
        let entries: Vec<Action> = palette
            .entries(&self.keymap)
            .iter()
            .map(|b| b.action)
            .collect();
        match palette.finder.update(action, entries.len()) {
            Outcome::Open => None,
            Outcome::Closed => {
                self.viewer.mode = palette.finder.take_back();
                None
            }
            Outcome::Chosen(chosen) => {
                self.viewer.mode = palette.finder.take_back();
                match chosen {
                    Some(i) => self.update(entries[i]),
                    None => {
                        self.warn("no action matches: Backspace and try other words");
                        None
                    }
                }
            }
        }
    }
}
