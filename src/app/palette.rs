//! The command palette (`:`): every action of the place it was opened from, with its keys,
//! filtered as you type; Enter runs the chosen one as if its key had been pressed.

use tui_input::Input;

use super::keymap::{Binding, Context, Keymap};
use super::{Action, App, Effect, Mode, fuzzy};

#[derive(Debug, Clone)]
pub struct Palette {
    pub query: Input,
    pub selected: usize,
    /// Where it was opened: whose actions it lists.
    pub from: Context,
    pub back: Box<Mode>,
}

impl Palette {
    /// The actions that match what was typed, best first.
    pub fn entries<'k>(&self, keymap: &'k Keymap) -> Vec<&'k Binding> {
        let bindings: Vec<&Binding> = keymap
            .bindings(self.from)
            .iter()
            .filter(|b| b.action != Action::Palette)
            .collect();
        let texts: Vec<String> = bindings
            .iter()
            .map(|b| format!("{} {}", b.footer.as_deref().unwrap_or(""), b.help))
            .collect();
        fuzzy::rank(self.query.value(), &texts)
            .into_iter()
            .map(|i| bindings[i])
            .collect()
    }
}

impl App {
    pub(super) fn open_palette(&mut self) {
        let from = self.context();
        let back = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = Mode::Palette(Palette {
            query: Input::default(),
            selected: 0,
            from,
            back: Box::new(back),
        });
    }

    pub(super) fn update_palette(&mut self, action: Action) -> Option<Effect> {
        let Mode::Palette(palette) = &mut self.mode else {
            return None;
        };
        let count = palette.entries(&self.keymap).len();
        match action {
            Action::Up => palette.selected = palette.selected.saturating_sub(1),
            Action::Down => palette.selected = (palette.selected + 1).min(count.saturating_sub(1)),
            Action::Type(key) => {
                if let Some(request) = super::typing::input_request(key) {
                    palette.query.handle(request);
                    palette.selected = 0;
                }
            }
            Action::Submit => {
                let chosen = palette
                    .entries(&self.keymap)
                    .get(palette.selected)
                    .map(|b| b.action);
                let back = std::mem::replace(palette.back.as_mut(), Mode::Normal);
                self.mode = back;
                match chosen {
                    Some(action) => return self.update(action),
                    None => self.warn("no action matches: Backspace and try other words"),
                }
            }
            Action::Back => {
                let back = std::mem::replace(palette.back.as_mut(), Mode::Normal);
                self.mode = back;
            }
            _ => {}
        }
        None
    }
}
