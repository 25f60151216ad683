//! Reading an event log: rows of item, state and time (optionally type and title) from a CSV
//! export (columns found by header name, see `columns`) or from Jira's REST JSON (see
//! `jira_json`). Streams the input; keeps one small record per event and nothing of the titles.
//! Says what it read: the columns, the separator, the time formats and the zone.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};

use super::columns::{self, Chosen, Named};
use super::records::{self, FIELD_CAP, Problem, Record, Records};
use super::time::{self, DateOrder, Format, Seconds, Stamp, Zone};
use crate::model::measured::LogReading;

pub use super::columns::{ITEM_NAMES, TIME_NAMES, TITLE_NAMES, TYPE_NAMES};

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
    /// What was read and how.
    pub reading: LogReading,
}

/// How to read a log. The default reads times without an offset as UTC (tests); the command
/// line and the app give this computer's zone or `--tz`.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Skip bad rows (counted by reason) instead of stopping at the first.
    pub skip_bad: bool,
    /// Whose local time a time without an offset is.
    pub zone: Zone,
    /// Day/month order of dates like 03/04/2024, when the file alone cannot say.
    pub date_order: Option<DateOrder>,
    /// Columns named by the facilitator.
    pub columns: Named,
}

/// Where a log is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogError {
    /// The file's line; 0 when the problem has no line (JSON, a whole-file question).
    pub line: u64,
    /// 1-based column number and its header name, when the problem is one field.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl LogError {
    /// "LOG.csv: line 7, column 5 (at): ..."
    pub fn describe(&self, file: &str) -> String {
        match (&self.column, self.line) {
            (Some((number, name)), line) => format!(
                "{file}: line {line}, column {number} ({name}): {}",
                self.message
            ),
            (None, 0) => format!("{file}: {}", self.message),
            (None, line) => format!("{file}: line {line}: {}", self.message),
        }
    }

    fn whole(message: String) -> LogError {
        LogError {
            line: 0,
            column: None,
            message,
        }
    }
}

/// A time read as local: converted under the zone once the whole file has been read.
const LOCAL: u8 = 1;
/// A `d/M` date read day first that the file may say is month first.
const EITHER: u8 = 2;

/// Collects events from any reader and finishes them into an `EventLog`.
pub(super) struct Builder<'o> {
    options: &'o ReadOptions,
    log: EventLog,
    items: HashMap<Box<str>, u32>,
    states: HashMap<Box<str>, u16>,
    /// Per event while reading: LOCAL and EITHER (from the first event that needs one).
    pending: Vec<u8>,
    settling: bool,
    /// The formats seen, one bit each (`Format as u16`).
    formats: u16,
    day_first: Option<u64>,
    month_first: Option<u64>,
    either: Option<u64>,
}

