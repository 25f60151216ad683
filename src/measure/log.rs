//! Reading an event log: CSV rows of item, state and time (optionally type and title), columns
//! found by header name. Streams the rows; keeps one small record per event and nothing of the
//! titles.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use super::time::{self, Seconds};

/// Header names accepted for each column, compared case-insensitively with `_` and `-` read as
/// spaces. Covers the exports of common trackers (Jira, Azure DevOps, GitHub, Linear).
pub const ITEM_NAMES: &[&str] = &[
    "item",
    "key",
    "id",
    "issue key",
    "issue id",
    "issue",
    "work item id",
    "work item",
    "ticket",
    "pull request",
    "pr",
];
pub const STATE_NAMES: &[&str] = &["state", "status", "to status", "to state", "new state"];
pub const TIME_NAMES: &[&str] = &[
    "time",
    "at",
    "date",
    "timestamp",
    "entered",
    "entered at",
    "status transition date",
    "transition date",
    "state change date",
    "state changed date",
    "changed date",
];
pub const TYPE_NAMES: &[&str] = &["type", "issue type", "work item type", "kind"];
pub const TITLE_NAMES: &[&str] = &["title", "summary", "name"];

/// One row that was read: the item (index into the log's items), the state it entered, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub item: u32,
    pub state: u16,
    pub at: Seconds,
}

/// No type given for an item.
pub const NO_TYPE: u16 = u16::MAX;

/// A log read into memory: events grouped by item, each item's in time order (ties keep the
/// file's order).
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// States in the order first seen in the file.
    pub states: Vec<String>,
    pub types: Vec<String>,
    /// Per item: its type (an index into `types`, or `NO_TYPE`).
    pub item_types: Vec<u16>,
    /// Per item: the range of its events in `events`.
    pub item_events: Vec<std::ops::Range<usize>>,
    pub events: Vec<Event>,
    pub skipped: BTreeMap<String, usize>,
    /// Items whose rows were not in time order in the file.
    pub out_of_order: usize,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Skip bad rows (counted by reason) instead of stopping at the first.
    pub skip_bad: bool,
    /// Offset of the session's local time, seconds east of UTC, for times without one.
    pub local_offset: i32,
}

/// Where a log is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogError {
    pub line: u64,
    /// 1-based column number and its header name, when the problem is one field.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl LogError {
    /// "LOG.csv: line 7, column 5 (at): ..."
    pub fn describe(&self, file: &str) -> String {
        match &self.column {
            Some((number, name)) => format!(
                "{file}: line {}, column {number} ({name}): {}",
                self.line, self.message
            ),
            None => format!("{file}: line {}: {}", self.line, self.message),
        }
    }
}

struct Columns {
    item: usize,
    state: usize,
    time: usize,
    kind: Option<usize>,
    headers: Vec<String>,
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-'], " ")
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| headers.iter().position(|h| normalise(h) == *name))
}

fn columns(headers: Vec<String>) -> Result<Columns, LogError> {
    let need = |names: &[&str], what: &str| {
        find(&headers, names).ok_or_else(|| LogError {
            line: 1,
            column: None,
            message: format!(
                "no column for {what}: name it one of {} (found: {})",
                names.join(", "),
                headers.join(", ")
            ),
        })
    };
    // Only a column vsm reads may not be there twice: tracker exports repeat others
    // (Jira's Labels, Sprint), which are never read.
    let read = |name: &str| {
        [ITEM_NAMES, STATE_NAMES, TIME_NAMES, TYPE_NAMES]
            .iter()
            .any(|names| names.contains(&name))
    };
    for (i, header) in headers.iter().enumerate() {
        let name = normalise(header);
        if !read(&name) {
            continue;
        }
        if let Some(first) = headers[..i].iter().position(|h| normalise(h) == name) {
            return Err(LogError {
                line: 1,
                column: Some((i + 1, header.clone())),
                message: format!(
                    "the column '{}' is in the header twice (columns {} and {}): keep one and remove or rename the other",
                    header.trim(),
                    first + 1,
                    i + 1
                ),
            });
        }
    }
    Ok(Columns {
        item: need(ITEM_NAMES, "the work item")?,
        state: need(STATE_NAMES, "the state")?,
        time: need(TIME_NAMES, "the time a state was entered")?,
        kind: find(&headers, TYPE_NAMES),
        headers,
    })
}

