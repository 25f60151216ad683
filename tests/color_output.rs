//! `--color always` wins over `NO_COLOR`: what reaches the terminal has the colours and keeps
//! bold and reverse. (Its own test binary: it sets `NO_COLOR` for the whole process.)

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::style::{Color, Modifier, Style};
use vsm::app::colors::{ColorChoice, Colors, detect};

/// What the terminal would receive, kept to read back.
#[derive(Clone, Default)]
struct Received(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Received {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn color_always_writes_colours_and_emphasis_under_no_color() {
    // SAFETY: the only test in this binary; nothing else reads the environment meanwhile.
    unsafe { std::env::set_var("NO_COLOR", "1") };
    let env = |name: &str| std::env::var_os(name);
    assert_eq!(detect(ColorChoice::Auto, env), Colors::None);
    assert_ne!(detect(ColorChoice::Always, env), Colors::None);
    vsm::tui::colors_as_drawn();
    let received = Received::default();
    let backend = CrosstermBackend::new(received.clone());
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 30, 2)),
        },
    )
    .unwrap();
    terminal
        .draw(|frame| {
            let buf = frame.buffer_mut();
            let red_bold = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
            buf.set_string(0, 0, "Leadership approval", red_bold);
            let reversed = Style::new().add_modifier(Modifier::REVERSED);
            buf.set_string(0, 1, "selected", reversed);
        })
        .unwrap();
    let written = String::from_utf8_lossy(&received.0.borrow()).into_owned();
    assert!(written.contains("\x1b[38;5;1"), "no colour: {written:?}");
    assert!(written.contains("\x1b[1m"), "no bold: {written:?}");
    assert!(written.contains("\x1b[7m"), "no reverse: {written:?}");
    // Nothing resets the emphasis between it and its text.
    let bold_text = written.split("\x1b[1m").nth(1).unwrap_or("");
    let before_text = bold_text.split("Leadership").next().unwrap_or("");
    assert!(!before_text.contains("\x1b[m"), "{written:?}");
}
