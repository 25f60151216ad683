//! The only place that touches the real terminal: set up, event loop, restore, and the last
//! line of defence (panics and signals) that saves the work and gives the terminal back.
//!
//! Everything the loop waits for arrives on one channel: terminal events (read on their own
//! thread), finished autosaves (written on their own thread, so typing never waits for the
//! disk) and the return from a suspend. The loop blocks on that channel: idle means no work.

use std::io;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};

use crate::app::{Action, App, Effect};
use crate::model::Session;
use crate::reading::{Reading, Report};
use crate::runtime::{AutosaveDone, AutosaveJob, Runtime};
use crate::session;
use crate::ui;

/// Changes reach disk this long after the first unsaved edit, even if typing goes on.
const AUTOSAVE_AFTER: Duration = Duration::from_millis(600);
/// After a failed write, the next try.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What the event loop waits for.
enum Input {
    Terminal(Event),
    Written(AutosaveDone),
    /// Back from a suspend (SIGCONT): the screen must be drawn afresh.
    Resumed,
    Failed(io::Error),
    /// From the thread reading an event log: which reading (they are numbered) and what.
    Read(u64, Report),
}

/// What a panic or a signal saves: the session as last changed, its file, where else it goes.
struct Rescue {
    session: Session,
    disk: Option<session::Disk>,
    recovery: Option<PathBuf>,
    state_dir: Option<PathBuf>,
    dirty: bool,
}

/// Whether mouse capture is on, for taking the terminal back after a suspend.
static MOUSE: AtomicBool = AtomicBool::new(true);

static RESCUE: Mutex<Option<Rescue>> = Mutex::new(None);

/// Runs the app until the user quits.
pub fn run(mut app: App, runtime: &Runtime) -> io::Result<()> {
    install_panic_report(runtime.state_dir.clone());
    let (sender, inputs) = mpsc::channel();
    install_signal_handlers(sender.clone());
    // `ratatui::init` adds a panic hook that restores the terminal before ours reports.
    let mut terminal = ratatui::init();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    set_mouse(app.viewer.mouse);
    spawn_reader(sender.clone());
    let writer = Writer::spawn(sender.clone());
    let result = event_loop(&mut terminal, &mut app, runtime, (&sender, &inputs), writer);
    // The terminal failed (gone while suspended, an I/O error): the edits are saved first.
    let saved = result.is_err().then(|| {
        keep_for_rescue(&app, runtime, &mut None);
        rescue()
    });
    restore();
    *RESCUE.lock().unwrap_or_else(|e| e.into_inner()) = None;
    if let Some(farewell) = &app.file.farewell {
        say(&crate::export::escape::terminal(farewell));
    }
    if let Some(saved) = saved {
        tell_where(saved);
    }
    result
}

/// Reads the log `source` names off this thread (stopping one still being read, if any).
fn start_reading(app: &mut App, sender: &Sender<Input>, id: u64, source: String) -> Reading {
    app.log_reading(&source);
    let sender = sender.clone();
    let read = crate::measure_command::app_read_options(app, &source);
    Reading::start(source, read, move |report| {
        let _ = sender.send(Input::Read(id, report));
    })
}

/// A report from the reading thread in force.
fn read_report(app: &mut App, reading: &mut Option<(u64, Reading)>, report: Report) {
    let Some((_, current)) = reading.as_ref() else {
        return;
    };
    match report {
        Report::Progress(text) => app.log_progress(&current.source, &text),
        Report::Done(done) => match *done {
            Ok((source, log)) => {
                *reading = None;
                app.log_read(source, Ok(log));
            }
            Err(error) => {
                let source = current.source.clone();
                *reading = None;
                app.log_read(source, Err(error));
            }
        },
    }
}

/// A line on standard error that never panics, even when the terminal is gone.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(io::stderr(), "{line}");
}

/// SIGTERM, SIGHUP or SIGINT arrived: set in the signal handler itself, so it is known even
/// while the signal thread is stopped in a suspend.
static TERMINATING: std::sync::LazyLock<std::sync::Arc<AtomicBool>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(AtomicBool::new(false)));

/// Reads terminal events on a thread of its own.
fn spawn_reader(sender: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => Input::Terminal(event),
                Err(error) => Input::Failed(error),
            };
            let failed = matches!(input, Input::Failed(_));
            if sender.send(input).is_err() || failed {
                return;
            }
        }
    });
}

/// Writes autosaves on a thread of its own, one at a time.
struct Writer {
    jobs: Sender<AutosaveJob>,
    /// The revision being written, while a write is under way.
    busy: Option<u64>,
}

