//! The step table as CSV, and sessions imported from such a table (a spreadsheet's export).
//!
//! Columns by header name, in any order, case-insensitive: `step` and `lead_time` required;
//! `process_time` (default 0), `complete_accurate` (percent), `value_adding` (`yes`, the
//! default when empty, or `no`: the process time adds no value), `owner`, `phase`, `parallel`
//! (`yes`: in parallel with the step on the previous row), `queue_label`, `queue_items`,
//! `throughput` and `queue_time` (work waiting before this row's stage), `map` (`current`, the
//! default, or `future`), `id`, `from` (a future step's current step), `rework_to` (the name or
//! id of the step rework goes back to), `rework_wait` and `annotations` (see `csv_notes`). A row
//! with no step name and only annotations holds the map's own annotations.

use std::collections::HashMap;
use std::fmt;

use super::{csv_links, csv_notes};
use crate::model::map::Stage;
use crate::model::{Duration, Map, Session, Step, WorkCalendar};

const COLUMNS: [&str; 17] = [
    "step",
    "owner",
    "phase",
    "process_time",
    "lead_time",
    "complete_accurate",
    "value_adding",
    "parallel",
    "queue_label",
    "queue_items",
    "throughput",
    "queue_time",
    "id",
    "from",
    "rework_to",
    "rework_wait",
    "annotations",
];

pub fn export(session: &Session) -> String {
    // A link to a deleted step would make the file refused when it is imported.
    let mut tidy = std::borrow::Cow::Borrowed(session);
    if session.has_dangling_links() {
        tidy.to_mut().drop_dangling_links();
    }
    let session = tidy.as_ref();
    let with_map = session.future.is_some();
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<&str> = Vec::new();
    if with_map {
        header.push("map");
    }
    header.extend(COLUMNS);
    writer.write_record(&header).expect("writing to memory");
    let shown = |value: Option<String>| value.unwrap_or_default();
    for (which, map) in session.maps() {
        let mut records: Vec<Vec<String>> = Vec::new();
        for stage in &map.stages {
            for (j, step) in stage.steps.iter().enumerate() {
                let queue = stage.queue.as_ref().filter(|_| j == 0);
                records.push(vec![
                    step.name.clone(),
                    step.owner.clone(),
                    step.phase.clone(),
                    step.process_time.to_string(),
                    step.lead_time.to_string(),
                    shown(
                        step.complete_accurate
                            .map(crate::model::duration::exact_number),
                    ),
                    yes_no(step.value_adding).into(),
                    if j > 0 { "yes".into() } else { String::new() },
                    shown(queue.map(|q| q.label.clone())),
                    shown(queue.map(|q| q.items.to_string())),
                    shown(queue.and_then(|q| q.throughput).map(|t| t.to_string())),
                    shown(queue.and_then(|q| q.time).map(|t| t.to_string())),
                    step.id.to_string(),
                    shown(step.from.map(|id| id.to_string())),
                    shown(step.rework_to.map(|id| id.to_string())),
                    shown(step.rework_wait.map(|t| t.to_string())),
                    csv_notes::cell(&step.annotations),
                ]);
            }
        }
        if !map.annotations.is_empty() {
            let mut record = vec![String::new(); COLUMNS.len()];
            record[COLUMNS.len() - 1] = csv_notes::cell(&map.annotations);
            records.push(record);
        }
        for mut record in records {
            if with_map {
                record.insert(0, which.to_string());
            }
            writer
                .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
                .expect("writing to memory");
        }
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// A yes/no cell; empty is `empty`.
fn yes_or_no(text: &str, empty: bool) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "" => Ok(empty),
        "no" | "n" | "false" | "0" => Ok(false),
        "yes" | "y" | "true" | "1" => Ok(true),
        other => Err(format!(
            "'{other}' is not yes or no (empty means {})",
            yes_no(empty)
        )),
    }
}

/// A cell a spreadsheet would run as a formula (OWASP "CSV injection": it starts with `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`, which spreadsheets show as text.
/// Cells that already start with quotes before such a character get one more, so `unescape`
/// gives back exactly what was exported.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_escaped_formula(cell.trim_start_matches('\'')) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes `neutralise`: one leading `'` goes when a formula character follows the quotes.
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_escaped_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

