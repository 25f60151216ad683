//! Keeping up with the room: the Tailspin map typed from an empty session, through the keymap,
//! counting every key that is not text typed into a field. The counts are in the test names
//! and in the README.

mod common;

use common::screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use vsm::app::keymap::Context;
use vsm::app::{Action, App};
use vsm::model::{AnnotationKind, Which};

/// A facilitator at the keyboard: text goes into fields, every other key is counted.
struct Facilitator {
    app: App,
    keys: usize,
}

impl Facilitator {
    fn new() -> Facilitator {
        let mut app = App::start(Vec::new());
        app.update(Action::Resize(120, 35));
        Facilitator { app, keys: 0 }
    }

    fn send(&mut self, code: KeyCode) {
        let modifiers = match code {
            KeyCode::Char(c) if c.is_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.app.handle_key(KeyEvent::new(code, modifiers));
    }

    /// A key that is not text: a command on the map, Tab, Enter, a kind's letter.
    fn press(&mut self, code: KeyCode) {
        self.keys += 1;
        self.send(code);
    }

    fn command(&mut self, c: char) {
        self.press(KeyCode::Char(c));
    }

    /// Text typed into the field being edited: not counted.
    fn text(&mut self, text: &str) {
        assert_eq!(
            self.app.context(),
            Context::Form,
            "typing '{text}' outside a form"
        );
        for c in text.chars() {
            self.send(KeyCode::Char(c));
        }
    }

    fn tabs(&mut self, n: usize) {
        for _ in 0..n {
            self.press(KeyCode::Tab);
        }
    }

    fn enter(&mut self) {
        self.press(KeyCode::Enter);
    }

    fn new_session(&mut self) {
        self.command('n');
        self.text("Tailspin: one feature, request to customer");
        self.enter();
    }
}

fn assert_tailspin(f: &Facilitator) {
    let app = &f.app;
    assert_eq!(app.context(), Context::Map);
    let text = screen(app, 120, 35);
    assert!(text.contains("Lead time           22 d"), "{text}");
    assert!(text.contains("Process time         5 d"), "{text}");
    assert!(text.contains("Activity ratio       23%"), "{text}");
    let map = app.session().map(Which::Current).unwrap();
    let steps: Vec<(&str, &str, &str)> = map
        .steps()
        .map(|s| (s.name.as_str(), s.owner.as_str(), s.phase.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("Create label", "Andy", "Development"),
            ("Code the feature", "Developers", "Development"),
            ("Notify tester via spreadsheet", "Developers", "Development"),
            ("Manual testing", "Amita", "Test"),
            ("Triage bugs", "Andy", "Test"),
            ("Deploy to pre-production", "Tim", "Operations"),
            ("Leadership approval", "Irwin", "Operations"),
            ("Deploy to production", "Tim", "Operations"),
        ]
    );
    let notes: Vec<(Option<&str>, AnnotationKind, Option<&str>)> = map
        .all_annotations()
        .map(|(step, a)| (step.map(|s| s.name.as_str()), a.kind, a.author.as_deref()))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    for expected in [
        (
            Some("Notify tester via spreadsheet"),
            AnnotationKind::Complaint,
            Some("Amita"),
        ),
        (
            Some("Leadership approval"),
            AnnotationKind::Question,
            Some("Tim"),
        ),
        (None, AnnotationKind::Gap, Some("Andy")),
    ] {
        assert!(notes.contains(&expected), "{expected:?} not in {notes:?}");
    }
}

const SPREADSHEET: &str = "Dev doesn't always update the spreadsheet to let me know there is a new build that needs testing.";
const LEADERSHIP: &str = "How often does leadership meet to approve a release?";
const BUILD_GAP: &str = "The build itself is not on the map: it takes half a day right now.";

/// One step through the form: name, lead time, process time when there is one, owner and
/// phase only when they differ from the step before.
fn step(f: &mut Facilitator, name: &str, lt: &str, pt: &str, owner: &str, phase: &str) {
    let before = f.app.selected_step().cloned();
    f.command('a');
    f.text(name);
    f.tabs(1);
    f.text(lt);
    let mut tabs = 1;
    if !pt.is_empty() {
        f.tabs(tabs);
        f.text(pt);
        tabs = 0;
    }
    if before.as_ref().is_none_or(|b| b.owner != owner) {
        f.tabs(tabs + 1);
        f.text(owner);
        tabs = 0;
    } else {
        tabs += 1;
    }
    if before.as_ref().is_none_or(|b| b.phase != phase) {
        f.tabs(tabs + 1);
        f.text(phase);
    }
    f.enter();
}

#[test]
fn tailspin_typed_field_by_field_takes_53_keys_besides_the_words() {
    let mut f = Facilitator::new();
    f.new_session();
    step(&mut f, "Create label", "3d", "", "Andy", "Development");
    step(
        &mut f,
        "Code the feature",
        "",
        "4d",
        "Developers",
        "Development",
    );
    step(
        &mut f,
        "Notify tester via spreadsheet",
        "2d",
        "",
        "Developers",
        "Development",
    );
    // The complaint as Amita says it, with her name in its own field.
    f.command('c');
    f.text(SPREADSHEET);
    f.tabs(1);
    f.text("Amita");
    f.enter();
    step(&mut f, "Manual testing", "3d", "", "Amita", "Test");
    step(&mut f, "Triage bugs", "3d", "", "Andy", "Test");
    step(
        &mut f,
        "Deploy to pre-production",
        "2d",
        "",
        "Tim",
        "Operations",
    );
    step(
        &mut f,
        "Leadership approval",
        "4d",
        "",
        "Irwin",
        "Operations",
    );
    f.command('y');
    f.text(LEADERSHIP);
    f.tabs(1);
    f.text("Tim");
    f.enter();
    step(
        &mut f,
        "Deploy to production",
        "",
        "1d",
        "Tim",
        "Operations",
    );
    // A note on the whole map: its kind's letter, then the text.
    f.command('M');
    f.command('g');
    f.text(BUILD_GAP);
    f.tabs(1);
    f.text("Andy");
    f.enter();

    assert_tailspin(&f);
    assert!(f.keys <= 60, "{} keys", f.keys);
    assert_eq!(f.keys, 53);
}

#[test]
fn tailspin_typed_one_line_per_step_takes_25_keys_besides_the_words() {
    let mut f = Facilitator::new();
    f.new_session();
    for line in [
        "Create label 3d @Andy #Development",
        "Code the feature 4d/ @Developers",
        "Notify tester via spreadsheet 2d",
    ] {
        f.command('a');
        f.text(line);
        f.enter();
    }
    f.command('c');
    f.text(&format!("{SPREADSHEET} @Amita"));
    f.enter();
    for line in [
        "Manual testing 3d @Amita #Test",
        "Triage bugs 3d @Andy",
        "Deploy to pre-production 2d @Tim #Operations",
        "Leadership approval 4d @Irwin",
    ] {
        f.command('a');
        f.text(line);
        f.enter();
    }
    f.command('y');
    f.text(&format!("{LEADERSHIP} @Tim"));
    f.enter();
    f.command('a');
    f.text("Deploy to production 1d/ @Tim");
    f.enter();
    f.command('M');
    f.command('g');
    f.text(&format!("{BUILD_GAP} @Andy"));
    f.enter();

    assert_tailspin(&f);
    assert_eq!(f.keys, 25);
}

#[test]
fn a_filled_in_field_is_replaced_by_typing_and_kept_by_an_arrow() {
    let mut app = common::demo(120, 35);
    // Create label: lead time 3d.
    common::key(&mut app, KeyCode::Enter);
    common::key(&mut app, KeyCode::Tab);
    common::typing(&mut app, "2w");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_step().unwrap().lead_time.to_string(), "2w");
    // An arrow keeps the value for editing: End, then one more character.
    common::key(&mut app, KeyCode::Enter);
    common::key(&mut app, KeyCode::Tab);
    common::key(&mut app, KeyCode::End);
    common::key(&mut app, KeyCode::Backspace);
    common::typing(&mut app, "d");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_step().unwrap().lead_time.to_string(), "2d");
}

