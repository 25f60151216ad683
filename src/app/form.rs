//! Forms shown over the map: a list of labelled fields, one focused, an error pinned to the
//! field it is about. Turning a form back into document values lives here too.

use tui_input::Input;

use crate::model::map::StepAt;
use crate::model::step_line::{StepLine, note_and_author, note_marker};
use crate::model::{Annotation, AnnotationKind, Duration, Map, Queue, Step, WorkCalendar};

use super::{Target, flow_fields};

/// What a form edits, and where its result goes.
#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewStep(Placement),
    EditStep(StepAt),
    Queue {
        stage: usize,
    },
    NewAnnotation(Target),
    /// A note added straight from the map: Enter goes back to the map, not to the list.
    QuickNote(Target),
    EditAnnotation(Target, usize),
    Session {
        new: bool,
    },
    /// The event log to measure.
    LogPath,
    /// A session file to open, by its path.
    OpenPath,
    /// The workshop's charter.
    Charter,
    /// An action of the plan: a new one, or the one at this place.
    Action {
        index: Option<usize>,
    },
}

/// Where a new step goes relative to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    After,
    Before,
    Parallel,
}

#[derive(Debug, Clone)]
pub enum FieldValue {
    Text(Input),
    /// One of a few options, changed with ←/→ or Space.
    Choice {
        options: Vec<&'static str>,
        chosen: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub value: FieldValue,
    /// The whole text is selected, as on entering a filled-in field: typing replaces it, an
    /// arrow key keeps it for editing.
    pub selected: bool,
}

impl Field {
    pub(super) fn text(label: &'static str, hint: &'static str, value: impl Into<String>) -> Field {
        let value = value.into();
        Field {
            label,
            hint,
            selected: !value.is_empty(),
            value: FieldValue::Text(Input::new(value)),
        }
    }

    pub(super) fn choice(
        label: &'static str,
        hint: &'static str,
        options: Vec<&'static str>,
    ) -> Field {
        Field {
            label,
            hint,
            value: FieldValue::Choice { options, chosen: 0 },
            selected: false,
        }
    }

    pub(super) fn chosen(mut self, index: usize) -> Field {
        take(&mut self, index);
        self
    }

    pub fn display(&self) -> String {
        match &self.value {
            FieldValue::Text(input) => input.value().to_string(),
            FieldValue::Choice { options, chosen } => format!("◀ {} ▶", options[*chosen]),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The field an error is about, and what is wrong.
    pub error: Option<(usize, String)>,
    /// Dictation: a new step's one-line entry that opens again for the next step after Enter.
    pub dictation: bool,
}

impl Form {
    pub fn step(kind: FormKind, title: String, step: &Step, map: &Map) -> Form {
        let ca = step
            .complete_accurate
            .map(crate::model::duration::exact_number)
            .unwrap_or_default();
        Form {
            kind,
            title,
            fields: vec![
                Field::text("Name", "what happens in this step", &step.name),
                Field::text(
                    "Lead time",
                    "elapsed until passed on; empty: the process time",
                    step.lead_time.to_string(),
                ),
                Field::text(
                    "Process time",
                    "hands-on time: 45s, 30min, 4h, 3d, 2w; empty: 0",
                    step.process_time.to_string(),
                ),
                Field::text("Owner", "who does it (person or role)", &step.owner),
                Field::text("Phase", "e.g. Development, Test, Operations", &step.phase),
                Field::text("%C&A", "percent complete and accurate, 0-100, or empty", ca),
            ]
            .into_iter()
            .chain(flow_fields::rework_fields(step, map))
            .chain([value_adding_field(step)])
            .collect(),
            focus: 0,
            error: None,
            dictation: false,
        }
    }

    pub fn queue(stage: usize, queue: Option<&Queue>) -> Form {
        Form {
            kind: FormKind::Queue { stage },
            title: "Queue of work waiting before this stage".into(),
            fields: vec![
                Field::text(
                    "Label",
                    "what is waiting, e.g. Backlog",
                    queue.map(|q| q.label.clone()).unwrap_or_default(),
                ),
                Field::text(
                    "Items",
                    "how many items are waiting",
                    queue.map(|q| q.items.to_string()).unwrap_or_default(),
                ),
            ]
            .into_iter()
            .chain(flow_fields::queue_fields(queue))
            .collect(),
            focus: 0,
            error: None,
            dictation: false,
        }
    }

    pub fn annotation(kind: FormKind, title: String, annotation: Option<&Annotation>) -> Form {
        let chosen = annotation
            .and_then(|a| AnnotationKind::ALL.iter().position(|k| *k == a.kind))
            .unwrap_or(2);
        Form {
            kind,
            title,
            fields: vec![
                Field::choice(
                    "Kind",
                    "←/→ change it; or start the text with c: q: g: i:",
                    AnnotationKind::ALL.iter().map(|k| k.name()).collect(),
                )
                .chosen(chosen),
                Field::text(
                    "Text",
                    "what was said; c: q: g: i: first; @Name of who said it",
                    annotation.map(|a| a.text.clone()).unwrap_or_default(),
                ),
                Field::text(
                    "Author",
                    "who said it (optional)",
                    annotation
                        .and_then(|a| a.author.clone())
                        .unwrap_or_default(),
                ),
            ],
            focus: 1,
            error: None,
            dictation: false,
        }
    }

    pub fn open_path() -> Form {
        Form {
            kind: FormKind::OpenPath,
            title: "Open a session file".into(),
            fields: vec![Field::text(
                "Path",
                "e.g. ~/workshops/checkout.ron, then Enter",
                "",
            )],
            focus: 0,
            error: None,
            dictation: false,
        }
    }

    pub fn session(
        new: bool,
        title: &str,
        calendar: &WorkCalendar,
        held_on: Option<chrono::NaiveDate>,
    ) -> Form {
        let number = crate::model::duration::trim_number;
        Form {
            kind: FormKind::Session { new },
            title: if new {
                "New session".into()
            } else {
                "Session".into()
            },
            fields: vec![
                Field::text(
                    "Title",
                    "the workshop, e.g. Checkout: idea to customer",
                    title,
                ),
                Field::text(
                    "Hours per day",
                    "working hours in a day (1d)",
                    number(calendar.hours_per_day),
                ),
                Field::text(
                    "Days per week",
                    "working days in a week (1w)",
                    number(calendar.days_per_week),
                ),
                Field::text(
                    "Held on",
                    "date of the workshop, YYYY-MM-DD (optional)",
                    held_on.map(|d| d.to_string()).unwrap_or_default(),
                ),
            ]
            .into_iter()
            .chain(flow_fields::session_fields(calendar))
            .collect(),
            focus: 0,
            error: None,
            dictation: false,
        }
    }

    /// The place of the field labelled `label` (forms are built with it).
    pub fn index_of(&self, label: &str) -> usize {
        self.fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or(usize::MAX)
    }

    /// The trimmed text of the field labelled `label`, empty when there is none.
    pub fn text_of(&self, label: &str) -> String {
        match self.index_of(label) {
            usize::MAX => String::new(),
            index => self.text(index),
        }
    }

    /// Chooses option `index` of the choice field labelled `label`.
    pub fn choose(&mut self, label: &str, index: usize) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.label == label) {
            take(field, index);
        }
    }

