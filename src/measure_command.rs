//! `vsm measure FILE.ron --events LOG.csv | --git REPO`: reads the log (or derives it from the
//! repository), maps its states to the session's steps and prints the figures.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::export;
use crate::measure::columns::Named;
use crate::measure::time::Zone;
use crate::measure::{self, FlowOptions, ReadOptions, Said};
use crate::model::measured::{DateOrder, DoneAt};
use crate::model::{Period, Session};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct MeasureArgs {
    /// The event log: a CSV export (`,` `;` or tab) with columns for item, state and time (and
    /// optionally type and title), Jira's REST search JSON with expand=changelog, or - for stdin.
    #[arg(long, conflicts_with = "git")]
    pub events: Option<PathBuf>,
    /// Derive the log from this repository's merged pull requests.
    #[arg(long)]
    pub git: Option<PathBuf>,
    /// Skip bad rows (counted by reason) instead of stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,
    /// One JSON object instead of a table (hours are elapsed hours).
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub period: Period,
    /// Count only items that started on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// With --git: also take merges reached through second parents, not only the main line's.
    #[arg(long, requires = "git")]
    pub all_merges: bool,
    /// With --git: also write the derived log to this CSV file.
    #[arg(long, requires = "git")]
    pub write_log: Option<PathBuf>,
    /// Keep the mapping and the figures in the session file.
    #[arg(long)]
    pub save: bool,
    /// Say which column is which, e.g. --column "state=To Status,time=Date" (roles: item,
    /// state, time, type, title).
    #[arg(long, value_name = "ROLE=NAME,...")]
    pub column: Option<String>,
    /// The states that mean done (instead of those whose names say so).
    #[arg(long, value_name = "STATE,...", value_delimiter = ',')]
    pub done: Vec<String>,
    /// The states that are active work.
    #[arg(long, value_name = "STATE,...", value_delimiter = ',')]
    pub active: Vec<String>,
    /// The states that are waiting.
    #[arg(long, value_name = "STATE,...", value_delimiter = ',')]
    pub waiting: Vec<String>,
    /// The states that mean an item was dropped (removed, cancelled, won't do, duplicate):
    /// such items leave every figure and are counted.
    #[arg(long, value_name = "STATE,...", value_delimiter = ',')]
    pub dropped: Vec<String>,
    /// Where flow time ends for an item done, reopened and done again.
    #[arg(long, value_enum)]
    pub done_at: Option<DoneAt>,
    /// Day/month order of dates like 03/04/2024, when no row of the file settles it.
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrder>,
    /// Whose local time a time without an offset is (IANA name, e.g. Europe/Berlin); default
    /// this computer's zone (TZ or /etc/localtime).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

/// Seconds east of UTC of this computer's time zone now: days and periods are local.
pub fn local_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// Reads a log from a file (or stdin for `-`), with the file's name in every message.
pub fn read_events(path: &Path, options: &ReadOptions) -> Result<measure::EventLog, String> {
    if path == Path::new("-") {
        let log =
            measure::read(std::io::stdin().lock(), options).map_err(|e| e.describe("stdin"))?;
        return with_events(log, "stdin");
    }
    let cannot = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
    // Streamed, not capped (logs are large), but never a pipe or a device: the app would wait.
    let file = crate::session::disk::open_for_reading(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(format!(
            "{}: is not a regular file (a folder, pipe or device): give the path of a CSV log",
            path.display()
        ));
    }
    let log = measure::read(file, options).map_err(|e| e.describe(&path.display().to_string()))?;
    with_events(log, &path.display().to_string())
}

/// A log with no events measures nothing: said plainly instead of a report of zeros.
fn with_events(log: measure::EventLog, source: &str) -> Result<measure::EventLog, String> {
    if !log.events.is_empty() {
        return Ok(log);
    }
    let reasons: Vec<String> = log
        .skipped
        .iter()
        .map(|(why, count)| format!("{count} {why}"))
        .collect();
    Err(if !reasons.is_empty() {
        format!(
            "{source}: every row was bad ({}): nothing to measure",
            reasons.join(", ")
        )
    } else {
        format!("{source}: no events (only a header, or nothing): nothing to measure")
    })
}

/// The app's `E`: reads the log it named (bad rows skipped and counted) and hands it over.
/// A log read before from the same source is read the same way (its columns, day/month
/// order and zone).
pub fn load_into(app: &mut crate::app::App, source: String) {
    match load(&source, &app_read_options(app, &source)) {
        Ok((source, log)) => app.log_loaded(source, Ok(log)),
        Err(error) => app.log_loaded(source, Err(error)),
    }
}

/// How the app reads `source` (from the event loop's reading thread too).
pub fn app_read_options(app: &crate::app::App, source: &str) -> ReadOptions {
    read_again(app.session().measured.as_deref(), source)
}

/// How the app reads `source`: as it was read last time when it is the session's source,
/// else every column found by name and times without an offset in this computer's zone.
pub fn read_again(measured: Option<&crate::model::Measured>, source: &str) -> ReadOptions {
    let mut read = ReadOptions {
        skip_bad: true,
        zone: Zone::machine(),
        ..ReadOptions::default()
    };
    let same = measured.filter(|m| {
        m.source == source
            || std::fs::canonicalize(source.trim())
                .is_ok_and(|p| p.display().to_string() == m.source)
    });
    if let Some(reading) = same.and_then(|m| m.reading.as_ref())
        && reading.separator != "Jira JSON"
    {
        read.columns = Named {
            item: Some(reading.item.clone()),
            state: Some(reading.state.clone()),
            time: Some(reading.time.clone()),
            kind: reading.kind.clone(),
            title: reading.title.clone(),
        };
        read.date_order = reading.date_order;
        if let Ok(zone) = Zone::named(&reading.zone) {
            read.zone = zone;
        }
    }
    read
}

/// Reads the log named by `source`: a CSV file, or `git:` and a repository. Returns the source
/// as it should be remembered (an absolute path when the file was found) and the log.
pub fn load(source: &str, read: &ReadOptions) -> Result<(String, measure::EventLog), String> {
    load_watched(source, read, &mut crate::gitlog::Quiet)
}

/// [`load`], telling `progress` how reading a repository goes (and stopping when it says so).
pub fn load_watched(
    source: &str,
    read: &ReadOptions,
    progress: &mut dyn crate::gitlog::Progress,
) -> Result<(String, measure::EventLog), String> {
    if let Some(repo) = source.strip_prefix("git:") {
        let repo = Path::new(repo.trim());
        let events = crate::gitlog::derive_with(repo, None, false, progress)?;
        let csv = crate::gitlog::to_csv(&events);
        let log = measure::read(csv.as_bytes(), read)
            .map_err(|e| e.describe(&format!("log derived from {}", repo.display())))?;
        let repo = std::fs::canonicalize(repo).unwrap_or_else(|_| repo.to_path_buf());
        return Ok((format!("git:{}", repo.display()), log));
    }
    let path = Path::new(source.trim());
    let log = read_events(path, read)?;
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok((path.display().to_string(), log))
}

/// How the command line reads a log: its flags, or what was found by name.
fn read_options(args: &MeasureArgs) -> Result<ReadOptions, String> {
    Ok(ReadOptions {
        skip_bad: args.skip_bad,
        zone: match &args.tz {
            Some(name) => Zone::named(name).map_err(|e| format!("--tz: {e}"))?,
            None => Zone::machine(),
        },
        date_order: args.date_order,
        columns: match &args.column {
            Some(text) => Named::parse(text)?,
            None => Named::default(),
        },
    })
}

/// Measures `session` (read from `session_file`, never written over by the log) in place and
/// returns what to print.
pub fn run(
    session: &mut Session,
    session_file: Option<&Path>,
    args: &MeasureArgs,
) -> Result<String, String> {
    let read = read_options(args)?;
    let (log, source) = match (&args.events, &args.git) {
        (Some(events), None) => (
            read_events(events, &read)?,
            if events == Path::new("-") {
                "stdin".to_string()
            } else {
                events.display().to_string()
            },
        ),
        (None, Some(repo)) => {
            let events = crate::gitlog::derive_with(
                repo,
                args.since,
                args.all_merges,
                &mut crate::gitlog::Quiet,
            )?;
            let csv = crate::gitlog::to_csv(&events);
            if let Some(out) = &args.write_log {
                let how = crate::session::writer::How::named(session_file);
                crate::session::writer::write(out, csv.as_bytes(), &how)
                    .map_err(|e| e.to_string())?;
            }
            let log = measure::read(csv.as_bytes(), &read)
                .map_err(|e| e.describe(&format!("log derived from {}", repo.display())))?;
            (log, format!("git:{}", repo.display()))
        }
        _ => return Err("give either --events LOG.csv or --git REPOSITORY".into()),
    };
    let options = FlowOptions {
        period: args.period,
        since: args.since,
        // Days and periods are those of the zone the times were read in.
        local_offset: read.zone.offset_at(chrono::Utc::now().timestamp()),
        done_at: DoneAt::default(),
    };
    let said = Said {
        done: args.done.clone(),
        active: args.active.clone(),
        waiting: args.waiting.clone(),
        dropped: args.dropped.clone(),
        done_at: args.done_at,
    };
    measure::apply_saying(session, &log, source, options, &said)?;
    Ok(if args.json {
        serde_json::to_string_pretty(&export::measured::json(session)).expect("figures serialize")
            + "\n"
    } else {
        export::measured::table(session)
    })
}
