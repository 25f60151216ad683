use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use vsm::export::escape::terminal as shown;
use vsm::model::Session;
use vsm::runtime::Runtime;
use vsm::{export, session};

mod command_line;

/// Value stream mapping, live: build the map with the room and see lead time, process time and
/// efficiency change as you type.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Session file to open; a name that does not exist yet is created at the first change.
    /// Without it, the start screen opens.
    file: Option<PathBuf>,
    /// Start in presentation mode (big metrics, no editing chrome).
    #[arg(long)]
    present: bool,
    /// Colour theme (T in the app changes it and remembers the choice).
    #[arg(long, value_enum)]
    theme: Option<vsm::ui::theme::ThemeName>,
    /// Colours: auto (what the terminal supports, none with NO_COLOR), always, or never.
    #[arg(long, value_enum, default_value_t = vsm::app::colors::ColorChoice::Auto, global = true)]
    color: vsm::app::colors::ColorChoice,
    /// Write a debug log to vsm.log in the state folder (`vsm paths` shows it; VSM_LOG=debug
    /// does the same).
    #[arg(long, global = true)]
    debug: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a session's metrics without opening the app.
    Report {
        /// Session file, or - to read it from standard input.
        file: PathBuf,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a session as Markdown, HTML, SVG, plain text, Mermaid, CSV or JSON, or its action
    /// plan as a tracker CSV (actions).
    Export {
        /// Session file, or - to read it from standard input.
        file: PathBuf,
        /// What to write.
        #[arg(long, short, value_enum)]
        format: export::Format,
        /// Where to write; standard output when not given or -.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Line width of the text format, 40 or more.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(40..))]
        width: u16,
        /// Start CSV with a byte order mark, for spreadsheets that need one to read UTF-8.
        #[arg(long)]
        bom: bool,
    },
    /// Measure flow from an event log (CSV rows of item, state, time) or a git repository's
    /// merged pull requests, beside the map's estimates.
    Measure {
        file: PathBuf,
        #[command(flatten)]
        args: vsm::measure_command::MeasureArgs,
    },
    /// Make a session from a CSV step table (columns: step, lead_time, process_time,
    /// complete_accurate, owner, phase, parallel, queue_label, queue_items, map, id, from,
    /// rework_to, rework_wait, throughput, queue_time, annotations; comma or semicolon
    /// separated) or from a session exported as JSON.
    Import {
        /// CSV or JSON file (JSON: named .json or starting with `{`), or - for standard input.
        #[arg(value_name = "FILE")]
        csv: PathBuf,
        /// The session file to write (never over an existing file), or - for standard output;
        /// FILE.ron beside the CSV when not given.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Session title; the CSV file's name (or the JSON's title) when not given.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        calendar: CalendarArgs,
    },
    /// Print a completion script for a shell (e.g. `vsm completions bash > ~/.local/share/bash-completion/completions/vsm`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (e.g. `vsm man > ~/.local/share/man/man1/vsm.1`), or a command's
    /// (`vsm man report > ~/.local/share/man/man1/vsm-report.1`).
    Man {
        /// The command whose page to print (report, export, import, measure, ...).
        command: Option<String>,
    },
    /// Print every folder and file vsm uses: settings, sessions, recovery, log.
    Paths,
}

/// The work calendar of an imported session: what is given here wins over a JSON file's own;
/// a CSV gets the defaults for the rest.
#[derive(clap::Args)]
struct CalendarArgs {
    /// Working hours per day, 1 to 24: how d converts to hours [default: 8].
    #[arg(long)]
    hours_per_day: Option<f64>,
    /// Working days per week, 1 to 7: how w converts to days [default: 5].
    #[arg(long)]
    days_per_week: Option<f64>,
    /// The session's clock: working (the hours and days above) or elapsed (24 h, 7 d)
    /// [default: working].
    #[arg(long, value_parser = parse_clock)]
    clock: Option<vsm::model::Clock>,
    /// How queues count: check (against the waits) or included (added to lead time)
    /// [default: check].
    #[arg(long, value_parser = parse_queues)]
    queues: Option<vsm::model::QueueCounting>,
    /// Items a stage takes per day or week when a queue gives none, e.g. 920/d or 12/w.
    #[arg(long, value_parser = parse_throughput)]
    throughput: Option<vsm::model::Throughput>,
}

impl CalendarArgs {
    fn apply(&self, calendar: &mut vsm::model::WorkCalendar) {
        calendar.hours_per_day = self.hours_per_day.unwrap_or(calendar.hours_per_day);
        calendar.days_per_week = self.days_per_week.unwrap_or(calendar.days_per_week);
        calendar.clock = self.clock.unwrap_or(calendar.clock);
        calendar.queues = self.queues.unwrap_or(calendar.queues);
        calendar.throughput = self.throughput.or(calendar.throughput);
    }
}

