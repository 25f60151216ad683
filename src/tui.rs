//! The only place that touches the real terminal: set up, event loop, restore, and the last
//! line of defence (panics and signals) that saves the work and gives the terminal back.

use std::io;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};

use crate::app::{Action, App};
use crate::model::Session;
use crate::runtime::Runtime;
use crate::session::{self, lock, recovery};
use crate::ui;

/// Changes reach disk this long after the first unsaved edit, even if typing goes on.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(600);
/// After a failed write, the next try.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What a panic or a signal saves: the session as last drawn, where it goes, the lock to drop.
struct Rescue {
    session: Session,
    target: Option<PathBuf>,
    lock: Option<PathBuf>,
    dirty: bool,
}

static RESCUE: Mutex<Option<Rescue>> = Mutex::new(None);

/// Runs the app until the user quits. The loop blocks on input: no input, no work, except a
/// pending autosave.
pub fn run(mut app: App, runtime: &Runtime) -> io::Result<()> {
    install_panic_report(runtime.data_dir.clone());
    install_signal_handlers();
    // `ratatui::init` adds a panic hook that restores the terminal before ours reports.
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, runtime);
    restore();
    *RESCUE.lock().unwrap_or_else(|e| e.into_inner()) = None;
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runtime: &Runtime,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut autosave_at: Option<Instant> = None;
    let mut last_click = None;
    loop {
        terminal.draw(|frame| ui::draw(frame, app))?;
        keep_for_rescue(app, runtime);
        if app.needs_autosave() {
            let due = *autosave_at.get_or_insert_with(|| Instant::now() + AUTOSAVE_AFTER);
            let wait = due.saturating_duration_since(Instant::now());
            if !event::poll(wait)? {
                autosave_at = if runtime.autosave(app) {
                    None
                } else {
                    Some(Instant::now() + RETRY_AFTER)
                };
                continue;
            }
        } else {
            autosave_at = None;
        }
        let effect = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
            Event::Resize(width, height) => app.update(Action::Resize(width, height)),
            Event::Mouse(mouse) => match mouse_action(mouse, &mut last_click) {
                Some(action) => app.update(action),
                None => None,
            },
            _ => None,
        };
        if let Some(effect) = effect
            && runtime.perform(app, effect)
        {
            return Ok(());
        }
    }
}

/// Gives the terminal back: mouse reporting off, raw mode off, main screen.
fn restore() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Clicks on the same cell within this time make a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

fn mouse_action(
    mouse: event::MouseEvent,
    last_click: &mut Option<(Instant, u16, u16)>,
) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            let (x, y) = (mouse.column, mouse.row);
            let double = last_click
                .is_some_and(|(at, lx, ly)| at.elapsed() < DOUBLE_CLICK && lx == x && ly == y);
            *last_click = (!double).then(|| (Instant::now(), x, y));
            Some(if double {
                Action::DoubleClick(x, y)
            } else {
                Action::Click(x, y)
            })
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollRight => Some(Action::Right),
        MouseEventKind::ScrollUp | MouseEventKind::ScrollLeft => Some(Action::Left),
        _ => None,
    }
}

fn keep_for_rescue(app: &App, runtime: &Runtime) {
    let target = app
        .path
        .clone()
        .or_else(|| app.recovery_path.clone())
        .or_else(|| runtime.data_dir.as_deref().map(recovery::new_path));
    let rescue = Rescue {
        session: app.session.clone(),
        target: (!app.read_only).then_some(target).flatten(),
        lock: app.path.clone().filter(|_| !app.read_only),
        dirty: app.needs_autosave(),
    };
    *RESCUE.lock().unwrap_or_else(|e| e.into_inner()) = Some(rescue);
}

/// Saves what the app held, drops its lock. Returns where the session went, if anywhere.
fn rescue() -> Option<PathBuf> {
    let taken = RESCUE.lock().ok()?.take()?;
    if let Some(lock_of) = &taken.lock {
        lock::release(lock_of);
    }
    let target = taken.target?;
    if taken.dirty {
        session::save(&target, &taken.session).ok()?;
    }
    Some(target)
}

fn install_panic_report(data_dir: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let saved = rescue();
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        let report = format!(
            "vsm {} crashed: {info}\n\nThe session was saved to: {}\n",
            env!("CARGO_PKG_VERSION"),
            saved
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "(nothing to save)".into())
        );
        let dir = data_dir.clone().unwrap_or_else(std::env::temp_dir);
        let path = dir.join(format!(
            "crash-{}.txt",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&path, &report))
            .is_ok();
        previous(info);
        if let Some(saved) = saved {
            eprintln!("vsm: your session was saved to {}", saved.display());
        }
        if written {
            eprintln!("vsm: a crash report is in {}", path.display());
        }
    }));
}

/// SIGTERM, SIGHUP (the terminal window closed) and SIGINT: save, restore, leave.
fn install_signal_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let saved = rescue();
            restore();
            if let Some(saved) = saved {
                eprintln!(
                    "vsm: stopped by signal {signal}; the session is in {}",
                    saved.display()
                );
            }
            std::process::exit(128 + signal);
        }
    });
}