/// Reads a log from CSV text. Bad rows stop the read with their line and column, or are
/// skipped and counted by reason when `options.skip_bad`.
pub fn read(input: impl Read, options: ReadOptions) -> Result<EventLog, LogError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let headers = reader.byte_headers().map_err(|e| csv_error(&e))?;
    let headers = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let columns = columns(headers)?;
    let mut log = EventLog::default();
    let mut items: HashMap<Box<str>, u32> = HashMap::new();
    let mut states: HashMap<Box<str>, u16> = HashMap::new();
    let mut last_at: Vec<Seconds> = Vec::new();
    let mut unordered: Vec<bool> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let error = csv_error(&error);
                if options.skip_bad {
                    *log.skipped.entry("unreadable CSV row".into()).or_default() += 1;
                    continue;
                }
                return Err(error);
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let row = match read_row(&record, &columns, line, options.local_offset) {
            Ok(row) => row,
            Err((reason, error)) => {
                if options.skip_bad {
                    *log.skipped.entry(reason.into()).or_default() += 1;
                    continue;
                }
                return Err(error);
            }
        };
        if row.item.is_empty() && row.state.is_empty() && row.time.is_none() {
            continue;
        }
        let item = match items.get(row.item) {
            Some(item) => *item,
            None => {
                let item = log.item_types.len() as u32;
                items.insert(row.item.into(), item);
                log.item_types.push(NO_TYPE);
                last_at.push(Seconds::MIN);
                unordered.push(false);
                item
            }
        };
        let state = match states.get(row.state) {
            Some(state) => *state,
            None => {
                let Ok(state) = u16::try_from(log.states.len()) else {
                    return Err(LogError {
                        line,
                        column: Some((columns.state + 1, columns.headers[columns.state].clone())),
                        message: "more than 65,000 different states: is this the state column?"
                            .into(),
                    });
                };
                states.insert(row.state.into(), state);
                log.states.push(row.state.to_string());
                state
            }
        };
        let at = row.time.unwrap_or_default();
        let index = item as usize;
        if at < last_at[index] {
            unordered[index] = true;
        }
        last_at[index] = last_at[index].max(at);
        if log.item_types[index] == NO_TYPE && !row.kind.is_empty() {
            log.item_types[index] = type_index(&mut log.types, row.kind);
        }
        log.events.push(Event { item, state, at });
    }
    log.out_of_order = unordered.iter().filter(|u| **u).count();
    // A stable sort keeps the file's order for events at the same time.
    log.events.sort_by_key(|e| (e.item, e.at));
    let mut start = 0;
    log.item_events = Vec::with_capacity(log.item_types.len());
    for item in 0..log.item_types.len() as u32 {
        let mut end = start;
        while end < log.events.len() && log.events[end].item == item {
            end += 1;
        }
        log.item_events.push(start..end);
        start = end;
    }
    Ok(log)
}

struct Row<'a> {
    item: &'a str,
    state: &'a str,
    time: Option<Seconds>,
    kind: &'a str,
}

fn read_row<'a>(
    record: &'a csv::ByteRecord,
    columns: &Columns,
    line: u64,
    offset: i32,
) -> Result<Row<'a>, (&'static str, LogError)> {
    let field = |index: usize, what: &'static str| -> Result<&'a str, (&'static str, LogError)> {
        let error = |message: String| LogError {
            line,
            column: Some((index + 1, columns.headers[index].clone())),
            message,
        };
        let bytes = record.get(index).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|_| {
                (
                    "not UTF-8 text",
                    error("not UTF-8 text: save the log as CSV UTF-8".into()),
                )
            })
            .and_then(|text| {
                if text.is_empty() && what != "type" {
                    Err((
                        what,
                        error(format!("{what}: fill it in, or run with --skip-bad")),
                    ))
                } else {
                    Ok(text)
                }
            })
    };
    let blank = record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
    if blank {
        return Ok(Row {
            item: "",
            state: "",
            time: None,
            kind: "",
        });
    }
    let item = field(columns.item, "no item")?;
    let state = field(columns.state, "no state")?;
    let time_text = field(columns.time, "no time")?;
    let time = time::parse(time_text, offset).map_err(|message| {
        (
            "bad time",
            LogError {
                line,
                column: Some((columns.time + 1, columns.headers[columns.time].clone())),
                message: format!("{message}, or run with --skip-bad"),
            },
        )
    })?;
    let kind = match columns.kind {
        Some(index) => field(index, "type")?,
        None => "",
    };
    Ok(Row {
        item,
        state,
        time: Some(time),
        kind,
    })
}