fn is_escaped_formula(after_quotes: &str) -> bool {
    after_quotes.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `;` when the header row has more semicolons than commas (spreadsheets in languages whose
/// decimal mark is a comma write such files), else `,`.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// What went wrong on which line and in which column, and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub source: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

pub struct ImportOptions {
    pub title: String,
    pub calendar: WorkCalendar,
}

/// A step read from a row, with what can only be checked once every row is read.
pub(super) struct Row {
    pub line: Option<u64>,
    pub id: Option<u64>,
    pub rework_to: String,
}

pub fn import(text: &str, source: &str, options: ImportOptions) -> Result<Session, ImportError> {
    let error = |line: Option<u64>, column: Option<&str>, message: String| ImportError {
        source: source.to_string(),
        line,
        column: column.map(str::to_string),
        message,
    };
    options
        .calendar
        .validate()
        .map_err(|e| error(None, None, format!("work calendar: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| error(Some(1), None, e.to_string()))?
        .clone();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let name = h.trim().to_lowercase().replace([' ', '-'], "_");
        if name.is_empty() {
            continue;
        }
        if let Some(first) = index.insert(name.clone(), i) {
            // Which of the two to read would be a guess: said, with both places.
            return Err(error(
                Some(1),
                Some(h.trim()),
                format!(
                    "the column '{}' is in the header twice (columns {} and {}): keep one and remove or rename the other",
                    h.trim(),
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    for required in ["step", "lead_time"] {
        if !index.contains_key(required) {
            return Err(error(
                Some(1),
                None,
                format!(
                    "no '{required}' column: the header row needs at least step and lead_time (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }

    let mut session = Session::new(options.title);
    session.calendar = options.calendar;
    // Current and future map, each step with its row (in the map's step order).
    let mut maps = [Map::default(), Map::default()];
    let mut rows: [Vec<Row>; 2] = [Vec::new(), Vec::new()];
    let mut note_lines: [Option<u64>; 2] = [None, None];
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line());
            error(line, None, format!("{e}"))
        })?;
        let line = record.position().map(|p| p.line());
        // Cells are trimmed, but for annotations whose texts keep their own spaces.
        let cell = |name: &str| -> &str {
            let raw = index.get(name).and_then(|i| record.get(*i)).unwrap_or("");
            unescape(if name == "annotations" {
                raw
            } else {
                raw.trim()
            })
        };
        let fail = |column: &str, message: String| error(line, Some(column), message);
        let duration = |column: &str| -> Result<Option<Duration>, ImportError> {
            let text = cell(column);
            (!text.is_empty())
                .then(|| Duration::parse(text).map_err(|e| fail(column, e)))
                .transpose()
        };
        let whole = |column: &str| -> Result<Option<u64>, ImportError> {
            let text = cell(column);
            (!text.is_empty())
                .then(|| {
                    text.parse::<u64>().map_err(|_| {
                        fail(
                            column,
                            format!("'{text}' is not a step id: write a whole number such as 12"),
                        )
                    })
                })
                .transpose()
        };

        let which = match cell("map").to_lowercase().as_str() {
            "" | "current" => 0,
            "future" => 1,
            other => {
                return Err(fail(
                    "map",
                    format!("'{other}' is not a map: write current or future"),
                ));
            }
        };
        let map = &mut maps[which];
        let notes = csv_notes::parse(cell("annotations")).map_err(|e| fail("annotations", e))?;
        let name = cell("step");
        if name.is_empty() {
            let only_notes = !notes.is_empty()
                && COLUMNS
                    .iter()
                    .filter(|c| !matches!(**c, "step" | "annotations"))
                    .all(|c| cell(c).is_empty());
            if !only_notes {
                return Err(fail("step", "the step has no name (a row of the map's own annotations has only the annotations cell)".into()));
            }
            map.annotations.extend(notes);
            note_lines[which] = note_lines[which].or(line);
            continue;
        }
        let mut step = Step::new(0, name);
        step.owner = cell("owner").to_string();
        step.phase = cell("phase").to_string();
        step.lead_time = Duration::parse(cell("lead_time")).map_err(|e| fail("lead_time", e))?;
        step.process_time = duration("process_time")?.unwrap_or(Duration::ZERO);
        let ca = cell("complete_accurate");
        if !ca.is_empty() {
            let value: f64 = ca.trim_end_matches('%').trim().parse().map_err(|_| {
                fail(
                    "complete_accurate",
                    format!("'{ca}' is not a percentage: write 0 to 100, or leave it empty"),
                )
            })?;
            step.complete_accurate = Some(value);
        }
        step.validate(&session.calendar).map_err(|e| {
            let column = match e.field {
                "%C&A" => "complete_accurate",
                "name" => "step",
                _ => "lead_time",
            };
            fail(column, e.message)
        })?;
        step.from = whole("from")?;
        if which == 0 && step.from.is_some() {
            return Err(fail("from", "a current-state step comes from no step: leave from empty, or put the row on the future map".into()));
        }
        step.rework_wait = duration("rework_wait")?;
        step.annotations = notes;
        let parallel = yes_or_no(cell("parallel"), false).map_err(|e| fail("parallel", e))?;
        step.value_adding =
            yes_or_no(cell("value_adding"), true).map_err(|e| fail("value_adding", e))?;
        let queue = csv_links::queue(&cell).map_err(|(column, e)| fail(column, e))?;
        rows[which].push(Row {
            line,
            id: whole("id")?,
            rework_to: cell("rework_to").to_string(),
        });
        if parallel {
            let Some(stage) = map.stages.last_mut() else {
                return Err(fail(
                    "parallel",
                    "the first step has no step before it to run beside: leave parallel empty"
                        .into(),
                ));
            };
            if queue.is_some() {
                return Err(fail(
                    "queue_label",
                    "a queue waits before a whole stage: put it on the stage's first row".into(),
                ));
            }
            stage.steps.push(step);
        } else {
            map.stages.push(
                Stage {
                    queue,
                    steps: vec![step],
                }
                .into(),
            );
        }
    }
    let [current, future] = maps;
    if current.stages.is_empty() && future.stages.is_empty() {
        return Err(error(
            None,
            None,
            "no steps: add a row per step under the header".into(),
        ));
    }
    session.current = current;
    if !future.stages.is_empty() || !future.annotations.is_empty() {
        session.future = Some(future);
    }
    csv_links::link(&mut session, &rows, note_lines, &error)?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ImportOptions {
        ImportOptions {
            title: "t".into(),
            calendar: WorkCalendar::default(),
        }
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let cases = [
            (
                "step,lead_time\nA,3d\nB,soon\n",
                "x.csv:3: column lead_time: 'soon'",
            ),
            (
                "step,lead_time,process_time\nA,1d,2d\n",
                "x.csv:2: column lead_time: lead time 1d is shorter",
            ),
            (
                "step,lead_time,parallel\nA,1d,yes\n",
                "x.csv:2: column parallel: the first step",
            ),
            (
                "step,lead_time,queue_items\nA,1d,many\n",
                "x.csv:2: column queue_items: 'many' is not a count",
            ),
            (
                "step,lead_time,complete_accurate\nA,1d,120\n",
                "x.csv:2: column complete_accurate: 120 is not a percentage",
            ),
            ("name,lead_time\nA,1d\n", "x.csv:1: no 'step' column"),
            ("step,lead_time\nA,1d,extra\n", "x.csv:2: "),
            ("step,lead_time\n", "no steps"),
            (
                "step,lead_time,Lead Time\nA,1d,2d\n",
                "x.csv:1: column Lead Time: the column 'Lead Time' is in the header twice (columns 2 and 3)",
            ),
        ];
        for (text, expected) in cases {
            let error = import(text, "x.csv", options()).unwrap_err().to_string();
            assert!(error.contains(expected), "{expected} in {error}");
        }
    }

    #[test]
    fn formulas_are_neutralised_and_come_back_exactly() {
        let mut session = Session::new("t");
        let names = [
            "=HYPERLINK(\"http://evil\",\"click\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tTabbed",
            "\rReturn",
            "'=already quoted",
            "Plain 'quoted' name",
        ];
        for (i, name) in names.iter().enumerate() {
            let mut step = Step::new(i as u64 + 1, *name);
            step.lead_time = Duration::parse("1d").unwrap();
            session.current.stages.push(
                Stage {
                    queue: None,
                    steps: vec![step],
                }
                .into(),
            );
        }
        let text = export(&session);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let first = record.unwrap()[0].to_string();
            assert!(
                !first.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{first:?} would run as a formula"
            );
        }
        let back = import(&text, "x.csv", options()).unwrap();
        let back: Vec<&str> = back
            .current
            .stages
            .iter()
            .map(|s| s.steps[0].name.as_str())
            .collect();
        assert_eq!(back, names);
    }

    #[test]
    fn semicolon_separated_files_are_read() {
        let text = "step;lead_time;owner\nCode, test;3d;Ana\n";
        let session = import(text, "x.csv", options()).unwrap();
        assert_eq!(session.current.stages[0].steps[0].name, "Code, test");
        assert_eq!(session.current.stages[0].steps[0].owner, "Ana");
    }

    #[test]
    fn any_column_order_case_quotes_and_utf8() {
        let text = "\u{feff}Lead Time,STEP,Owner,parallel\n\
                    3d,\"Code, test and \"\"ship\"\"\",Équipe 開発 🚀,\n\
                    1d,Review,Ana,yes\n";
        let session = import(text, "x.csv", options()).unwrap();
        assert_eq!(session.current.stages.len(), 1);
        let steps = &session.current.stages[0].steps;
        assert_eq!(steps[0].name, "Code, test and \"ship\"");
        assert_eq!(steps[0].owner, "Équipe 開発 🚀");
        assert_eq!(steps[1].name, "Review");
    }
}
