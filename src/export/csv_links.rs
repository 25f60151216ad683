//! What a CSV import resolves once a row is read or once every row is: a row's queue, step ids,
//! and the links between steps (`from`, `rework_to` by name or id, ideas' `realised by`).

use std::collections::HashSet;

use super::csv::{ImportError, Row};
use crate::model::{Annotation, AnnotationKind, Duration, Map, Queue, Session, Throughput};

/// The queue a row puts before its stage, if any: a failing column and message on bad input.
pub(super) fn queue<'a>(
    cell: &dyn Fn(&str) -> &'a str,
) -> Result<Option<Queue>, (&'static str, String)> {
    let [label, items, throughput, time] =
        ["queue_label", "queue_items", "throughput", "queue_time"].map(cell);
    if [label, items, throughput, time]
        .iter()
        .all(|c| c.is_empty())
    {
        return Ok(None);
    }
    let mut queue = Queue::new(label, 0);
    if !items.is_empty() {
        queue.items = items.parse::<u32>().map_err(|_| {
            let message = format!("'{items}' is not a count: write a whole number such as 12");
            ("queue_items", message)
        })?;
    }
    if !throughput.is_empty() {
        queue.throughput = Some(Throughput::parse(throughput).map_err(|e| ("throughput", e))?);
    }
    if !time.is_empty() {
        queue.time = Some(Duration::parse(time).map_err(|e| ("queue_time", e))?);
    }
    Ok(Some(queue))
}

/// Makes an error at a line and column.
type Fail<'a> = dyn Fn(Option<u64>, Option<&str>, String) -> ImportError + 'a;

/// Gives every step its id (the row's, else the next free one) and resolves the links
/// between steps: `from`, `rework_to` (a name or an id) and ideas' `realised by`.
pub(super) fn link(
    session: &mut Session,
    rows: &[Vec<Row>; 2],
    note_lines: [Option<u64>; 2],
    error: &Fail,
) -> Result<(), ImportError> {
    let given = rows.iter().flatten().filter_map(|row| row.id);
    // Saturating: an absurd id makes a duplicate (an error), never an overflow.
    let mut next = given.max().unwrap_or(0).saturating_add(1);
    let mut seen = HashSet::new();
    for (which, map) in maps_mut(session) {
        let mut steps = map.stages.iter_mut().flat_map(|s| s.steps.iter_mut());
        for row in &rows[which] {
            let step = steps.next().expect("a row per step");
            if let Some(id) = row.id.filter(|&id| id > crate::model::checks::MAX_STEP_ID) {
                let message = format!(
                    "id {id} is too large: ids are small whole numbers (at most {})",
                    crate::model::checks::MAX_STEP_ID
                );
                return Err(error(row.line, Some("id"), message));
            }
            step.id = row.id.unwrap_or_else(|| {
                let id = next;
                next = next.saturating_add(1);
                id
            });
            if !seen.insert(step.id) {
                let message = format!(
                    "id {} is used by another step: give each step its own id",
                    step.id
                );
                return Err(error(row.line, Some("id"), message));
            }
        }
    }
    let current_ids: HashSet<u64> = session.current.steps().map(|s| s.id).collect();
    let future_ids: HashSet<u64> = session
        .future
        .iter()
        .flat_map(|m| m.steps().map(|s| s.id))
        .collect();
    for (which, map) in maps_mut(session) {
        let targets: Vec<(u64, String)> = map.steps().map(|s| (s.id, s.name.clone())).collect();
        let mut steps = map.stages.iter_mut().flat_map(|s| s.steps.iter_mut());
        for row in &rows[which] {
            let step = steps.next().expect("a row per step");
            let fail = |column: &str, message: String| error(row.line, Some(column), message);
            if let Some(from) = step.from
                && !current_ids.contains(&from)
            {
                return Err(fail(
                    "from",
                    format!("{from} is the id of no current-state step"),
                ));
            }
            if !row.rework_to.is_empty() {
                step.rework_to = Some(
                    rework_target(&targets, &row.rework_to).map_err(|e| fail("rework_to", e))?,
                );
            }
            check_realised(&step.annotations, which, &future_ids)
                .map_err(|e| fail("annotations", e))?;
        }
        check_realised(&map.annotations, which, &future_ids)
            .map_err(|e| error(note_lines[which], Some("annotations"), e))?;
    }
    crate::model::checks::check(session, "").map_err(|problem| error(None, None, problem.message))
}

/// The current map (0) and the future one (1) when there is one.
fn maps_mut(session: &mut Session) -> impl Iterator<Item = (usize, &mut Map)> {
    [Some(&mut session.current), session.future.as_mut()]
        .into_iter()
        .enumerate()
        .filter_map(|(which, map)| Some((which, map?)))
}

/// The step of the same map that `text` names: its id, else its (unique) name.
fn rework_target(steps: &[(u64, String)], text: &str) -> Result<u64, String> {
    if let Ok(id) = text.parse::<u64>()
        && steps.iter().any(|(s, _)| *s == id)
    {
        return Ok(id);
    }
    let named: Vec<u64> = steps
        .iter()
        .filter(|(_, name)| name.trim().eq_ignore_ascii_case(text.trim()))
        .map(|(id, _)| *id)
        .collect();
    match named[..] {
        [id] => Ok(id),
        [] => Err(format!(
            "'{text}' is neither the name nor the id of a step on this map"
        )),
        _ => Err(format!(
            "{} steps are named '{text}': give the id instead",
            named.len()
        )),
    }
}

fn check_realised(
    notes: &[Annotation],
    which: usize,
    future_ids: &HashSet<u64>,
) -> Result<(), String> {
    for note in notes.iter().filter(|n| !n.realised_by.is_empty()) {
        if which != 0 || note.kind != AnnotationKind::Idea {
            return Err(
                "only ideas on the current map are realised by future steps: remove `realised by`"
                    .into(),
            );
        }
        if let Some(id) = note.realised_by.iter().find(|id| !future_ids.contains(id)) {
            return Err(format!(
                "`realised by {id}`: no future-state step has id {id}"
            ));
        }
    }
    Ok(())
}