impl Writer {
    fn spawn(done: Sender<Input>) -> Writer {
        let (jobs, queue) = mpsc::channel::<AutosaveJob>();
        std::thread::spawn(move || {
            for job in queue {
                if done.send(Input::Written(job.run())).is_err() {
                    return;
                }
            }
        });
        Writer { jobs, busy: None }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runtime: &Runtime,
    (sender, inputs): (&Sender<Input>, &Receiver<Input>),
    mut writer: Writer,
) -> io::Result<()> {
    let mut reading: Option<(u64, Reading)> = None;
    let mut readings = 0;
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut autosave_at: Option<Instant> = None;
    let mut last_click = None;
    let mut kept = None;
    loop {
        if app.viewer.mouse != MOUSE.load(Ordering::Relaxed) {
            set_mouse(app.viewer.mouse);
        }
        let mut drawn = None;
        terminal.draw(|frame| drawn = Some(ui::draw(frame, app)))?;
        if let Some(drawn) = drawn {
            app.record_drawn(drawn);
        }
        keep_for_rescue(app, runtime, &mut kept);
        let input = if app.needs_autosave() && writer.busy.is_none() {
            let due = *autosave_at.get_or_insert_with(|| Instant::now() + AUTOSAVE_AFTER);
            match inputs.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(input) => input,
                Err(RecvTimeoutError::Timeout) => {
                    match runtime.autosave_job(app) {
                        Some(job) => {
                            writer.busy = Some(job.revision);
                            let _ = writer.jobs.send(job);
                        }
                        // Nowhere to write now: try again later, never in a tight loop.
                        None => autosave_at = Some(Instant::now() + RETRY_AFTER),
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            if !app.needs_autosave() {
                autosave_at = None;
            }
            match inputs.recv() {
                Ok(input) => input,
                Err(_) => return Ok(()),
            }
        };
        let effect = match input {
            Input::Terminal(Event::Key(key))
                if key.kind != KeyEventKind::Release
                    && reading.is_some()
                    && app.stops_reading(&key) =>
            {
                if let Some((_, stopped)) = reading.take() {
                    stopped.stop();
                    app.log_stopped(&stopped.source);
                }
                None
            }
            Input::Terminal(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                app.handle_key(key)
            }
            Input::Terminal(Event::Paste(text)) => {
                app.handle_paste(&text);
                None
            }
            Input::Terminal(Event::Resize(width, height)) => {
                app.update(Action::Resize(width, height))
            }
            Input::Terminal(Event::Mouse(mouse)) => match mouse_action(mouse, &mut last_click) {
                Some(action) => app.update(action),
                None => None,
            },
            Input::Terminal(_) => None,
            Input::Written(done) => {
                writer.busy = None;
                autosave_at = if runtime.autosaved(app, done) {
                    None
                } else {
                    Some(Instant::now() + RETRY_AFTER)
                };
                None
            }
            Input::Resumed => {
                redraw_everything(terminal)?;
                None
            }
            Input::Failed(error) => return Err(error),
            Input::Read(id, report) => {
                if reading.as_ref().is_some_and(|(current, _)| *current == id) {
                    read_report(app, &mut reading, report);
                }
                None
            }
        };
        let Some(effect) = effect else {
            continue;
        };
        // Saving, opening or quitting while an autosave is still writing would race it.
        wait_for_writer(&mut writer, runtime, app, inputs);
        if let Effect::LoadLog(source) = effect {
            if let Some((_, earlier)) = reading.take() {
                earlier.stop();
            }
            readings += 1;
            reading = Some((readings, start_reading(app, sender, readings, source)));
            continue;
        }
        if effect == Effect::Suspend {
            suspend();
            redraw_everything(terminal)?;
            continue;
        }
        if runtime.perform(app, effect) {
            return Ok(());
        }
    }
}

fn wait_for_writer(
    writer: &mut Writer,
    runtime: &Runtime,
    app: &mut App,
    inputs: &Receiver<Input>,
) {
    while writer.busy.is_some() {
        match inputs.recv() {
            Ok(Input::Written(done)) => {
                writer.busy = None;
                runtime.autosaved(app, done);
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
}

/// After a suspend the screen holds whatever the shell left: blank it and start from a fresh
/// terminal, whose next frame writes every cell. (`Terminal::clear` would ask the terminal for
/// the cursor position, an answer the event reader thread would swallow.)
fn redraw_everything(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )?;
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
    Ok(())
}

/// Gives the terminal back: mouse reporting and bracketed paste off, raw mode off, main screen.
fn restore() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture
    );
    ratatui::restore();
}

/// Takes the terminal again after a suspend.
fn reenter() {
    let _ = ratatui::crossterm::terminal::enable_raw_mode();
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    );
    set_mouse(MOUSE.load(Ordering::Relaxed));
}

/// Mouse capture on (clicks select steps) or off (the terminal selects text to copy).
fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::Relaxed);
    let _ = if on {
        ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture)
    } else {
        ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture)
    };
}