    /// Replaces the text of a field, e.g. to leave the times of a new step empty.
    pub fn set_text(&mut self, label: &str, value: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.label == label) {
            field.value = FieldValue::Text(Input::new(value.to_string()));
            field.selected = !value.is_empty();
        }
    }

    pub fn text(&self, index: usize) -> String {
        match &self.fields[index].value {
            FieldValue::Text(input) => input.value().trim().to_string(),
            FieldValue::Choice { options, chosen } => options[*chosen].to_string(),
        }
    }

    pub fn chosen(&self, index: usize) -> usize {
        match &self.fields[index].value {
            FieldValue::Choice { chosen, .. } => *chosen,
            FieldValue::Text(_) => 0,
        }
    }

    pub fn next_field(&mut self) {
        self.focus_on((self.focus + 1) % self.fields.len());
    }

    pub fn prev_field(&mut self) {
        self.focus_on((self.focus + self.fields.len() - 1) % self.fields.len());
    }

    /// Moves to a field and selects its text, so typing replaces it.
    pub fn focus_on(&mut self, index: usize) {
        self.focus = index.min(self.fields.len().saturating_sub(1));
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.selected = matches!(&field.value, FieldValue::Text(i) if !i.value().is_empty());
        }
    }

    /// The focused field is a choice or an empty text: `?` there opens help, not text.
    pub fn focused_is_empty(&self) -> bool {
        match self.fields.get(self.focus).map(|f| &f.value) {
            Some(FieldValue::Text(input)) => input.value().is_empty(),
            _ => true,
        }
    }

    /// A note's text that starts with a marker (`c:` …) shows its kind in the Kind field.
    pub fn follow_note_marker(&mut self) {
        let is_note = matches!(
            self.kind,
            FormKind::NewAnnotation(_) | FormKind::QuickNote(_) | FormKind::EditAnnotation(..)
        );
        if !is_note {
            return;
        }
        if let Some((kind, _)) = note_marker(&self.text_of("Text"))
            && let Some(index) = AnnotationKind::ALL.iter().position(|k| *k == kind)
        {
            self.choose("Kind", index);
        }
    }

    pub fn fail(&mut self, field: usize, message: String) {
        self.focus = field.min(self.fields.len().saturating_sub(1));
        self.error = Some((self.focus, message));
    }

    /// The step described by a step form, or the field that is wrong and why.
    pub fn to_step(
        &self,
        mut step: Step,
        calendar: &WorkCalendar,
    ) -> Result<Step, (usize, String)> {
        let at = |label| self.index_of(label);
        let duration = |label| -> Result<Option<Duration>, (usize, String)> {
            let text = self.text_of(label);
            if text.is_empty() {
                return Ok(None);
            }
            crate::model::spoken::duration(&text, calendar)
                .map(Some)
                .map_err(|e| (at(label), e))
        };
        step.name = self.text_of("Name");
        step.owner = self.text_of("Owner");
        step.phase = self.text_of("Phase");
        // Empty process time: none; empty lead time: no wait, the process time.
        step.process_time = duration("Process time")?.unwrap_or(Duration::ZERO);
        step.lead_time = duration("Lead time")?.unwrap_or(step.process_time);
        let ca = self.text_of("%C&A");
        step.complete_accurate = if ca.is_empty() {
            None
        } else {
            let value: f64 = ca.trim_end_matches('%').trim().parse().map_err(|_| {
                (
                    at("%C&A"),
                    format!("'{ca}' is not a number: enter 0 to 100, or leave empty"),
                )
            })?;
            Some(value)
        };
        step.value_adding =
            self.index_of(VALUE_ADDING) == usize::MAX || self.text_of(VALUE_ADDING) == "yes";
        if matches!(self.kind, FormKind::NewStep(_)) {
            apply_step_line(&mut step, calendar);
        }
        step.validate(calendar).map_err(|error| {
            let field = match error.field {
                "name" => at("Name"),
                "lead time" => at("Lead time"),
                _ => at("%C&A"),
            };
            (field, error.message)
        })?;
        Ok(step)
    }

    pub fn to_queue(&self) -> Result<Queue, (usize, String)> {
        let label = self.text(0);
        let items_text = self.text(1);
        let items = if items_text.is_empty() {
            0
        } else {
            items_text.parse::<u32>().map_err(|_| {
                (
                    1,
                    format!("'{items_text}' is not a count: enter a whole number such as 12"),
                )
            })?
        };
        if label.is_empty() && items == 0 {
            return Err((0, "give the queue a label or a number of items".into()));
        }
        let mut queue = Queue::new(label, items);
        flow_fields::read_queue(self, &mut queue)?;
        Ok(queue)
    }

    pub fn to_annotation(&self) -> Result<Annotation, (usize, String)> {
        let typed = self.text(1);
        let (kind, typed) = match note_marker(&typed) {
            Some((kind, rest)) => (kind, rest),
            None => (AnnotationKind::ALL[self.chosen(0)], typed.as_str()),
        };
        let (text, said_by) = note_and_author(typed);
        if text.is_empty() {
            return Err((1, "write what was said".into()));
        }
        let author = match self.text(2) {
            typed if typed.is_empty() => said_by.unwrap_or_default(),
            typed => typed,
        };
        Ok(Annotation {
            kind,
            text,
            author: (!author.is_empty()).then_some(author),
            realised_by: Vec::new(),
            id: None,
        })
    }

    /// Title, calendar and date from a session form.
    #[allow(clippy::type_complexity)]
    pub fn to_session_fields(
        &self,
    ) -> Result<(String, WorkCalendar, Option<chrono::NaiveDate>), (usize, String)> {
        let title = self.text(0);
        if title.is_empty() {
            return Err((0, "give the session a title".into()));
        }
        let number = |index: usize, what: &str| -> Result<f64, (usize, String)> {
            let text = self.text(index);
            text.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or((index, format!("'{text}' is not a number of {what}")))
        };
        let mut calendar = WorkCalendar::working(number(1, "hours")?, number(2, "days")?);
        flow_fields::read_session(self, &mut calendar)?;
        calendar.validate().map_err(|e| {
            let field = if e.starts_with("hours") { 1 } else { 2 };
            (field, e)
        })?;
        let date_text = self.text(3);
        let held_on = if date_text.is_empty() {
            None
        } else {
            Some(
                chrono::NaiveDate::parse_from_str(&date_text, "%Y-%m-%d").map_err(|_| {
                    (
                        3,
                        format!("'{date_text}' is not a date: write it as 2026-11-22"),
                    )
                })?,
            )
        };
        Ok((title, calendar, held_on))
    }
}

