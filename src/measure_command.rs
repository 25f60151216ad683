//! `vsm measure FILE.ron --events LOG.csv | --git REPO`: reads the log (or derives it from the
//! repository), maps its states to the session's steps and prints the figures.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::export;
use crate::measure::{self, FlowOptions, ReadOptions};
use crate::model::{Period, Session};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct MeasureArgs {
    /// The event log: CSV with columns item, state, time (and optionally type, title).
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
}

/// Seconds east of UTC of this computer's time zone now: times without an offset are local.
pub fn local_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// Reads a CSV log from a file, with the file's name in every message.
pub fn read_events(path: &Path, options: ReadOptions) -> Result<measure::EventLog, String> {
    let cannot = |e: std::io::Error| format!("{}: cannot read: {e}", path.display());
    // Streamed, not capped (logs are large), but never a pipe or a device: the app would wait.
    let file = crate::session::disk::open_for_reading(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(format!(
            "{}: is not a regular file (a folder, pipe or device): give the path of a CSV log",
            path.display()
        ));
    }
    let log = measure::read(std::io::BufReader::new(file), options)
        .map_err(|e| e.describe(&path.display().to_string()))?;
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
pub fn load_into(app: &mut crate::app::App, source: String) {
    match load(&source, app_read_options(app)) {
        Ok((source, log)) => app.log_loaded(source, Ok(log)),
        Err(error) => app.log_loaded(source, Err(error)),
    }
}

/// How the app reads a log: bad rows skipped and counted, times without an offset local.
pub fn app_read_options(app: &crate::app::App) -> ReadOptions {
    ReadOptions {
        skip_bad: true,
        local_offset: app.measuring.local_offset,
    }
}

/// Reads the log named by `source`: a CSV file, or `git:` and a repository. Returns the source
/// as it should be remembered (an absolute path when the file was found) and the log.
pub fn load(source: &str, read: ReadOptions) -> Result<(String, measure::EventLog), String> {
    load_watched(source, read, &mut crate::gitlog::Quiet)
}

/// [`load`], telling `progress` how reading a repository goes (and stopping when it says so).
pub fn load_watched(
    source: &str,
    read: ReadOptions,
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

/// Measures `session` (read from `session_file`, never written over by the log) in place and
/// returns what to print.
pub fn run(
    session: &mut Session,
    session_file: Option<&Path>,
    args: &MeasureArgs,
) -> Result<String, String> {
    let read = ReadOptions {
        skip_bad: args.skip_bad,
        local_offset: local_offset(),
    };
    let (log, source) = match (&args.events, &args.git) {
        (Some(events), None) => (read_events(events, read)?, events.display().to_string()),
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
            let log = measure::read(csv.as_bytes(), read)
                .map_err(|e| e.describe(&format!("log derived from {}", repo.display())))?;
            (log, format!("git:{}", repo.display()))
        }
        _ => return Err("give either --events LOG.csv or --git REPOSITORY".into()),
    };
    let options = FlowOptions {
        period: args.period,
        since: args.since,
        local_offset: read.local_offset,
    };
    measure::apply(session, &log, source, options);
    Ok(if args.json {
        serde_json::to_string_pretty(&export::measured::json(session)).expect("figures serialize")
            + "\n"
    } else {
        export::measured::table(session)
    })
}