fn type_index(types: &mut Vec<String>, kind: &str) -> u16 {
    match types.iter().position(|t| t == kind) {
        Some(index) => index as u16,
        None if types.len() < usize::from(NO_TYPE) => {
            types.push(kind.to_string());
            (types.len() - 1) as u16
        }
        None => NO_TYPE,
    }
}

fn csv_error(error: &csv::Error) -> LogError {
    LogError {
        line: error.position().map_or(0, |p| p.line()),
        column: None,
        message: format!("not readable as CSV: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, skip_bad: bool) -> Result<EventLog, LogError> {
        read(
            text.as_bytes(),
            ReadOptions {
                skip_bad,
                local_offset: 0,
            },
        )
    }

    #[test]
    fn finds_columns_by_tracker_names() {
        let jira = "Issue key,Summary,Issue Type,Status,Status Transition Date\n\
                    ABC-1,Login,Bug,In Progress,2024-03-01 10:00\n";
        let log = read_text(jira, false).unwrap();
        assert_eq!(log.states, ["In Progress"]);
        assert_eq!(log.types, ["Bug"]);
        let azure = "Work Item Id,Work Item Type,State,State Change Date\n\
                     42,User Story,Active,2024-03-01T10:00:00Z\n";
        assert_eq!(read_text(azure, false).unwrap().events.len(), 1);
        let snake = "\u{feff}ITEM,state,entered_at\nA,Doing,2024-03-01\n";
        assert_eq!(read_text(snake, false).unwrap().events.len(), 1);
    }

    #[test]
    fn a_column_read_twice_is_refused_with_both_numbers_and_others_may_repeat() {
        let error = read_text("item,State,at,state\nA,Doing,2024-03-01,Done\n", false).unwrap_err();
        assert_eq!(error.line, 1);
        assert_eq!(error.column, Some((4, "state".into())));
        assert!(
            error.message.contains("columns 2 and 4"),
            "{}",
            error.message
        );
        let jira = "item,state,at,Labels,Labels\nA,Doing,2024-03-01,x,y\n";
        assert_eq!(read_text(jira, false).unwrap().events.len(), 1);
    }

    #[test]
    fn a_missing_column_names_the_choices() {
        let error = read_text("item,state\nA,Doing\n", false).unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("no column for the time"));
        assert!(error.message.contains("status transition date"));
        assert!(error.message.contains("found: item, state"));
    }

    #[test]
    fn a_bad_row_stops_with_line_and_column_unless_skipped() {
        let text =
            "item,state,at\nA,Doing,2024-03-01\nB,,2024-03-01\nC,Doing,soon\nD,Doing,2024-03-02\n";
        let error = read_text(text, false).unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.column, Some((2, "state".into())));
        assert_eq!(
            error.describe("log.csv"),
            "log.csv: line 3, column 2 (state): no state: fill it in, or run with --skip-bad"
        );
        let log = read_text(text, true).unwrap();
        assert_eq!(log.events.len(), 2);
        assert_eq!(log.skipped.get("no state"), Some(&1));
        assert_eq!(log.skipped.get("bad time"), Some(&1));
        let error =
            read_text("item,state,at\nA,Doing,2024-03-01\nC,Doing,soon\n", false).unwrap_err();
        assert_eq!((error.line, error.column.unwrap().0), (3, 3));
    }

    #[test]
    fn orders_each_items_events_by_time_keeping_ties() {
        let text = "item,state,at\nA,Review,2024-03-02\nB,Doing,2024-03-01\nA,Doing,2024-03-01\nA,Done,2024-03-02\n";
        let log = read_text(text, false).unwrap();
        assert_eq!(log.out_of_order, 1);
        let a: Vec<&str> = log.events[log.item_events[0].clone()]
            .iter()
            .map(|e| log.states[usize::from(e.state)].as_str())
            .collect();
        assert_eq!(a, ["Doing", "Review", "Done"]);
        assert_eq!(log.item_events[1].len(), 1);
    }
}