/// The label of the step form's value-adding field.
pub const VALUE_ADDING: &str = "Value-adding";

fn value_adding_field(step: &Step) -> Field {
    Field::choice(
        VALUE_ADDING,
        "y: adds what the customer pays for; n: e.g. an approval",
        vec!["yes", "no"],
    )
    .chosen(usize::from(!step.value_adding))
}

fn take(field: &mut Field, index: usize) {
    if let FieldValue::Choice { options, chosen } = &mut field.value {
        *chosen = index.min(options.len().saturating_sub(1));
    }
}

/// A new step's name may carry the rest of it: "Triage bugs 3d @Andy #Test".
fn apply_step_line(step: &mut Step, calendar: &WorkCalendar) {
    let line = StepLine::parse_in(&step.name, calendar);
    if !line.has_details() {
        return;
    }
    step.name = line.name;
    if let Some(process_time) = line.process_time {
        step.process_time = process_time;
    }
    if let Some(lead_time) = line.lead_time {
        step.lead_time = lead_time;
    }
    if let Some(ca) = line.complete_accurate {
        step.complete_accurate = Some(ca);
    }
    if line.not_value_adding {
        step.value_adding = false;
    }
    if let Some(owner) = line.owner {
        step.owner = owner;
    }
    if let Some(phase) = line.phase {
        step.phase = phase;
    }
}