#[test]
fn empty_times_mean_no_process_time_and_no_wait() {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    common::typing(&mut app, "Build");
    common::key(&mut app, KeyCode::Tab);
    common::key(&mut app, KeyCode::Tab);
    common::typing(&mut app, "4h");
    common::key(&mut app, KeyCode::Enter);
    let step = app.selected_step().unwrap();
    assert_eq!(
        (step.process_time.to_string(), step.lead_time.to_string()),
        ("4h".into(), "4h".into())
    );
    assert_eq!(step.owner, "Andy", "owner carried over from Create label");

    common::typing(&mut app, "a");
    common::typing(&mut app, "Wait for review");
    common::key(&mut app, KeyCode::Enter);
    let step = app.selected_step().unwrap();
    assert!(step.process_time.is_zero() && step.lead_time.is_zero());
}

#[test]
fn a_note_typed_from_the_map_goes_back_to_the_map() {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "f");
    common::typing(&mut app, "Label on every commit");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Map);
    let last = app.selected_step().unwrap().annotations.last().unwrap();
    assert_eq!(
        (last.kind, last.text.as_str()),
        (AnnotationKind::Idea, "Label on every commit")
    );
    assert!(screen(&app, 120, 35).contains("Add idea on 'Create label' · u undoes"));
}
