//! The rules a session file must keep beyond its syntax, checked at load with the line and
//! column of the offending value, so a hand-edited file says where to look.

use std::collections::HashSet;

use crate::model::{AnnotationKind, Map, Session};

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// The largest step id a file may use: every id stays exact in JSON and a new one always fits.
pub const MAX_STEP_ID: u64 = 1 << 53;

/// Checks `session`, parsed from `text`, and says where in `text` the first problem is.
pub fn check(session: &Session, text: &str) -> Result<(), Problem> {
    let fields = FieldPositions::of(text);
    let at = |field: &str, nth: usize, message: String| {
        let (line, column) = fields.find(field, nth).unzip();
        Problem {
            line,
            column,
            message,
        }
    };
    if let Err(e) = session.calendar.validate() {
        return Err(at("calendar", 0, format!("calendar: {e}")));
    }
    let current_ids: HashSet<u64> = ids(&session.current).collect();
    let future_ids: HashSet<u64> = session.future.iter().flat_map(ids).collect();
    let mut seen = HashSet::new();
    let mut step_index = 0;
    let mut stage_index = 0;
    let mut link_index = 0;
    for (which, map) in session.maps() {
        for (s, stage) in map.stages.iter().enumerate() {
            if stage.steps.is_empty() {
                return Err(at(
                    "steps",
                    stage_index,
                    format!(
                        "{which} map, stage {}: has no steps: add one or remove the stage",
                        s + 1
                    ),
                ));
            }
            stage_index += 1;
            for step in &stage.steps {
                let step_at = |message: String| {
                    at(
                        "id",
                        step_index,
                        format!("{which} map, step '{}': {message}", step.name),
                    )
                };
                if let Err(error) = step.validate(&session.calendar) {
                    return Err(step_at(format!("{}: {}", error.field, error.message)));
                }
                if step.id > MAX_STEP_ID {
                    return Err(step_at(format!(
                        "id {} is too large: ids are small whole numbers (at most {MAX_STEP_ID})",
                        step.id
                    )));
                }
                if !seen.insert(step.id) {
                    return Err(step_at(format!(
                        "id {} is used by another step: give each step its own id",
                        step.id
                    )));
                }
                if let Some(from) = step.from {
                    if which == "current" {
                        return Err(step_at(
                            "`from` belongs on future-state steps: remove it".into(),
                        ));
                    }
                    if !current_ids.contains(&from) {
                        return Err(step_at(format!(
                            "`from: Some({from})` names no current-state step: use the id of \
                             the step it came from, or remove it"
                        )));
                    }
                }
                if let Some(to) = step.rework_to
                    && to != step.id
                    && map.find(to).is_some_and(|at| at.stage >= s)
                {
                    return Err(step_at(format!(
                        "`rework_to: Some({to})` names a step that is not before this one: rework \
                         goes back to an earlier step; remove it or name an earlier step's id"
                    )));
                }
                if let Some(to) = step.rework_to
                    && map.find(to).is_none()
                {
                    return Err(step_at(format!(
                        "`rework_to: Some({to})` names no step of this map: use the id of the \
                         earlier step rework goes back to, or remove it"
                    )));
                }
                for annotation in &step.annotations {
                    check_links(annotation, &future_ids, which)
                        .map_err(|m| at("realised_by", link_index, m))?;
                    link_index += usize::from(!annotation.realised_by.is_empty());
                }
                step_index += 1;
            }
        }
        for annotation in &map.annotations {
            check_links(annotation, &future_ids, which)
                .map_err(|m| at("realised_by", link_index, m))?;
            link_index += usize::from(!annotation.realised_by.is_empty());
        }
    }
    crate::model::decisions::validate(session).map_err(|e| at("decisions", 0, e))
}

fn ids(map: &Map) -> impl Iterator<Item = u64> + '_ {
    map.stages
        .iter()
        .flat_map(|stage| stage.steps.iter().map(|step| step.id))
}

fn check_links(
    annotation: &crate::model::Annotation,
    future_ids: &HashSet<u64>,
    which: &str,
) -> Result<(), String> {
    if annotation.realised_by.is_empty() {
        return Ok(());
    }
    let what = format!("{which} map, note '{}'", annotation.text);
    if annotation.kind != AnnotationKind::Idea {
        return Err(format!(
            "{what}: only ideas are realised by future steps: remove `realised_by`"
        ));
    }
    if which != "current" {
        return Err(format!(
            "{what}: ideas on the future map are not linked: remove `realised_by`"
        ));
    }
    match annotation
        .realised_by
        .iter()
        .find(|id| !future_ids.contains(id))
    {
        Some(id) => Err(format!(
            "{what}: `realised_by` names step {id}, which is not on the future map: remove it"
        )),
        None => Ok(()),
    }
}

/// Where each field name (`name:`) stands in RON text, outside strings and comments.
struct FieldPositions<'a> {
    text: &'a str,
    fields: Vec<(&'a str, usize)>,
}

impl<'a> FieldPositions<'a> {
    fn of(text: &'a str) -> FieldPositions<'a> {
        let bytes = text.as_bytes();
        let mut fields = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => i = skip_string(bytes, i + 1),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = bytes[i..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(bytes.len(), |n| i + n)
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..].find("*/").map_or(bytes.len(), |n| i + n + 4)
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    let rest = text[i..].trim_start();
                    if rest.starts_with(':') {
                        fields.push((&text[start..i], start));
                    }
                }
                _ => i += 1,
            }
        }
        FieldPositions { text, fields }
    }

    /// Line and column (from 1, in characters) of the `nth` (from 0) field named `name`.
    fn find(&self, name: &str, nth: usize) -> Option<(usize, usize)> {
        let offset = self
            .fields
            .iter()
            .filter(|(field, _)| *field == name)
            .nth(nth)?
            .1;
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        Some((line, before[line_start..].chars().count() + 1))
    }
}

fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}
