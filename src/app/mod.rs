//! The Elm architecture: `App` state, `Action`s, one `update`, and the effects it asks the event
//! loop to carry out. No drawing and no file access here.

pub mod action;
pub mod form;
pub mod history;
pub mod keymap;

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

pub use action::Action;
use form::{Form, FormKind, Placement};
use history::History;
use keymap::{Context, Keymap};

use crate::model::map::StepAt;
use crate::model::{Annotation, AnnotationKind, Map, Session, Step, Which};
use crate::session::recent::RecentSession;
use crate::session::recovery::Recovered;
use crate::ui::geometry::{self, Zoom};
use crate::ui::theme::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Map,
}

/// What annotations belong to: one step, or the map as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Step(StepAt),
    Map,
}

/// How the maps are laid out when there is a future state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Current state above, future state below (or the current map alone when there is none).
    Split,
    /// The focused map alone, full screen.
    Single,
    /// The comparison of the two maps, full screen.
    Comparison,
}

/// Questions asked before something that cannot be taken back lightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Quit,
    DraftFuture,
    DeleteFuture,
    Locked,
    Export,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Form(Form),
    Annotations { target: Target, selected: usize },
    Help { scroll: u16, back: Box<Mode> },
    Confirm(Question),
}

/// Entries of the start screen, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum StartEntry {
    NewSession,
    Demo,
    Recent(RecentSession),
    Recovered(Recovered),
}

/// A session file another vsm has open, waiting for the user's answer.
#[derive(Debug, Clone)]
pub struct LockedFile {
    pub path: PathBuf,
    pub session: Session,
    /// Who holds it: "process 123 on laptop since 2026-11-22 10:02".
    pub holder: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// Work for the event loop: everything that touches files or ends the program.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save the session to its file, or to a new file in the data folder when it has none.
    Save {
        quit_after: bool,
    },
    Open(PathBuf),
    OpenRecovered(PathBuf),
    /// Remember theme and zoom in the config file.
    RememberSettings,
    /// Write the session in a format beside its file.
    Export(crate::export::Format),
    /// Open a locked file anyway, taking its lock.
    TakeOver(PathBuf),
    Quit,
}

#[derive(Debug, Clone)]
pub struct App {
    pub session: Session,
    /// The session file; `None` until first saved (the demo, a new session).
    pub path: Option<PathBuf>,
    /// The document as last saved or opened, to tell whether there are unsaved changes.
    pub saved: Session,
    pub screen: Screen,
    pub mode: Mode,
    /// Which map is being edited.
    pub focus: Which,
    pub view: View,
    /// The selected step of the focused map.
    pub selection: StepAt,
    /// First stage shown of the focused map when it is wider than the window.
    pub scroll: usize,
    /// Selection and scroll of the other map, kept while it is not focused.
    pub other_selection: StepAt,
    pub other_scroll: usize,
    pub viewport: (u16, u16),
    pub history: History,
    pub status: Option<Status>,
    pub keymap: Keymap,
    pub start_entries: Vec<StartEntry>,
    pub start_selected: usize,
    /// Shown without allowing edits (another vsm has the file open).
    pub read_only: bool,
    /// What was last written to disk by a save or an autosave.
    pub written: Session,
    /// Where a session without a file is autosaved.
    pub recovery_path: Option<PathBuf>,
    pub locked: Option<LockedFile>,
    /// The last autosave could not write: quitting now would lose the edits.
    pub write_failed: bool,
    pub theme: ThemeName,
    /// `NO_COLOR` is set: emphasis by bold, reverse and underline only.
    pub no_color: bool,
    pub zoom: Zoom,
    /// Presentation mode: maps as large as the window allows, metrics in big digits.
    pub presenting: bool,
    /// The work calendar new sessions start with (from the config).
    pub new_session_calendar: crate::model::WorkCalendar,
}

