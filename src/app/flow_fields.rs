//! The form fields of flow physics: where a step's rejected work goes back to, a queue's
//! throughput or time, and how the session counts time and queues.

use crate::model::map::StepAt;
use crate::model::{Clock, Duration, Map, Queue, QueueCounting, Step, Throughput, WorkCalendar};

use super::form::{Field, Form};

pub const REWORK_TO: &str = "Rework to";
pub const REWORK_WAIT: &str = "Rework wait";
pub const THROUGHPUT: &str = "Throughput";
pub const QUEUE_TIME: &str = "Queue time";
pub const CLOCK: &str = "Clock";
pub const QUEUES: &str = "Queues";
pub const DEFAULT_THROUGHPUT: &str = "Throughput";

type FieldError = (usize, String);

pub fn rework_fields(step: &Step, map: &Map) -> [Field; 2] {
    let target = step
        .rework_to
        .and_then(|id| map.find(id))
        .and_then(|at| map.step(at))
        .map(|s| s.name.clone())
        .unwrap_or_default();
    [
        Field::text(
            REWORK_TO,
            "earlier step rejects go back to (any case); empty: here",
            target,
        ),
        Field::text(
            REWORK_WAIT,
            "wait before rework starts; empty: that step's own wait",
            step.rework_wait.map(|w| w.to_string()).unwrap_or_default(),
        ),
    ]
}

/// Reads the rework fields into `step`. `at` is where the step is (none for a new step).
pub fn read_rework(
    form: &Form,
    map: &Map,
    at: Option<StepAt>,
    step: &mut Step,
) -> Result<(), FieldError> {
    let name = form.text_of(REWORK_TO);
    step.rework_to = if name.is_empty() || name.eq_ignore_ascii_case(&step.name) {
        None
    } else {
        let found = map
            .stages
            .iter()
            .enumerate()
            .flat_map(|(stage, s)| s.steps.iter().map(move |step| (stage, step)))
            .find(|(_, s)| s.name.trim().eq_ignore_ascii_case(&name));
        let field = form.index_of(REWORK_TO);
        match found {
            None => return Err((field, format!("no step is called '{name}' on this map"))),
            Some((stage, _)) if at.is_some_and(|at| stage >= at.stage) => {
                return Err((
                    field,
                    format!("'{name}' is not before this step: rework goes back to an earlier one"),
                ));
            }
            Some((_, target)) if target.id == step.id => None,
            Some((_, target)) => Some(target.id),
        }
    };
    step.rework_wait = optional_duration(form, REWORK_WAIT)?;
    Ok(())
}

pub fn queue_fields(queue: Option<&Queue>) -> [Field; 2] {
    [
        Field::text(
            THROUGHPUT,
            "next stage's rate, e.g. 920/d or 12/w; empty: session's",
            queue
                .and_then(|q| q.throughput)
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ),
        Field::text(
            QUEUE_TIME,
            "time the queue holds, if known directly, e.g. 5d",
            queue
                .and_then(|q| q.time)
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ),
    ]
}

pub fn read_queue(form: &Form, queue: &mut Queue) -> Result<(), FieldError> {
    queue.throughput = optional_throughput(form, THROUGHPUT)?;
    queue.time = optional_duration(form, QUEUE_TIME)?;
    Ok(())
}

pub fn session_fields(calendar: &WorkCalendar) -> [Field; 3] {
    let clock = match calendar.clock {
        Clock::Working => 0,
        Clock::Elapsed => 1,
    };
    let queues = match calendar.queues {
        QueueCounting::Check => 0,
        QueueCounting::Included => 1,
    };
    [
        Field::choice(
            CLOCK,
            "working: hours/day, days/week above; elapsed: 24 h, 7 d",
            vec!["working", "elapsed"],
        )
        .chosen(clock),
        Field::choice(
            QUEUES,
            "check: against waits (software); included: in lead time",
            vec!["check", "included"],
        )
        .chosen(queues),
        Field::text(
            DEFAULT_THROUGHPUT,
            "items a stage takes per day or week, e.g. 920/d",
            calendar
                .throughput
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ),
    ]
}

pub fn read_session(form: &Form, calendar: &mut WorkCalendar) -> Result<(), FieldError> {
    calendar.clock = match form.chosen(form.index_of(CLOCK)) {
        1 => Clock::Elapsed,
        _ => Clock::Working,
    };
    calendar.queues = match form.chosen(form.index_of(QUEUES)) {
        1 => QueueCounting::Included,
        _ => QueueCounting::Check,
    };
    calendar.throughput = optional_throughput(form, DEFAULT_THROUGHPUT)?;
    Ok(())
}

fn optional_duration(form: &Form, label: &str) -> Result<Option<Duration>, FieldError> {
    optional(form, label, Duration::parse)
}

fn optional_throughput(form: &Form, label: &str) -> Result<Option<Throughput>, FieldError> {
    optional(form, label, Throughput::parse)
}

/// An optional field: empty is none, else what `parse` makes of it or its error on the field.
fn optional<T>(
    form: &Form,
    label: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, FieldError> {
    let text = form.text_of(label);
    if text.is_empty() {
        return Ok(None);
    }
    parse(&text)
        .map(Some)
        .map_err(|e| (form.index_of(label), e))
}
