use std::path::PathBuf;
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Report { file, json }) => report(&file, json),
        None => interactive(cli.file),
    }
}

fn report(file: &std::path::Path, json: bool) -> ExitCode {
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

fn interactive(file: Option<PathBuf>) -> ExitCode {
    let runtime = Runtime::from_env();
    let mut app = runtime.start_app();
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