fn parse_clock(text: &str) -> Result<vsm::model::Clock, String> {
    vsm::model::Clock::parse(text).ok_or_else(|| format!("'{text}': choose working or elapsed"))
}

fn parse_queues(text: &str) -> Result<vsm::model::QueueCounting, String> {
    vsm::model::QueueCounting::parse(text)
        .ok_or_else(|| format!("'{text}': choose check or included"))
}

fn parse_throughput(text: &str) -> Result<vsm::model::Throughput, String> {
    vsm::model::Throughput::parse(text)
}

fn main() -> ExitCode {
    if let Some(message) = command_line::mistyped_command(&Cli::command()) {
        let _ = writeln!(std::io::stderr(), "{}", shown(&message));
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return argument_error(&error),
    };
    let _log = vsm::logging::start(cli.debug, session::state_dir().as_deref());
    match cli.command {
        Some(Command::Report { file, json }) => report(&file, json),
        Some(Command::Export {
            file,
            format,
            output,
            width,
            bom,
        }) => export_session(&file, format, output, width, bom),
        Some(Command::Import {
            csv,
            output,
            title,
            calendar,
        }) => import(&csv, output, title, &calendar),
        Some(Command::Measure { file, args }) => measure(&file, &args),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "vsm", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Man { command }) => command_line::manual(Cli::command(), command.as_deref()),
        Some(Command::Paths) => {
            print!("{}", shown(&vsm::paths::describe(&Runtime::from_env())));
            ExitCode::SUCCESS
        }
        None => interactive(cli.file, cli.present, cli.theme, cli.color),
    }
}

/// What the command-line parser says (help, version, or a mistake), through the same filter
/// as every other message: a bad value's escapes are shown, never sent to the terminal.
fn argument_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let text = shown(&error.render().to_string());
    let shown_ok = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            write!(std::io::stdout(), "{text}").and_then(|_| std::io::stdout().flush())
        }
        _ => write!(std::io::stderr(), "{text}"),
    };
    let _ = shown_ok;
    ExitCode::from(error.exit_code().clamp(0, 255) as u8)
}

/// An error on standard error, made inert (file names and titles may hold terminal escapes).
fn fail(message: &str) -> ExitCode {
    // Never a panic when standard error is gone (a terminal closed under the app).
    let _ = writeln!(std::io::stderr(), "vsm: {}", shown(message));
    ExitCode::FAILURE
}

fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn load(file: &Path) -> Result<Session, ExitCode> {
    let loaded = if is_dash(file) {
        session::file::read_stdin()
    } else {
        session::load(file)
    };
    loaded.map_err(|error| fail(&error.to_string()))
}

/// Text for standard output: made inert when a person reads it in a terminal.
fn print_out(text: &str) -> ExitCode {
    let out = if std::io::stdout().is_terminal() {
        shown(text)
    } else {
        text.to_string()
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => fail(&format!("cannot write to standard output: {error}")),
    }
}

fn report(file: &Path, json: bool) -> ExitCode {
    let session = match load(file) {
        Ok(session) => session,
        Err(code) => return code,
    };
    if json {
        print_out(&export::report::json(&session))
    } else {
        print_out(&shown(&export::report::table(&session)))
    }
}

fn measure(file: &Path, args: &vsm::measure_command::MeasureArgs) -> ExitCode {
    let mut session = match load(file) {
        Ok(session) => session,
        Err(code) => return code,
    };
    let read = session.clone();
    let from = Some(file).filter(|f| !is_dash(f));
    let text = match vsm::measure_command::run(&mut session, from, args) {
        Ok(text) => text,
        Err(error) => return fail(&error),
    };
    let printed = print_out(&text);
    if args.save {
        if let Err(error) = save_measured(file, &read, &session) {
            return fail(&error);
        }
        let name = file.display().to_string();
        eprintln!("vsm: mapping and figures kept in {}", shown(&name));
    }
    printed
}

/// `measure --save`: written under the session's lock, never under an open vsm's feet, with
/// every check of the app's own saves (through a link to the real file, its mode kept, a
/// backup, never over a read-only file or a change made meanwhile).
fn save_measured(file: &Path, read: &Session, session: &Session) -> Result<(), String> {
    use vsm::session::{OpenFile, WriteError, lock};
    if is_dash(file) {
        return Err("--save writes the session file: give its path, not -".into());
    }
    let (mut open, on_disk) = OpenFile::open(file).map_err(|e| e.to_string())?;
    match open.lock() {
        Ok(()) => {}
        Err(lock::Refused::Held(holder)) => {
            let who = holder.map(|h| format!(" ({})", h.describe()));
            return Err(format!(
                "{} is open in another vsm{}: load the log there with E; nothing was written",
                file.display(),
                who.unwrap_or_default()
            ));
        }
        // No lock file can be made here (a read-only folder...): the write says what is wrong.
        Err(lock::Refused::Unusable(_)) => {}
    }
    let written = if &on_disk != read {
        Err(WriteError::Changed)
    } else {
        open.write(session).map(|_| ())
    };
    open.release();
    written.map_err(|error| match error {
        WriteError::Changed => format!(
            "{} was changed by another program while measuring: nothing was written; run the command again",
            file.display()
        ),
        WriteError::ReadOnly(why) => format!(
            "{why}: make it writable (chmod u+w) to keep the figures; nothing was written"
        ),
        other => format!("{other}; nothing was written"),
    })
}

