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
fn tailspin_typed_field_by_field_takes_52_keys_besides_the_words() {
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
    // A note on the whole map: the text (a gap unless a marker or ←/→ says otherwise).
    f.command('M');
    f.text(BUILD_GAP);
    f.tabs(1);
    f.text("Andy");
    f.enter();

    assert_tailspin(&f);
    assert!(f.keys <= 60, "{} keys", f.keys);
    assert_eq!(f.keys, 52);
}

/// Dictation: one `a`, then one line per step and per note as the room says them; a note's
/// marker pins it to the step just entered; Esc ends; `M` and a marker for the map's note.
#[test]
fn tailspin_dictated_takes_16_keys_besides_the_words() {
    let mut f = Facilitator::new();
    f.new_session();
    f.command('a');
    for line in [
        "Create label 3d @Andy #Development",
        "Code the feature 4d/ @Developers",
        "Notify tester via spreadsheet 2d",
        &format!("c: {SPREADSHEET} @Amita"),
        "Manual testing 3d @Amita #Test",
        "Triage bugs 3d @Andy",
        "Deploy to pre-production 2d @Tim #Operations",
        "Leadership approval 4d @Irwin",
        &format!("q: {LEADERSHIP} @Tim"),
        "Deploy to production 1d/ @Tim",
    ] {
        f.text(line);
        f.enter();
    }
    f.press(KeyCode::Esc);
    f.command('M');
    f.text(&format!("g: {BUILD_GAP} @Andy"));
    f.enter();

    assert_tailspin(&f);
    let map = f.app.session().map(Which::Current).unwrap();
    let gap = &map.annotations[0];
    assert_eq!(
        (gap.kind, gap.text.as_str()),
        (AnnotationKind::Gap, BUILD_GAP)
    );
    assert!(f.keys <= 16, "{} keys", f.keys);
    assert_eq!(f.keys, 16);
}

/// The new step's one line, as `a`, the line, Enter: its lead and process time.
fn one_line(line: &str) -> (String, String, String) {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    common::typing(&mut app, line);
    common::key(&mut app, KeyCode::Enter);
    let step = app.selected_step().unwrap();
    (
        step.name.clone(),
        step.lead_time.to_string(),
        step.process_time.to_string(),
    )
}

#[test]
fn every_way_a_time_is_said_is_read() {
    let said = |name: &str, lt: &str, pt: &str| (name.to_string(), lt.to_string(), pt.to_string());
    assert_eq!(
        one_line("Deploy to production 2 days"),
        said("Deploy to production", "2d", "0")
    );
    assert_eq!(one_line("Build 2 hrs"), said("Build", "2h", "0"));
    assert_eq!(one_line("Test 1.5 days"), said("Test", "1.5d", "0"));
    assert_eq!(one_line("Review 30 min/2 h"), said("Review", "2h", "30min"));
    assert_eq!(one_line("Soak 24h15min"), said("Soak", "24.25h", "0"));
    assert_eq!(one_line("Approve 1d 4h"), said("Approve", "1.5d", "0"));
    assert_eq!(one_line("Code it 2d 95 %"), said("Code it", "2d", "0"));
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    common::typing(&mut app, "Code it 1d/ 95 %");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_step().unwrap().complete_accurate, Some(95.0));
}

#[test]
fn what_is_not_read_stays_in_the_name_and_the_preview_says_so() {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    common::typing(&mut app, "Deploy to production 2 dayz");
    assert!(
        screen(&app, 120, 35).contains("→ no time read: LT 0"),
        "{}",
        screen(&app, 120, 35)
    );
    common::key(&mut app, KeyCode::Enter);
    let step = app.selected_step().unwrap();
    assert_eq!(step.name, "Deploy to production 2 dayz");
    assert!(step.lead_time.is_zero());
    // A line that reads says what it read instead.
    common::typing(&mut app, "a");
    common::typing(&mut app, "Deploy 2 days");
    assert!(screen(&app, 120, 35).contains("→ LT 2d"));
}