impl App {
    /// The start screen, listing recent sessions newest first.
    pub fn start(recent: Vec<RecentSession>) -> App {
        let mut start_entries = vec![StartEntry::NewSession, StartEntry::Demo];
        start_entries.extend(recent.into_iter().map(StartEntry::Recent));
        let session = Session::new("");
        App {
            saved: session.clone(),
            session,
            path: None,
            screen: Screen::Start,
            mode: Mode::Normal,
            focus: Which::Current,
            view: View::Split,
            selection: StepAt::default(),
            scroll: 0,
            other_selection: StepAt::default(),
            other_scroll: 0,
            viewport: (80, 24),
            history: History::default(),
            status: None,
            keymap: Keymap::default(),
            start_entries,
            start_selected: 1,
            read_only: false,
            written: Session::new(""),
            recovery_path: None,
            locked: None,
            write_failed: false,
            theme: ThemeName::default(),
            no_color: false,
            zoom: Zoom::default(),
            presenting: false,
            new_session_calendar: crate::model::WorkCalendar::default(),
        }
    }

    /// The map screen on a session, opened from `path` (or not yet saved when `None`).
    pub fn with_session(session: Session, path: Option<PathBuf>) -> App {
        let mut app = App::start(Vec::new());
        app.open(session, path);
        app
    }

    /// Shows `session` on the map screen, forgetting the previous one's history.
    pub fn open(&mut self, session: Session, path: Option<PathBuf>) {
        self.saved = session.clone();
        self.written = session.clone();
        self.session = session;
        self.read_only = false;
        self.recovery_path = None;
        self.locked = None;
        self.path = path;
        self.screen = Screen::Map;
        self.mode = Mode::Normal;
        self.selection = StepAt::default();
        self.scroll = 0;
        self.other_selection = StepAt::default();
        self.other_scroll = 0;
        self.focus = Which::Current;
        self.view = View::Split;
        self.history = History::default();
    }

    /// The map being edited: the current state, or the future state when focused.
    pub fn map(&self) -> &Map {
        self.session
            .map(self.focus)
            .unwrap_or(&self.session.current)
    }

    pub fn switch_focus(&mut self) {
        std::mem::swap(&mut self.selection, &mut self.other_selection);
        std::mem::swap(&mut self.scroll, &mut self.other_scroll);
        self.focus = self.focus.other();
    }

    pub fn is_dirty(&self) -> bool {
        self.session != self.saved
    }

    /// Changes not yet on disk (in the session file, or in a recovery file when it has none).
    pub fn needs_autosave(&self) -> bool {
        self.screen == Screen::Map && !self.read_only && self.session != self.written
    }

    /// Puts sessions recovered after a crash on the start screen, after the demo.
    pub fn offer_recovered(&mut self, recovered: Vec<Recovered>) {
        let at = 2.min(self.start_entries.len());
        for (i, entry) in recovered.into_iter().enumerate() {
            self.start_entries
                .insert(at + i, StartEntry::Recovered(entry));
        }
    }

    /// Opens a recovered session: still without a file, still autosaved where it was found.
    pub fn open_recovered(&mut self, session: Session, recovery: PathBuf) {
        self.open(session, None);
        self.saved = Session::new("");
        self.recovery_path = Some(recovery);
        self.say("Recovered session: Ctrl+S saves it in your data folder");
    }

    /// The file is open in another vsm: ask before showing it.
    pub fn ask_about_lock(&mut self, path: PathBuf, session: Session, holder: String) {
        self.locked = Some(LockedFile {
            path,
            session,
            holder,
        });
        self.mode = Mode::Confirm(Question::Locked);
    }

    pub fn selected_step(&self) -> Option<&Step> {
        self.map().step(self.selection)
    }