impl<'o> Builder<'o> {
    pub(super) fn new(options: &'o ReadOptions) -> Builder<'o> {
        Builder {
            options,
            log: EventLog::default(),
            items: HashMap::new(),
            states: HashMap::new(),
            pending: Vec::new(),
            settling: false,
            formats: 0,
            day_first: None,
            month_first: None,
            either: None,
        }
    }

    pub(super) fn skip(&mut self, reason: &str) {
        *self.log.skipped.entry(reason.to_string()).or_default() += 1;
    }

    pub(super) fn reading(&mut self) -> &mut LogReading {
        &mut self.log.reading
    }

    /// One event; `line` for messages.
    pub(super) fn push(
        &mut self,
        line: u64,
        item: &str,
        state: &str,
        stamp: Stamp,
        kind: &str,
    ) -> Result<(), String> {
        let item = match self.items.get(item) {
            Some(item) => *item,
            None => {
                let index = self.log.item_types.len() as u32;
                self.items.insert(item.into(), index);
                self.log.item_types.push(NO_TYPE);
                index
            }
        };
        let state = match self.states.get(state) {
            Some(state) => *state,
            None => {
                let Ok(index) = u16::try_from(self.log.states.len()) else {
                    return Err(
                        "more than 65,000 different states: is this the state column? \
                                (--column state=NAME says which)"
                            .into(),
                    );
                };
                self.states.insert(state.into(), index);
                self.log.states.push(state.to_string());
                index
            }
        };
        let index = item as usize;
        if self.log.item_types[index] == NO_TYPE && !kind.is_empty() {
            self.log.item_types[index] = type_index(&mut self.log.types, kind);
        }
        self.formats |= 1 << stamp.format as u16;
        match stamp.format {
            Format::DayMonth => {
                self.day_first.get_or_insert(line);
            }
            Format::MonthDay => {
                self.month_first.get_or_insert(line);
            }
            _ => {}
        }
        let mut flags = 0;
        if stamp.either_order {
            self.either.get_or_insert(line);
            flags |= EITHER;
        }
        let at = match stamp.offset {
            Some(offset) => stamp.civil - Seconds::from(offset),
            None => {
                flags |= LOCAL;
                stamp.civil
            }
        };
        // Kept only once a time needs settling: a log whose times all have offsets spends
        // nothing on it.
        if flags != 0 && !self.settling {
            self.settling = true;
            self.pending.resize(self.log.events.len(), 0);
        }
        if self.settling {
            self.pending.push(flags);
        }
        self.log.events.push(Event { item, state, at });
        Ok(())
    }

    /// Settles the day/month order by the whole file, makes local times points in time,
    /// orders each item's events by time and counts duplicates.
    pub(super) fn finish(self) -> Result<EventLog, LogError> {
        let Builder {
            options,
            mut log,
            pending,
            formats,
            day_first,
            month_first,
            either,
            ..
        } = self;
        let month_first_file = match (options.date_order, day_first, month_first, either) {
            (Some(order), ..) => order == DateOrder::Mdy,
            (None, Some(day), Some(month), _) => {
                return Err(LogError::whole(format!(
                    "dates are day first on line {day} and month first on line {month}: \
                     make them one order, or say which with --date-order dmy|mdy \
                     (rows that do not fit are then bad rows)"
                )));
            }
            (None, None, Some(_), _) => true,
            (None, Some(_), None, _) => false,
            (None, None, None, Some(line)) => {
                return Err(LogError::whole(format!(
                    "dates such as the one on line {line} could be day/month or month/day and no \
                     row says which: run with --date-order dmy (3/4 is 3 April) or \
                     --date-order mdy (3/4 is March 4)"
                )));
            }
            (None, None, None, None) => false,
        };
        let mut formats: BTreeSet<Format> = Format::ALL
            .into_iter()
            .filter(|f| formats & (1 << *f as u16) != 0)
            .collect();
        if formats.remove(&Format::Slashed) {
            formats.insert(if month_first_file {
                Format::MonthDay
            } else {
                Format::DayMonth
            });
        }
        let zone = &options.zone;
        let mut local = false;
        for (event, flags) in log.events.iter_mut().zip(&pending) {
            if flags & EITHER != 0 && month_first_file {
                event.at = time::swap_day_and_month(event.at);
            }
            if flags & LOCAL != 0 {
                local = true;
                event.at = zone.utc_of(event.at);
            }
        }
        drop(pending);
        let reading = &mut log.reading;
        reading.formats = formats.iter().map(|f| f.name().to_string()).collect();
        reading.zone = zone.name().to_string();
        reading.local_times = local;
        reading.date_order = options.date_order;

        let mut last_at = vec![Seconds::MIN; log.item_types.len()];
        let mut unordered = vec![false; log.item_types.len()];
        for event in &log.events {
            let index = event.item as usize;
            if event.at < last_at[index] {
                unordered[index] = true;
            }
            last_at[index] = last_at[index].max(event.at);
        }
        log.out_of_order = unordered.iter().filter(|u| **u).count();
        drop((last_at, unordered));
        // A stable sort keeps the file's order for events at the same time; a log already in
        // order (by item, then time) is not sorted, so it needs no sorting buffer.
        if !log.events.is_sorted_by_key(|e| (e.item, e.at)) {
            log.events.sort_by_key(|e| (e.item, e.at));
        }
        let mut kept = 0;
        for i in 0..log.events.len() {
            let event = log.events[i];
            let repeated = log.events[..kept]
                .iter()
                .rev()
                .take_while(|k| k.item == event.item && k.at == event.at)
                .any(|k| k.state == event.state);
            if repeated {
                log.reading.duplicates += 1;
            } else {
                log.events[kept] = event;
                kept += 1;
            }
        }
        log.events.truncate(kept);
        log.events.shrink_to_fit();
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
}

/// Reads a log: Jira's REST JSON when it starts with `{` or `[`, else CSV. Bad rows stop the
/// read with their line and column, or are skipped and counted by reason when
/// `options.skip_bad`.
pub fn read(input: impl Read, options: &ReadOptions) -> Result<EventLog, LogError> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let start = input
        .fill_buf()
        .map_err(|e| LogError::whole(format!("cannot read: {e}")))?;
    let start = start.strip_prefix("\u{feff}".as_bytes()).unwrap_or(start);
    if let Some(first) = start.iter().find(|c| !c.is_ascii_whitespace())
        && matches!(first, b'{' | b'[')
    {
        return super::jira_json::read(input, options);
    }
    read_csv(input, options)
}

fn read_csv(input: impl BufRead, options: &ReadOptions) -> Result<EventLog, LogError> {
    let mut records = Records::new(input);
    let mut record = Record::default();
    let header = match records.next_into(&mut record) {
        None => return Err(LogError::whole("empty: no header row, no events".into())),
        Some(Err(problem)) => {
            return Err(LogError {
                line: record.line,
                column: None,
                message: format!("the header row is not readable: {}", describe(&problem)),
            });
        }
        Some(Ok(())) => record
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect::<Vec<_>>(),
    };
    records.width = header.len();
    let chosen = columns::choose(header, &options.columns).map_err(|message| LogError {
        line: 1,
        column: None,
        message,
    })?;
    let header_keys: Vec<String> = chosen.headers.iter().map(|h| columns::key(h)).collect();
    // Only a column vsm reads may not be there twice: tracker exports repeat others (Jira's
    // Labels, Sprint), which are never read.
    let read_columns = [
        Some(chosen.item),
        Some(chosen.state),
        Some(chosen.time),
        chosen.kind,
        chosen.title,
    ];
    for read in read_columns.into_iter().flatten() {
        let twice: Vec<usize> = (0..header_keys.len())
            .filter(|&j| header_keys[j] == header_keys[read])
            .collect();
        if let [first, .., last] = twice[..] {
            let name = chosen.name(last).to_string();
            return Err(LogError {
                line: 1,
                column: Some((last + 1, name.clone())),
                message: format!(
                    "the column '{name}' is in the header twice (columns {} and {}): keep one and remove or rename the other",
                    first + 1,
                    last + 1
                ),
            });
        }
    }
    let mut builder = Builder::new(options);
    *builder.reading() = LogReading {
        item: chosen.name(chosen.item).into(),
        state: chosen.name(chosen.state).into(),
        time: chosen.name(chosen.time).into(),
        kind: chosen.kind.map(|k| chosen.name(k).into()),
        title: chosen.title.map(|t| chosen.name(t).into()),
        current_state: chosen.current_state.map(|c| chosen.name(c).into()),
        separator: match records.separator {
            b';' => ";".into(),
            b'\t' => "tab".into(),
            _ => ",".into(),
        },
        ..LogReading::default()
    };
    while let Some(result) = records.next_into(&mut record) {
        let line = record.line;
        let outcome = match result {
            Err(problem) => Err((
                reason(&problem),
                LogError {
                    line,
                    column: None,
                    message: format!("{}, or run with --skip-bad", describe(&problem)),
                },
            )),
            Ok(()) => row(&record, &chosen, &header_keys, options, &mut builder),
        };
        if let Err((reason, error)) = outcome {
            if options.skip_bad {
                builder.skip(reason);
                continue;
            }
            return Err(error);
        }
    }
    builder.finish()
}

fn reason(problem: &Problem) -> &'static str {
    match problem {
        Problem::TooLong(_) => "row over 1 MiB",
        Problem::UnbalancedQuote => "unbalanced quote",
        Problem::Unreadable(_) => "unreadable",
    }
}