fn export_session(
    file: &Path,
    format: export::Format,
    output: Option<PathBuf>,
    width: u16,
    bom: bool,
) -> ExitCode {
    let session = match load(file) {
        Ok(session) => session,
        Err(code) => return code,
    };
    let mut text = export::render(&session, format, width);
    if format == export::Format::Text {
        // Plain text is read in terminals, chats and mails: never with escapes in it.
        text = shown(&text);
    }
    if bom && format == export::Format::Csv {
        text.insert(0, '\u{feff}');
    }
    match output.filter(|path| !is_dash(path)) {
        None => print_out(&text),
        Some(path) => {
            // Never over the session file; through a link the user gave, to a regular file.
            let how = session::writer::How::named(Some(file).filter(|f| !is_dash(f)));
            match session::writer::write(&path, text.as_bytes(), &how) {
                Ok(_) => {
                    eprintln!("vsm: wrote {}", shown(&path.display().to_string()));
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error.to_string()),
            }
        }
    }
}

fn import(
    csv: &Path,
    output: Option<PathBuf>,
    title: Option<String>,
    flags: &CalendarArgs,
) -> ExitCode {
    let limit = session::disk::MAX_FILE_BYTES;
    let (bytes, source) = if is_dash(csv) {
        (
            session::disk::read_stdin_capped(limit),
            "standard input".to_string(),
        )
    } else {
        (
            session::disk::read_capped(csv, limit),
            csv.display().to_string(),
        )
    };
    let text = match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            return fail(&format!(
                "{source}: is not UTF-8 text: save the spreadsheet as CSV UTF-8"
            ));
        }
        Err(error) => return fail(&format!("{source}: {}", error.message(limit))),
    };
    let file_title = csv
        .file_stem()
        .filter(|_| !is_dash(csv))
        .map(|s| s.to_string_lossy().to_string());
    let imported = if export::json::is_json(&source, &text) {
        export::json::import(&text, &source).and_then(|mut session| {
            session.title = title.unwrap_or(session.title);
            flags.apply(&mut session.calendar);
            session
                .validate()
                .map(|()| session)
                .map_err(|message| export::csv::ImportError {
                    source: source.clone(),
                    line: None,
                    column: None,
                    message,
                })
        })
    } else {
        let mut calendar = vsm::model::WorkCalendar::default();
        flags.apply(&mut calendar);
        let title = title
            .or(file_title)
            .unwrap_or_else(|| "Imported map".into());
        let options = export::csv::ImportOptions { title, calendar };
        export::csv::import(&text, &source, options)
    };
    let session = match imported {
        Ok(session) => session,
        Err(error) => {
            fail(&error.to_string());
            eprintln!("vsm: nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let output = match output {
        Some(path) => path,
        None if is_dash(csv) => PathBuf::from("-"),
        None => csv.with_extension("ron"),
    };
    if is_dash(&output) {
        return print_out(&session::to_ron(&session));
    }
    if session::disk::is_taken(&output) {
        return fail(&format!(
            "{} exists: choose another file with -o, nothing was written",
            output.display()
        ));
    }
    match session::file::save_new(&output, &session) {
        Ok(()) => {
            eprintln!(
                "vsm: wrote {} ({} steps)",
                shown(&output.display().to_string()),
                session.current.step_count()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

fn interactive(
    file: Option<PathBuf>,
    present: bool,
    theme: Option<vsm::ui::theme::ThemeName>,
    color: vsm::app::colors::ColorChoice,
) -> ExitCode {
    // Checked before anything is read or written: without a terminal there is no app.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "vsm: no terminal to draw on: for output without the app use `vsm report FILE` or `vsm export FILE --format text`"
        );
        return ExitCode::from(2);
    }
    let runtime = Runtime::from_env();
    let mut app = runtime.start_app();
    app.viewer.presenting = present;
    if let Some(theme) = theme {
        app.viewer.theme = theme;
    }
    let colors = vsm::app::colors::detect(color, |name| std::env::var_os(name));
    app.viewer.no_color = colors == vsm::app::colors::Colors::None;
    app.viewer.colors = colors;
    vsm::tui::colors_as_drawn();
    if let Some(path) = file {
        runtime.open_or_new(&mut app, &path);
    }
    match vsm::tui::run(app, &runtime) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&format!("terminal error: {error}")),
    }
}
