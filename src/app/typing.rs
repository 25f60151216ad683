//! Typing into a form: keys and pasted text go into the focused field. A selected (just
//! entered, filled-in) text is replaced by typing and kept by moving; a choice takes its
//! option's first letter and moves on.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

use super::form::{FieldValue, Form};

/// The most characters one paste puts into a field.
pub const PASTE_LIMIT: usize = 4096;

impl Form {
    /// Pasted text typed into the focused text field as one line: line breaks and tabs become
    /// spaces, other control characters (terminal escapes) are dropped. What to tell the user
    /// when not all of it went in: a choice field takes no text, and a field holds a line of
    /// at most `PASTE_LIMIT` characters, not a document.
    pub fn paste(&mut self, text: &str) -> Result<(), String> {
        let field = &mut self.fields[self.focus];
        let FieldValue::Text(input) = &mut field.value else {
            return Err("paste goes into a text field: this one is a choice (←/→)".into());
        };
        if std::mem::take(&mut field.selected) {
            *input = Input::default();
        }
        let text = crate::text::without_escapes(text);
        let mut after_break = false;
        for (taken, c) in text.chars().enumerate() {
            if taken == PASTE_LIMIT {
                let given = text.chars().count();
                return Err(format!(
                    "Pasted only the first {PASTE_LIMIT} of {given} characters: a field holds one line of at most {PASTE_LIMIT}; paste long notes in parts"
                ));
            }
            let line_break = matches!(c, '\r' | '\n');
            // "line one\r\nline two" reads as one space, not two.
            if line_break && after_break {
                continue;
            }
            after_break = line_break;
            let c = match c {
                '\r' | '\n' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            input.handle(InputRequest::InsertChar(c));
        }
        Ok(())
    }

    /// A key typed into the focused field.
    pub fn type_key(&mut self, key: KeyEvent) {
        let field = &mut self.fields[self.focus];
        let selected = std::mem::take(&mut field.selected);
        match &mut field.value {
            FieldValue::Choice { options, chosen } => match key.code {
                KeyCode::Left => *chosen = (*chosen + options.len() - 1) % options.len(),
                KeyCode::Right | KeyCode::Char(' ') => *chosen = (*chosen + 1) % options.len(),
                KeyCode::Char(c) => {
                    if let Some(i) = options
                        .iter()
                        .position(|o| o.starts_with(c.to_ascii_lowercase()))
                    {
                        *chosen = i;
                        // The letter said all there is to say: on to the next field.
                        self.next_field();
                    }
                }
                _ => {}
            },
            FieldValue::Text(input) => {
                let Some(request) = input_request(key) else {
                    field.selected = selected;
                    return;
                };
                // On a selected text, typing and deleting replace it; moving keeps it.
                let replaces = matches!(
                    request,
                    InputRequest::InsertChar(_)
                        | InputRequest::DeletePrevChar
                        | InputRequest::DeleteNextChar
                        | InputRequest::DeletePrevWord
                );
                if selected && replaces {
                    *input = Input::default();
                    if let InputRequest::InsertChar(_) = request {
                        input.handle(request);
                    }
                } else {
                    input.handle(request);
                }
            }
        }
    }
}

/// Text editing keys, as in a shell line.
pub(super) fn input_request(key: KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char(_) if ctrl || alt => return None,
        KeyCode::Char(c) if c.is_control() => return None,
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace if ctrl || alt => InputRequest::DeletePrevWord,
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}
