//! The one-line step entry and dictation: the room calls out steps faster than one `a` per step.
//! After a step is added from its one line, the entry opens again for the next one (Esc ends
//! it); a line that starts with a note marker (`c:` complaint, `q:` question, `g:` gap, `i:`
//! idea) pins that note to the step just entered instead of adding a step.

use super::form::{Form, FormKind, Placement};
use super::notes::annotations_mut;
use super::{App, Mode, Target};
use crate::model::step_line::{StepLine, note_and_author, note_marker};
use crate::model::{Annotation, AnnotationKind, WorkCalendar};

/// The one-line grammar, shown under a new step's fields and in its help (each line fits the
/// form's 70 columns).
pub const GRAMMAR_HINT: [&str; 2] = [
    "One line: Name PT/LT %C&A @Owner #Phase (Test it 1d/3d 95% @QA #Test)",
    "Note on the step before: c: complaint, q: question, g: gap, i: idea",
];

/// What a new step's Name line is understood as, as it is typed: the preview under the field,
/// and whether it warns (nothing but a name was read, so the step gets no time).
pub fn preview(form: &Form, calendar: &WorkCalendar) -> Option<(String, bool)> {
    if !matches!(form.kind, FormKind::NewStep(_)) {
        return None;
    }
    let text = form.text_of("Name");
    if text.is_empty() {
        return None;
    }
    if let Some((kind, _)) = note_marker(&text) {
        let article = if kind == AnnotationKind::Idea {
            "an"
        } else {
            "a"
        };
        let note = format!(
            "→ {article} {} on the step before, not a new step",
            kind.name()
        );
        return Some((note, false));
    }
    let line = StepLine::parse_in(&text, calendar);
    let times_typed =
        !form.text_of("Lead time").is_empty() || !form.text_of("Process time").is_empty();
    let described = line.describe();
    if line.lead_time.is_none() && !times_typed {
        let rest = if described.is_empty() {
            String::new()
        } else {
            format!(" · {described}")
        };
        return Some((format!("→ no time read: LT 0{rest}"), true));
    }
    (!described.is_empty()).then(|| (format!("→ {described}"), false))
}

impl App {
    /// Enter in a new step's form. Handles what only the one-line entry does and returns true:
    /// a note marker pins a note to the selected step; a step added from its one line opens the
    /// entry again (dictation). False: an ordinary submit (the caller applies the form).
    pub(super) fn enter_line(&mut self, form: &Form) -> bool {
        let FormKind::NewStep(_) = form.kind else {
            return false;
        };
        let name = form.text_of("Name");
        if form.focus == 0
            && let Some((kind, said)) = note_marker(&name)
        {
            self.pin_note(kind, said);
            return true;
        }
        let one_line = form.focus == 0 && StepLine::parse(&name).has_details();
        if !(form.dictation || one_line) {
            return false;
        }
        match self.submit(form) {
            Ok(_) => self.dictate(),
            Err((field, message)) => self.fail_form(field, message),
        }
        true
    }

    /// A note said in dictation, pinned to the step just entered; the entry stays open.
    fn pin_note(&mut self, kind: AnnotationKind, said: &str) {
        let Some(at) = self.selected_step().map(|_| self.viewer.selection) else {
            self.fail_form(
                0,
                "a note needs a step to pin it to: enter the step first".into(),
            );
            return;
        };
        let (text, author) = note_and_author(said);
        if text.is_empty() {
            self.fail_form(
                0,
                format!(
                    "write what was said after '{}:'",
                    kind.letter().to_ascii_lowercase()
                ),
            );
            return;
        }
        let target = Target::Step(at);
        let on = self.target_name(target);
        let annotation = Annotation {
            kind,
            text,
            author,
            realised_by: Vec::new(),
            id: None,
        };
        self.change_map(|map, _| {
            let list = annotations_mut(map, target).ok_or("that step is gone")?;
            list.push(annotation);
            Ok(format!("add {} on {on}", kind.name()))
        });
        self.dictate();
    }

    /// Opens the one-line entry for the next step, after the one just entered.
    fn dictate(&mut self) {
        self.new_step_form(Placement::After);
        let after = self
            .selected_step()
            .map(|s| format!("Next step after '{}'", s.name))
            .unwrap_or_else(|| "Next step".into());
        if let Mode::Form(form) = &mut self.viewer.mode {
            form.dictation = true;
            form.title = format!("{after} · dictation, Esc ends");
        }
        let done = self
            .viewer
            .status
            .take()
            .map(|s| s.text)
            .unwrap_or_default();
        self.say(format!(
            "{done} · type the next step, or c: q: g: i: for a note on it · Esc ends"
        ));
    }

    fn fail_form(&mut self, field: usize, message: String) {
        if let Mode::Form(open) = &mut self.viewer.mode {
            open.fail(field, message);
        }
    }
}