fn describe(problem: &Problem) -> String {
    match problem {
        Problem::TooLong(start) => format!(
            "a row of more than {} MiB starting '{start}': is this an event log?",
            records::LINE_CAP >> 20
        ),
        Problem::UnbalancedQuote => "an unbalanced quote (\") in this row: close it or remove it \
             (the rows after it are read on their own)"
            .into(),
        Problem::Unreadable(error) => format!("cannot read: {error}"),
    }
}

type Bad = (&'static str, LogError);

/// Reads one record into the builder: nothing for a blank row or a repeated header.
fn row(
    record: &Record,
    chosen: &Chosen,
    header_keys: &[String],
    options: &ReadOptions,
    builder: &mut Builder,
) -> Result<(), Bad> {
    let line = record.line;
    if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return Ok(());
    }
    let error = |index: usize, message: String| LogError {
        line,
        column: Some((index + 1, chosen.name(index).to_string())),
        message,
    };
    if let Some(big) = record.oversized() {
        let index = record
            .iter()
            .position(|f| f.len() == big.len())
            .unwrap_or(0);
        return Err((
            "field over 64 KiB",
            error(
                index,
                format!(
                    "a field of {} bytes starting '{}' (fields are at most {} KiB): is this \
                     the right column? or run with --skip-bad",
                    big.len(),
                    records::prefix(big),
                    FIELD_CAP >> 10
                ),
            ),
        ));
    }
    let text = |index: usize| -> Result<&str, Bad> {
        let bytes = record.get(index).unwrap_or_default();
        std::str::from_utf8(bytes).map(str::trim).map_err(|_| {
            (
                "not UTF-8 text",
                error(index, "not UTF-8 text: save the log as CSV UTF-8".into()),
            )
        })
    };
    let needed = |index: usize, what: &'static str| -> Result<&str, Bad> {
        let value = text(index)?;
        if value.is_empty() {
            return Err((
                what,
                error(index, format!("{what}: fill it in, or run with --skip-bad")),
            ));
        }
        Ok(value)
    };
    let item = needed(chosen.item, "no item")?;
    if item.eq_ignore_ascii_case(chosen.name(chosen.item))
        && record.len() == header_keys.len()
        && record
            .iter()
            .zip(header_keys)
            .all(|(f, k)| columns::key(&String::from_utf8_lossy(f)) == *k)
    {
        builder.reading().repeated_headers += 1;
        return Ok(());
    }
    let state = needed(chosen.state, "no state")?;
    let time_text = needed(chosen.time, "no time")?;
    let stamp = time::read(time_text, options.date_order).map_err(|message| {
        (
            "bad time",
            error(chosen.time, format!("{message}, or run with --skip-bad")),
        )
    })?;
    let kind = match chosen.kind {
        Some(index) => text(index)?,
        None => "",
    };
    builder
        .push(line, item, state, stamp, kind)
        .map_err(|message| ("too many states", error(chosen.state, message)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, skip_bad: bool) -> Result<EventLog, LogError> {
        read(
            text.as_bytes(),
            &ReadOptions {
                skip_bad,
                ..ReadOptions::default()
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
        assert_eq!(log.reading.title.as_deref(), Some("Summary"));
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

    #[test]
    fn a_field_over_the_cap_is_a_bad_row_quoting_its_start() {
        let text = format!(
            "item,state,at\nA,Doing,{}\nB,Doing,2024-03-01\n",
            "7".repeat(70_000)
        );
        let error = read_text(&text, false).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(
            error
                .message
                .contains("a field of 70000 bytes starting '7777"),
            "{}",
            error.message
        );
        assert!(error.message.len() < 300);
        let log = read_text(&text, true).unwrap();
        assert_eq!(
            (log.events.len(), log.skipped.get("field over 64 KiB")),
            (1, Some(&1))
        );
    }

    #[test]
    fn day_and_month_are_settled_by_the_whole_file_or_refused() {
        let text = "item,state,at\nA,Doing,03/04/2024\nA,Done,04/13/2024\n";
        let log = read_text(text, false).unwrap();
        assert_eq!(log.reading.formats, ["M/d/yyyy"]);
        let a = &log.events;
        assert_eq!(a[1].at - a[0].at, 40 * 86_400, "4 March to 13 April");
        let error = read_text("item,state,at\nA,Doing,03/04/2024\n", false).unwrap_err();
        assert!(
            error.message.contains("--date-order dmy"),
            "{}",
            error.message
        );
        let mixed = "item,state,at\nA,Doing,13/04/2024\nA,Done,04/13/2024\n";
        let error = read_text(mixed, true).unwrap_err();
        assert!(
            error
                .message
                .contains("day first on line 2 and month first on line 3")
        );
    }
}