#[test]
fn a_map_note_keeps_every_letter_of_its_text() {
    for (typed, kind, text) in [
        (
            "Release notes are written by hand",
            AnnotationKind::Gap,
            "Release notes are written by hand",
        ),
        (
            "Code freeze before every release",
            AnnotationKind::Gap,
            "Code freeze before every release",
        ),
        (
            "c: Code freeze before every release",
            AnnotationKind::Complaint,
            "Code freeze before every release",
        ),
    ] {
        let mut app = common::demo(120, 35);
        common::typing(&mut app, "M");
        common::typing(&mut app, typed);
        let shown = screen(&app, 120, 35);
        assert!(shown.contains(&format!("◀ {} ▶", kind.name())), "{shown}");
        common::key(&mut app, KeyCode::Enter);
        let note = app.map().annotations.last().unwrap();
        assert_eq!((note.kind, note.text.as_str()), (kind, text));
    }
    // The kind by keys that cannot be text: Shift+Tab to it, → to the next kind.
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "M");
    common::typing(&mut app, "Who signs off?");
    app.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    common::key(&mut app, KeyCode::Right);
    common::key(&mut app, KeyCode::Enter);
    let note = app.map().annotations.last().unwrap();
    assert_eq!(
        (note.kind, note.text.as_str()),
        (AnnotationKind::Question, "Who signs off?")
    );
}

#[test]
fn the_add_form_shows_the_one_line_grammar_and_help_shows_the_forms_own() {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("One line: Name PT/LT %C&A @Owner #Phase"),
        "{shown}"
    );
    assert!(
        shown.contains("Note on the step before: c: complaint, q: question"),
        "{shown}"
    );
    assert!(shown.contains("? or F1 help"), "{shown}");
    // ? in the empty Name field: this form's grammar, then every key.
    common::typing(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    let help = screen(&app, 120, 35);
    assert!(help.contains("This form: "), "{help}");
    assert!(help.contains("Dictation: after Enter"), "{help}");
    assert!(help.contains("Forms (here)"), "{help}");
    // Esc goes back to the form, with what was typed.
    common::key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Form);
    // In a text, ? is text; F1 is help anywhere.
    common::typing(&mut app, "Why?");
    assert_eq!(app.context(), Context::Form);
    common::key(&mut app, KeyCode::F(1));
    assert_eq!(app.context(), Context::Help);
    common::key(&mut app, KeyCode::Esc);
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_step().unwrap().name, "Why?");
    // A note's form says how its kind is chosen.
    common::typing(&mut app, "c");
    common::typing(&mut app, "?");
    let help = screen(&app, 120, 35);
    assert!(help.contains("start the text with c: complaint"), "{help}");
}

#[test]
fn dictation_ends_with_esc_and_a_note_needs_a_step() {
    let mut app = common::demo(120, 35);
    common::typing(&mut app, "a");
    common::typing(&mut app, "Build 4h/ @CI");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Form);
    let shown = screen(&app, 120, 35);
    assert!(shown.contains("Next step after 'Build'"), "{shown}");
    common::typing(&mut app, "i: cache the dependencies");
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("→ an idea on the step before, not a new step"),
        "{shown}"
    );
    common::key(&mut app, KeyCode::Enter);
    let build = app.selected_step().unwrap();
    assert_eq!(build.name, "Build");
    assert_eq!(build.annotations[0].kind, AnnotationKind::Idea);
    common::key(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Map);
    // A note marker on an empty map cannot pin anything: it says so and keeps the line.
    let mut app = App::start(Vec::new());
    app.update(Action::Resize(120, 35));
    common::typing(&mut app, "n");
    common::typing(&mut app, "Empty");
    common::key(&mut app, KeyCode::Enter);
    common::typing(&mut app, "a");
    common::typing(&mut app, "c: too early");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Form);
    let shown = screen(&app, 120, 35);
    assert!(
        shown.contains("a note needs a step to pin it to"),
        "{shown}"
    );
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
