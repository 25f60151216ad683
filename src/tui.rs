//! The only place that touches the real terminal: set up, event loop, restore.

use std::io;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::app::{Action, App};
use crate::runtime::Runtime;
use crate::ui;

/// Runs the app until the user quits. The loop blocks on input: no input, no work.
pub fn run(mut app: App, runtime: &Runtime) -> io::Result<()> {
    // `ratatui::init` installs a panic hook that restores the terminal before the report.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, runtime);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runtime: &Runtime,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    loop {
        terminal.draw(|frame| ui::draw(frame, app))?;
        let effect = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
            Event::Resize(width, height) => app.update(Action::Resize(width, height)),
            _ => None,
        };
        if let Some(effect) = effect
            && runtime.perform(app, effect)
        {
            return Ok(());
        }
    }
}