    pub fn context(&self) -> Context {
        match (&self.screen, &self.mode) {
            (_, Mode::Help { .. }) => Context::Help,
            (_, Mode::Form(_)) => Context::Form,
            (_, Mode::Confirm(Question::Quit)) => Context::ConfirmQuit,
            (_, Mode::Confirm(Question::DraftFuture)) => Context::DraftFuture,
            (_, Mode::Confirm(Question::DeleteFuture)) => Context::DeleteFuture,
            (_, Mode::Confirm(Question::Locked)) => Context::Locked,
            (_, Mode::Confirm(Question::Export)) => Context::Export,
            (_, Mode::Annotations { .. }) => Context::Annotations,
            (Screen::Start, _) => Context::Start,
            (Screen::Map, _) => Context::Map,
        }
    }

    /// A key pressed: looked up in the keymap for the current place, or typed into a form.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let context = self.context();
        match self.keymap.action(context, key) {
            Some(action) => self.update(action),
            None if context == Context::Form => self.update(Action::Type(key)),
            None => None,
        }
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            is_error: true,
        });
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if !matches!(action, Action::Resize(..) | Action::Type(_)) {
            self.status = None;
        }
        if self.read_only && action.edits() && self.screen == Screen::Map {
            self.warn(
                "Read-only: another vsm has this file open; reopen it when that one is closed",
            );
            return None;
        }
        if let Action::Click(x, y) | Action::DoubleClick(x, y) = action {
            self.click(x, y, matches!(action, Action::DoubleClick(..)));
            self.keep_selection_visible();
            return None;
        }
        let effect = match self.context() {
            _ if matches!(action, Action::Resize(..)) => {
                if let Action::Resize(w, h) = action {
                    self.viewport = (w, h);
                }
                None
            }
            Context::Help => self.update_help(action),
            Context::Form => self.update_form(action),
            Context::ConfirmQuit => self.update_confirm_quit(action),
            Context::DraftFuture | Context::DeleteFuture => self.update_future_question(action),
            Context::Locked => self.update_locked(action),
            Context::Export => match action {
                Action::ExportAs(format) => {
                    self.mode = Mode::Normal;
                    Some(Effect::Export(format))
                }
                Action::Back => {
                    self.mode = Mode::Normal;
                    None
                }
                _ => None,
            },
            Context::Annotations => self.update_annotations(action),
            Context::Start => self.update_start(action),
            Context::Map => self.update_map(action),
        };
        self.clamp_selection();
        self.keep_selection_visible();
        effect
    }

    /// A click selects the step under it (in either map); a double click opens its form.
    fn click(&mut self, x: u16, y: u16, double: bool) {
        if self.screen != Screen::Map || !matches!(self.mode, Mode::Normal) {
            return;
        }
        let area = ratatui::layout::Rect::new(0, 0, self.viewport.0, self.viewport.1);
        let Some((which, at)) = crate::ui::sections::step_at(self, area, x, y) else {
            return;
        };
        if which != self.focus {
            self.switch_focus();
        }
        self.selection = at;
        if double {
            self.update(Action::EditStep);
        }
    }

    fn open_help(&mut self) {
        let back = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = Mode::Help {
            scroll: 0,
            back: Box::new(back),
        };
    }

    fn update_help(&mut self, action: Action) -> Option<Effect> {
        if let Mode::Help { scroll, back } = &mut self.mode {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                Action::Back => {
                    let back = std::mem::replace(back.as_mut(), Mode::Normal);
                    self.mode = back;
                }
                _ => {}
            }
        }
        None
    }

    fn update_start(&mut self, action: Action) -> Option<Effect> {
        let count = self.start_entries.len();
        match action {
            Action::Up => self.start_selected = (self.start_selected + count - 1) % count,
            Action::Down => self.start_selected = (self.start_selected + 1) % count,
            Action::NewSession => self.new_session_form(),
            Action::OpenDemo => self.open_demo(),
            Action::Open => match self.start_entries.get(self.start_selected).cloned() {
                Some(StartEntry::NewSession) => self.new_session_form(),
                Some(StartEntry::Demo) => self.open_demo(),
                Some(StartEntry::Recent(recent)) => return Some(Effect::Open(recent.path)),
                Some(StartEntry::Recovered(recovered)) => {
                    return Some(Effect::OpenRecovered(recovered.path));
                }
                None => {}
            },
            Action::Help => self.open_help(),
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        None
    }

    fn new_session_form(&mut self) {
        let calendar = self.new_session_calendar;
        self.mode = Mode::Form(Form::session(true, "", &calendar, None));
    }

    fn open_demo(&mut self) {
        self.open(crate::session::demo(), None);
        self.say("Tailspin demo: Ctrl+S saves a copy in your data folder");
    }

    /// Applies an accepted change to a copy of the document and records the old one for undo.
    fn change(
        &mut self,
        apply: impl FnOnce(&mut Session, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let mut session = self.session.clone();
        let mut selection = self.selection;
        match apply(&mut session, &mut selection) {
            Ok(message) => {
                let before = std::mem::replace(&mut self.session, session);
                self.history.record(before, self.selection);
                self.selection = selection;
                if !message.is_empty() {
                    self.say(message);
                }
                true
            }
            Err(message) => {
                self.warn(message);
                false
            }
        }
    }

    /// An accepted change to the focused map.
    fn change_map(
        &mut self,
        apply: impl FnOnce(&mut Map, &mut StepAt) -> Result<String, String>,
    ) -> bool {
        let which = self.focus;
        self.change(|session, selection| {
            let map = session
                .map_mut(which)
                .ok_or("there is no future state: F drafts one")?;
            apply(map, selection)
        })
    }

    fn update_map(&mut self, action: Action) -> Option<Effect> {
        let stages = self.map().stages.len();
        let at = self.selection;
        match action {
            Action::Left => self.selection = StepAt::new(at.stage.saturating_sub(1), 0),
            Action::Right if at.stage + 1 < stages => self.selection = StepAt::new(at.stage + 1, 0),
            Action::Up => self.selection.step = at.step.saturating_sub(1),
            Action::Down => self.selection.step = at.step + 1,
            Action::First => self.selection = StepAt::new(0, 0),
            Action::Last => self.selection = StepAt::new(stages.saturating_sub(1), 0),
            Action::AddStepAfter => self.new_step_form(Placement::After),
            Action::AddStepBefore => self.new_step_form(Placement::Before),
            Action::AddParallelStep => self.new_step_form(Placement::Parallel),
            Action::EditStep => match self.selected_step() {
                Some(step) => {
                    let title = format!("Edit step: {}", step.name);
                    self.mode = Mode::Form(Form::step(FormKind::EditStep(at), title, step));
                }
                None => self.new_step_form(Placement::After),
            },
            Action::DeleteStep => {
                self.change_map(|map, selection| {
                    let (step, next) = map
                        .remove_step(*selection)
                        .ok_or("no step to delete: press a to add one")?;
                    *selection = next.unwrap_or_default();
                    Ok(format!("Deleted '{}': u undoes", step.name))
                });
            }
            Action::MoveLeft | Action::MoveRight => {
                let left = action == Action::MoveLeft;
                self.change_map(|map, selection| {
                    let stage = map
                        .move_stage(selection.stage, left)
                        .ok_or("already at the end of the map")?;
                    selection.stage = stage;
                    Ok(String::new())
                });
            }
            Action::EditQueue => {
                if at.stage < stages {
                    let queue = self.map().stages[at.stage].queue.as_ref();
                    self.mode = Mode::Form(Form::queue(at.stage, queue));
                } else {
                    self.warn("add a step first: a queue sits before a stage");
                }
            }
            Action::DeleteQueue => {
                self.change_map(|map, selection| {
                    map.stages
                        .get_mut(selection.stage)
                        .and_then(|stage| stage.queue.take())
                        .map(|queue| format!("Deleted queue '{}': u undoes", queue.label))
                        .ok_or_else(|| "there is no queue before this stage".to_string())
                });
            }
            Action::StepAnnotations => {
                if self.selected_step().is_some() {
                    self.mode = Mode::Annotations {
                        target: Target::Step(at),
                        selected: 0,
                    };
                } else {
                    self.warn("add a step first, or press N for notes on the whole map");
                }
            }
            Action::MapAnnotations => {
                self.mode = Mode::Annotations {
                    target: Target::Map,
                    selected: 0,
                }
            }
            Action::EditSession => {
                let s = &self.session;
                self.mode = Mode::Form(Form::session(false, &s.title, &s.calendar, s.held_on));
            }
            Action::DraftFuture => {
                if self.session.future.is_some() {
                    self.warn("there is a future state already: Tab moves to it, D deletes it");
                } else {
                    self.mode = Mode::Confirm(Question::DraftFuture);
                }
            }
            Action::DeleteFuture => {
                if self.session.future.is_some() {
                    self.mode = Mode::Confirm(Question::DeleteFuture);
                } else {
                    self.warn("there is no future state to delete");
                }
            }
            Action::SwitchMap => {
                if self.session.future.is_some() {
                    self.switch_focus();
                    self.say(format!("Editing the {}", self.focus.name()));
                } else {
                    self.warn("there is no future state yet: F drafts one");
                }
            }
            Action::ToggleView => {
                self.view = match self.view {
                    View::Split if self.session.future.is_some() => View::Single,
                    View::Split => {
                        self.warn("there is one map only: F drafts a future state");
                        View::Split
                    }
                    View::Single | View::Comparison => View::Split,
                };
            }
            Action::Compare => {
                self.view = match self.view {
                    View::Comparison => View::Split,
                    _ if self.session.future.is_some() => View::Comparison,
                    view => {
                        self.warn("nothing to compare yet: F drafts a future state");
                        view
                    }
                };
            }
            Action::Export => self.mode = Mode::Confirm(Question::Export),
            Action::CycleTheme => {
                self.theme = self.theme.next();
                self.say(format!("Theme: {} (remembered)", self.theme.label()));
                return Some(Effect::RememberSettings);
            }
            Action::CycleZoom => {
                self.zoom = self.zoom.next();
                self.say(format!("Zoom: {} (remembered)", self.zoom.label()));
                return Some(Effect::RememberSettings);
            }
            Action::Present => {
                self.presenting = !self.presenting;
                if self.presenting {
                    self.say("Presentation: P or Esc goes back; editing keys still work");
                }
            }
            Action::Back if self.presenting => self.presenting = false,
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Save => return Some(Effect::Save { quit_after: false }),
            Action::Help => self.open_help(),
            Action::Quit => {
                // A session with a file is autosaved: only a session without one can lose work.
                let unwritten = self.path.is_none() || self.write_failed;
                if self.is_dirty() && unwritten && !self.read_only {
                    self.mode = Mode::Confirm(Question::Quit);
                } else {
                    return Some(Effect::Quit);
                }
            }
            _ => {}
        }
        None
    }

    fn undo(&mut self) {
        match self.history.undo(self.session.clone(), self.selection) {
            Some((session, selection)) => {
                self.session = session;
                self.selection = selection;
                self.say("Undone: Ctrl+R redoes");
            }
            None => self.warn("nothing to undo"),
        }
    }

    fn redo(&mut self) {
        match self.history.redo(self.session.clone(), self.selection) {
            Some((session, selection)) => {
                self.session = session;
                self.selection = selection;
                self.say("Redone");
            }
            None => self.warn("nothing to redo"),
        }
    }

    fn new_step_form(&mut self, placement: Placement) {
        let map = self.map();
        if map.stages.is_empty() && placement == Placement::Parallel {
            self.warn("add a first step with a before adding a parallel one");
            return;
        }
        let mut step = Step::new(0, "");
        if let Some(selected) = self.selected_step() {
            step.phase = selected.phase.clone();
        }
        let title = match placement {
            Placement::After => "New step after the selected stage",
            Placement::Before => "New step before the selected stage",
            Placement::Parallel => "New step in parallel to the selected one",
        };
        let title = if map.stages.is_empty() {
            "First step"
        } else {
            title
        };
        self.mode = Mode::Form(Form::step(
            FormKind::NewStep(placement),
            title.into(),
            &step,
        ));
    }

    fn update_future_question(&mut self, action: Action) -> Option<Effect> {
        let copy = match action {
            Action::CopyCurrent => Some(true),
            Action::EmptyMap => Some(false),
            _ => None,
        };
        match (self.context(), action) {
            (Context::DraftFuture, Action::CopyCurrent | Action::EmptyMap) => {
                self.mode = Mode::Normal;
                let copy = copy.unwrap_or(true);
                self.change(|session, _| {
                    session.draft_future(copy);
                    Ok(if copy {
                        "Future state drafted as a copy: edit it below, Tab switches maps".into()
                    } else {
                        "Empty future state drafted: a adds its first step, Tab switches maps"
                            .into()
                    })
                });
                if self.focus == Which::Current {
                    self.switch_focus();
                }
                self.selection = StepAt::default();
                self.view = View::Split;
            }
            (Context::DeleteFuture, Action::Yes) => {
                self.mode = Mode::Normal;
                if self.focus == Which::Future {
                    self.switch_focus();
                }
                self.change(|session, _| {
                    session.future = None;
                    Ok("Future state deleted: u undoes".into())
                });
            }
            (_, Action::Back) => self.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    fn update_locked(&mut self, action: Action) -> Option<Effect> {
        let locked = self.locked.take()?;
        match action {
            Action::ReadOnly => {
                let holder = locked.holder.clone();
                self.open(locked.session, Some(locked.path));
                self.read_only = true;
                self.warn(format!("Read-only: {holder} has this file open"));
                None
            }
            Action::TakeOver => {
                self.mode = Mode::Normal;
                Some(Effect::TakeOver(locked.path))
            }
            Action::Back => {
                self.mode = Mode::Normal;
                None
            }
            _ => {
                self.locked = Some(locked);
                None
            }
        }
    }

    fn update_confirm_quit(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::SaveAndQuit => {
                self.mode = Mode::Normal;
                Some(Effect::Save { quit_after: true })
            }
            Action::QuitWithoutSaving => Some(Effect::Quit),
            Action::Back => {
                self.mode = Mode::Normal;
                None
            }
            _ => None,
        }
    }

    fn annotations_of(&self, target: Target) -> &[Annotation] {
        match target {
            Target::Map => &self.map().annotations,
            Target::Step(at) => self
                .map()
                .step(at)
                .map(|s| s.annotations.as_slice())
                .unwrap_or_default(),
        }
    }

    fn update_annotations(&mut self, action: Action) -> Option<Effect> {
        let Mode::Annotations { target, selected } = self.mode else {
            return None;
        };
        let count = self.annotations_of(target).len();
        match action {
            Action::Up => self.set_annotation_selected(selected.saturating_sub(1)),
            Action::Down => {
                self.set_annotation_selected((selected + 1).min(count.saturating_sub(1)))
            }
            Action::AddAnnotation => {
                self.mode = Mode::Form(Form::annotation(
                    FormKind::NewAnnotation(target),
                    "New annotation".into(),
                    None,
                ));
            }
            Action::EditAnnotation => {
                if let Some(annotation) = self.annotations_of(target).get(selected) {
                    self.mode = Mode::Form(Form::annotation(
                        FormKind::EditAnnotation(target, selected),
                        "Edit annotation".into(),
                        Some(annotation),
                    ));
                } else {
                    self.mode = Mode::Form(Form::annotation(
                        FormKind::NewAnnotation(target),
                        "New annotation".into(),
                        None,
                    ));
                }
            }
            Action::DeleteAnnotation => {
                let changed = self.change_map(|map, _| {
                    let list = annotations_mut(map, target).ok_or("that step is gone")?;
                    if selected >= list.len() {
                        return Err("no annotation to delete: press a to add one".into());
                    }
                    let removed = list.remove(selected);
                    Ok(format!(
                        "Deleted {} annotation: u undoes",
                        removed.kind.name()
                    ))
                });
                if changed {
                    self.set_annotation_selected(selected.min(count.saturating_sub(2)));
                }
            }
            Action::LinkIdea => self.link_idea(target, selected),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Help => self.open_help(),
            Action::Back => self.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    /// Links an idea on the current map to the selected future step, or unlinks it.
    fn link_idea(&mut self, target: Target, selected: usize) {
        if self.focus != Which::Current {
            self.warn("ideas are linked from the current map: Tab to it, then n on the step");
            return;
        }
        let Some(future_step) = self
            .session
            .future
            .as_ref()
            .and_then(|f| f.step(self.other_selection))
            .map(|s| (s.id, s.name.clone()))
        else {
            self.warn(
                "select the future step that realises the idea first (F drafts a future state)",
            );
            return;
        };
        match self.annotations_of(target).get(selected) {
            Some(a) if a.kind == AnnotationKind::Idea => {}
            _ => {
                self.warn("only ideas are linked to future steps");
                return;
            }
        }
        let (id, name) = future_step;
        self.change_map(|map, _| {
            let list = annotations_mut(map, target).ok_or("that step is gone")?;
            let links = &mut list[selected].realised_by;
            Ok(if let Some(at) = links.iter().position(|l| *l == id) {
                links.remove(at);
                format!("Idea no longer linked to '{name}'")
            } else {
                links.push(id);
                format!("Idea realised by future step '{name}'")
            })
        });
    }

    fn set_annotation_selected(&mut self, index: usize) {
        if let Mode::Annotations { selected, .. } = &mut self.mode {
            *selected = index;
        }
    }

    fn update_form(&mut self, action: Action) -> Option<Effect> {
        let Mode::Form(form) = &mut self.mode else {
            return None;
        };
        match action {
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::Type(key) => form.type_key(key),
            Action::Back => {
                let kind = form.kind.clone();
                self.mode = self.mode_after_form(&kind, None);
                if matches!(kind, FormKind::Session { new: true }) && self.screen == Screen::Start {
                    self.mode = Mode::Normal;
                }
            }
            Action::Submit => {
                let form = form.clone();
                match self.submit(&form) {
                    Ok(index) => self.mode = self.mode_after_form(&form.kind, index),
                    Err((field, message)) => {
                        if let Mode::Form(open) = &mut self.mode {
                            open.fail(field, message);
                        }
                    }
                }
            }
            _ => {}
        }
        None
    }

    /// Annotation forms return to their list; other forms to the map.
    fn mode_after_form(&self, kind: &FormKind, index: Option<usize>) -> Mode {
        match kind {
            FormKind::NewAnnotation(target) => Mode::Annotations {
                target: *target,
                selected: index.unwrap_or(0),
            },
            FormKind::EditAnnotation(target, i) => Mode::Annotations {
                target: *target,
                selected: *i,
            },
            _ => Mode::Normal,
        }
    }

    /// Applies a form. Returns the index of a new annotation, or the field that is wrong.
    fn submit(&mut self, form: &Form) -> Result<Option<usize>, (usize, String)> {
        let calendar = self.session.calendar;
        match &form.kind {
            FormKind::NewStep(placement) => {
                let id = self.session.next_step_id();
                let step = form.to_step(Step::new(id, ""), &calendar)?;
                let placement = *placement;
                self.change_map(|map, selection| {
                    let empty = map.stages.is_empty();
                    let name = step.name.clone();
                    *selection = match placement {
                        _ if empty => map.insert_stage(0, step),
                        Placement::After => map.insert_stage(selection.stage + 1, step),
                        Placement::Before => map.insert_stage(selection.stage, step),
                        Placement::Parallel => map
                            .add_parallel(selection.stage, step)
                            .ok_or("no stage selected")?,
                    };
                    Ok(format!("Added '{name}'"))
                });
                Ok(None)
            }
            FormKind::EditStep(at) => {
                let old = self
                    .map()
                    .step(*at)
                    .cloned()
                    .ok_or((0, "that step is gone".to_string()))?;
                let step = form.to_step(old.clone(), &calendar)?;
                if step != old {
                    let at = *at;
                    self.change_map(|map, _| {
                        if let Some(slot) = map.step_mut(at) {
                            *slot = step;
                        }
                        Ok(String::new())
                    });
                }
                Ok(None)
            }
            FormKind::Queue { stage } => {
                let queue = form.to_queue()?;
                let stage = *stage;
                self.change_map(|map, _| {
                    let slot = map.stages.get_mut(stage).ok_or("that stage is gone")?;
                    slot.queue = Some(queue);
                    Ok(String::new())
                });
                Ok(None)
            }
            FormKind::NewAnnotation(target) | FormKind::EditAnnotation(target, _) => {
                let annotation = form.to_annotation()?;
                let target = *target;
                let editing = match form.kind {
                    FormKind::EditAnnotation(_, i) => Some(i),
                    _ => None,
                };
                let mut index = None;
                self.change_map(|map, _| {
                    let list = annotations_mut(map, target).ok_or("that step is gone")?;
                    match editing {
                        Some(i) if i < list.len() => {
                            let realised_by = std::mem::take(&mut list[i].realised_by);
                            list[i] = Annotation {
                                realised_by,
                                ..annotation
                            };
                        }
                        _ => {
                            list.push(annotation);
                            index = Some(list.len() - 1);
                        }
                    }
                    Ok(String::new())
                });
                Ok(index)
            }
            FormKind::Session { new } => {
                let (title, new_calendar, held_on) = form.to_session_fields()?;
                if *new {
                    let mut session = Session::new(title);
                    session.calendar = new_calendar;
                    session.held_on = held_on;
                    self.open(session, None);
                    self.saved = Session::new("");
                    self.say("New session: press a to add the first step");
                    return Ok(None);
                }
                let broken = self
                    .map()
                    .steps()
                    .find(|s| s.validate(&new_calendar).is_err());
                if let Some(step) = broken {
                    let field = if new_calendar.hours_per_day != calendar.hours_per_day {
                        1
                    } else {
                        2
                    };
                    return Err((
                        field,
                        format!(
                            "with this calendar '{}' would have a lead time shorter than its process time",
                            step.name
                        ),
                    ));
                }
                self.change(|session: &mut Session, _: &mut StepAt| {
                    session.title = title;
                    session.calendar = new_calendar;
                    session.held_on = held_on;
                    Ok(String::new())
                });
                Ok(None)
            }
        }
    }

    fn clamp_selection(&mut self) {
        if self.session.future.is_none() && self.focus == Which::Future {
            self.switch_focus();
        }
        if self.session.future.is_none() && self.view != View::Split {
            self.view = View::Split;
        }
        let stages = self.map().stages.len();
        if stages == 0 {
            self.selection = StepAt::default();
            return;
        }
        self.selection.stage = self.selection.stage.min(stages - 1);
        let steps = self.map().stages[self.selection.stage].steps.len();
        self.selection.step = self.selection.step.min(steps.saturating_sub(1));
    }

    fn keep_selection_visible(&mut self) {
        let (width, height) = self.viewport;
        let layout = geometry::MapLayout::new(self.map(), width, height, self.zoom);
        self.scroll = geometry::keep_visible(
            self.scroll,
            self.selection.stage,
            layout.visible_stages,
            self.map().stages.len(),
        );
    }

    /// Called by the event loop once a save finished.
    pub fn saved_to(&mut self, path: PathBuf, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.say(format!("Saved to {}", path.display()));
                self.saved = self.session.clone();
                self.path = Some(path);
            }
            Err(message) => {
                self.warn(format!(
                    "Not saved: {message}. Your changes are still here."
                ));
            }
        }
    }
}

fn annotations_mut(map: &mut Map, target: Target) -> Option<&mut Vec<Annotation>> {
    match target {
        Target::Map => Some(&mut map.annotations),
        Target::Step(at) => map.step_mut(at).map(|s| &mut s.annotations),
    }
}
