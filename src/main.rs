use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vsm::model::Session;
use vsm::runtime::Runtime;
use vsm::{export, session};

/// Value stream mapping, live: build the map with the room and see lead time, process time and
/// efficiency change as you type.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Session file to open (created if missing). Without it, the start screen opens.
    file: Option<PathBuf>,
    /// Start in presentation mode (big metrics, no editing chrome).
    #[arg(long)]
    present: bool,
    /// Colour theme (remembered when changed with T in the app).
    #[arg(long, value_enum)]
    theme: Option<vsm::ui::theme::ThemeName>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a session's metrics without opening the app.
    Report {
        file: PathBuf,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a session as Markdown, HTML, SVG, plain text, Mermaid, CSV or JSON.
    Export {
        file: PathBuf,
        #[arg(long, short, value_enum)]
        format: export::Format,
        /// Where to write; standard output when not given.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Line width of the text format.
        #[arg(long, default_value_t = 100)]
        width: u16,
    },
    /// Measure flow from an event log (CSV rows of item, state, time) or a git repository's
    /// merged pull requests, beside the map's estimates.
    Measure {
        file: PathBuf,
        #[command(flatten)]
        args: vsm::measure_command::MeasureArgs,
    },
    /// Make a session from a CSV step table (columns: step, lead_time, process_time,
    /// complete_accurate, owner, phase, parallel, queue_label, queue_items, map).
    Import {
        csv: PathBuf,
        /// The session file to write; FILE.ron beside the CSV when not given.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, default_value_t = 8.0)]
        hours_per_day: f64,
        #[arg(long, default_value_t = 5.0)]
        days_per_week: f64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Report { file, json }) => report(&file, json),
        Some(Command::Export {
            file,
            format,
            output,
            width,
        }) => export_session(&file, format, output, width),
        Some(Command::Import {
            csv,
            output,
            title,
            hours_per_day,
            days_per_week,
        }) => import_csv(&csv, output, title, hours_per_day, days_per_week),
        Some(Command::Measure { file, args }) => measure(&file, &args),
        None => interactive(cli.file, cli.present, cli.theme),
    }
}

fn report(file: &Path, json: bool) -> ExitCode {
    match session::load(file) {
        Ok(session) => {
            if json {
                print!("{}", export::report::json(&session));
            } else {
                print!("{}", export::report::table(&session));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("vsm: {error}");
            ExitCode::FAILURE
        }
    }
}

fn measure(file: &Path, args: &vsm::measure_command::MeasureArgs) -> ExitCode {
    let mut session = match session::load(file) {
        Ok(session) => session,
        Err(error) => {
            eprintln!("vsm: {error}");
            return ExitCode::FAILURE;
        }
    };
    match vsm::measure_command::run(&mut session, args) {
        Ok(text) => print!("{text}"),
        Err(error) => {
            eprintln!("vsm: {error}");
            return ExitCode::FAILURE;
        }
    }
    if args.save {
        if let Err(error) = session::save(file, &session) {
            eprintln!("vsm: {error}");
            return ExitCode::FAILURE;
        }
        eprintln!("vsm: mapping and figures kept in {}", file.display());
    }
    ExitCode::SUCCESS
}

fn export_session(
    file: &Path,
    format: export::Format,
    output: Option<PathBuf>,
    width: u16,
) -> ExitCode {
    let session = match session::load(file) {
        Ok(session) => session,
        Err(error) => {
            eprintln!("vsm: {error}");
            return ExitCode::FAILURE;
        }
    };
    let text = export::render(&session, format, width);
    match output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => {
                eprintln!("vsm: wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("vsm: cannot write {}: {error}", path.display());
                ExitCode::FAILURE
            }
        },
    }
}

fn import_csv(
    csv: &Path,
    output: Option<PathBuf>,
    title: Option<String>,
    hours_per_day: f64,
    days_per_week: f64,
) -> ExitCode {
    let text = match std::fs::read(csv).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            eprintln!(
                "vsm: {}: is not UTF-8 text: save the spreadsheet as CSV UTF-8",
                csv.display()
            );
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("vsm: {}: cannot read: {error}", csv.display());
            return ExitCode::FAILURE;
        }
    };
    let title = title.unwrap_or_else(|| {
        csv.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "Imported map".into())
    });
    let options = export::csv::ImportOptions {
        title,
        calendar: vsm::model::WorkCalendar {
            hours_per_day,
            days_per_week,
        },
    };
    let session = match export::csv::import(&text, &csv.display().to_string(), options) {
        Ok(session) => session,
        Err(error) => {
            eprintln!("vsm: {error}");
            eprintln!("vsm: nothing was written");
            return ExitCode::FAILURE;
        }
    };
    let output = output.unwrap_or_else(|| csv.with_extension("ron"));
    if output.exists() {
        eprintln!(
            "vsm: {} exists: choose another file with -o, nothing was written",
            output.display()
        );
        return ExitCode::FAILURE;
    }
    match session::save(&output, &session) {
        Ok(()) => {
            eprintln!(
                "vsm: wrote {} ({} steps)",
                output.display(),
                session.current.step_count()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("vsm: {error}");
            ExitCode::FAILURE
        }
    }
}

fn interactive(
    file: Option<PathBuf>,
    present: bool,
    theme: Option<vsm::ui::theme::ThemeName>,
) -> ExitCode {
    let runtime = Runtime::from_env();
    let mut app = runtime.start_app();
    app.presenting = present;
    if let Some(theme) = theme {
        app.theme = theme;
    }
    if let Some(path) = file {
        if !path.exists() {
            let title = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "New session".into());
            if let Err(error) = session::save(&path, &Session::new(title)) {
                eprintln!("vsm: {error}");
                return ExitCode::FAILURE;
            }
        }
        runtime.open(&mut app, &path);
    }
    match vsm::tui::run(app, &runtime) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vsm: terminal error: {error}");
            ExitCode::FAILURE
        }
    }
}