/// Stops like a shell job (SIGTSTP) with the terminal given back, and takes it again on `fg`.
/// A SIGTERM, SIGHUP or SIGINT that came while stopped wins: the terminal is not taken again
/// (a terminal that went away, or one where vsm is in the background, would stop it for good)
/// and the signal's handling saves and leaves.
fn suspend() {
    restore();
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    // Signals held while stopped arrive as it continues: give them a moment to be seen.
    for _ in 0..10 {
        if TERMINATING.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    reenter();
}

/// SIGTERM, SIGHUP or SIGINT: save, give the terminal back, leave.
fn leave_on(signal: i32) -> ! {
    let saved = rescue();
    // In the background or on a terminal that is gone, giving it back must not stop vsm.
    unsafe { libc::signal(libc::SIGTTOU, libc::SIG_IGN) };
    restore();
    say(&format!("vsm: stopped by signal {signal}"));
    tell_where(saved);
    std::process::exit(128 + signal);
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

/// Keeps what a panic or a signal would save up to date, only when it changed: a copy of the
/// document shares its stages, so this costs pointers, and nothing at all on a key that
/// changed nothing.
fn keep_for_rescue(app: &App, runtime: &Runtime, kept: &mut Option<(u64, u64, bool, bool)>) {
    let now = (
        app.revision(),
        app.file.written_revision,
        app.file.is_read_only(),
        app.file.path.is_some(),
    );
    if *kept == Some(now) {
        return;
    }
    *kept = Some(now);
    let rescue = Rescue {
        session: app.session().clone(),
        disk: app.file.disk.clone().filter(|_| !app.file.is_read_only()),
        recovery: app.file.recovery.clone(),
        state_dir: runtime.state_dir.clone(),
        dirty: app.revision() != app.file.written_revision && !app.file.is_read_only(),
    };
    *RESCUE.lock().unwrap_or_else(|e| e.into_inner()) = Some(rescue);
}

/// Saves what the app held and drops its lock: where the session went, or why nowhere.
fn rescue() -> Option<Result<PathBuf, String>> {
    // The lock is held during the save: whoever comes second (a signal, the end of `run`)
    // waits for it to finish and then finds nothing left to save.
    let held = RESCUE.lock().unwrap_or_else(|e| e.into_inner());
    rescue_held(held)
}

/// `rescue` from a panic: never waits, since the panicking thread may be the one saving.
fn rescue_now() -> Option<Result<PathBuf, String>> {
    let held = match RESCUE.try_lock() {
        Ok(held) => held,
        Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return None,
    };
    rescue_held(held)
}

fn rescue_held(
    mut held: std::sync::MutexGuard<'_, Option<Rescue>>,
) -> Option<Result<PathBuf, String>> {
    let taken = held.take()?;
    if !taken.dirty {
        if let Some(mut file) = taken.disk.as_ref().and_then(|d| d.try_get()) {
            file.release();
        }
        return None;
    }
    Some(session::rescue::keep(
        &taken.session,
        taken.disk.as_ref(),
        taken.recovery.as_deref(),
        taken.state_dir.as_deref(),
    ))
}

/// Says on the shell where unsaved edits went, or that nothing could be saved.
fn tell_where(saved: Option<Result<PathBuf, String>>) {
    let shown = |text: &str| crate::export::escape::terminal(text);
    match saved {
        Some(Ok(path)) => say(&format!(
            "vsm: your session was saved to {}",
            shown(&path.display().to_string())
        )),
        Some(Err(why)) => say(&format!(
            "vsm: NOTHING COULD BE SAVED, the last edits are lost: {}",
            shown(&why)
        )),
        None => {}
    }
}

fn install_panic_report(data_dir: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let saved = rescue_now();
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        let report = format!(
            "vsm {} crashed: {info}\n\nThe session was saved to: {}\n",
            env!("CARGO_PKG_VERSION"),
            match &saved {
                Some(Ok(path)) => path.display().to_string(),
                Some(Err(why)) => format!("(nothing could be saved: {why})"),
                None => "(nothing to save)".into(),
            }
        );
        let dir = data_dir.clone().unwrap_or_else(std::env::temp_dir);
        let path = dir.join(format!(
            "crash-{}.txt",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|_| session::disk::write_new(&path, report.as_bytes()))
            .is_ok();
        previous(info);
        tell_where(saved);
        if written {
            say(&format!("vsm: a crash report is in {}", path.display()));
        }
    }));
}

/// SIGTERM, SIGHUP (the terminal window closed) and SIGINT: save, restore, leave.
/// SIGTSTP (suspend from outside, e.g. `kill -TSTP`): give the terminal back, stop, and on
/// SIGCONT take it again and redraw everything.
fn install_signal_handlers(resumed: Sender<Input>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])
    else {
        return;
    };
    for signal in [SIGTERM, SIGHUP, SIGINT] {
        let _ = signal_hook::flag::register(signal, TERMINATING.clone());
    }
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal == SIGTSTP {
                if !TERMINATING.load(Ordering::SeqCst) {
                    suspend();
                    let _ = resumed.send(Input::Resumed);
                }
                continue;
            }
            leave_on(signal);
        }
    });
}

/// Colours as vsm decided them (`--color`, `NO_COLOR`, the terminal), not as crossterm would
/// on its own: crossterm drops colours when `NO_COLOR` is set, even under `--color always`,
/// and its empty colour sequence (`ESC[m`) resets bold and reverse too. The theme draws no
/// colour at all when there should be none, so crossterm is told to write what it is given.
pub fn colors_as_drawn() {
    ratatui::crossterm::style::force_color_output(true);
}
