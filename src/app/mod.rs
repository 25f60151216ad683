//! The Elm architecture: `App` state, `Action`s, one `update`, and the effects it asks the event
//! loop to carry out. No drawing and no file access here. This file holds the state and routes
//! each action to the module of the mode in force; each mode has its own small `update`.

pub mod action;
pub mod action_filter;
mod action_plan;
pub mod changed_on_disk;
mod charter_form;
pub mod colors;
mod comparison;
mod confirm;
mod derived;
pub mod drawn;
mod edit;
mod file_state;
pub mod finder;
pub mod flow_fields;
pub mod form;
mod forms;
pub mod fuzzy;
mod help;
pub mod history;
mod idea_grid;
pub mod keymap;
mod map_screen;
pub mod measured;
mod notes;
pub mod palette;
pub mod search;
pub mod settings;
mod start;
pub mod state;
mod typing;
mod voting;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use ratatui::crossterm::event::KeyEvent;

pub use action::Action;
use derived::ComparisonKey;
pub use drawn::Drawn;
use history::History;
use keymap::{Context, Keymap};
pub use settings::{MIN_SIZE, ThemeName, Zoom};
pub use state::{Effect, LockedFile, Mode, Question, Screen, StartEntry, Status, Target, View};

use crate::model::compare::Comparison;
use crate::model::map::StepAt;
use crate::model::{Map, Session, Step, Which};
use crate::session::recent::RecentSession;

/// A revision that no document has: "never saved".
pub(super) const NEVER: u64 = u64::MAX;

#[derive(Debug, Clone)]
pub struct App {
    pub session: Session,
    /// The session file; `None` until first saved (the demo, a new session).
    pub path: Option<PathBuf>,
    /// Which version of the document this is: a new number for every change, the old number
    /// back on undo. Saved and written states are told by revision, never by comparing documents.
    pub revision: u64,
    /// The revision as last saved or opened, to tell whether there are unsaved changes.
    pub saved_revision: u64,
    /// The revision last written to disk by a save or an autosave.
    pub written_revision: u64,
    /// `path` names a file that the first change creates: nothing is saved yet.
    pub file_pending: bool,
    next_revision: u64,
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
    /// Lines scrolled in the full-screen comparison.
    pub comparison_scroll: u16,
    pub viewport: (u16, u16),
    /// What the last frame showed.
    pub drawn: Drawn,
    pub history: History,
    pub status: Option<Status>,
    pub keymap: Keymap,
    pub start_entries: Vec<StartEntry>,
    pub start_selected: usize,
    /// Shown without allowing edits (another vsm has the file open).
    pub read_only: bool,
    /// Why edits are refused, said when one is tried.
    pub read_only_why: String,
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
    /// What was said drawn as notes next to the steps, where there is room (else badges).
    pub stickies: bool,
    /// The work calendar new sessions start with (from the config).
    pub new_session_calendar: crate::model::WorkCalendar,
    pub measuring: measured::Measuring,
    /// The comparison of the two maps, computed once per version of the document.
    comparison_cache: RefCell<Option<(ComparisonKey, Rc<Comparison>)>>,
    /// Each map's metrics, computed once per version of the document.
    metrics_cache: RefCell<Vec<derived::MetricsEntry>>,
    notes_rows_cache: RefCell<derived::NotesRowsCache>,
    stage_notes_cache: RefCell<derived::StageNotesCache>,
    /// The session file as it is open: lock, what was last read or written. Set by the runtime.
    pub disk: Option<crate::session::Disk>,
    /// The user chose to quit without the unsaved edits.
    pub discard_edits: bool,
    /// A last word for the shell after the terminal is given back (where edits went).
    pub farewell: Option<String>,
    /// Mouse capture on (clicks select steps) or off (the terminal selects text to copy).
    pub mouse: bool,
    /// The colours the terminal shows.
    pub colors: colors::Colors,
}

impl App {
    /// The start screen, listing recent sessions newest first.
    pub fn start(recent: Vec<RecentSession>) -> App {
        let mut start_entries = vec![StartEntry::NewSession, StartEntry::Demo];
        // The cursor starts on the session used last, else on the demo.
        let start_selected = if recent.is_empty() { 1 } else { 2 };
        start_entries.extend(recent.into_iter().map(StartEntry::Recent));
        App {
            session: Session::new(""),
            path: None,
            revision: 0,
            saved_revision: 0,
            written_revision: 0,
            file_pending: false,
            next_revision: 1,
            screen: Screen::Start,
            mode: Mode::Normal,
            focus: Which::Current,
            view: View::Split,
            selection: StepAt::default(),
            scroll: 0,
            other_selection: StepAt::default(),
            other_scroll: 0,
            comparison_scroll: 0,
            viewport: (80, 24),
            drawn: Drawn::default(),
            history: History::default(),
            status: None,
            keymap: Keymap::default(),
            start_entries,
            start_selected,
            read_only: false,
            read_only_why: String::new(),
            recovery_path: None,
            locked: None,
            write_failed: false,
            theme: ThemeName::default(),
            no_color: false,
            zoom: Zoom::default(),
            presenting: false,
            stickies: true,
            new_session_calendar: crate::model::WorkCalendar::default(),
            comparison_cache: RefCell::new(None),
            metrics_cache: RefCell::new(Vec::new()),
            notes_rows_cache: RefCell::default(),
            stage_notes_cache: RefCell::default(),
            measuring: measured::Measuring::default(),
            disk: None,
            discard_edits: false,
            farewell: None,
            mouse: true,
            colors: colors::Colors::default(),
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
        self.session = session;
        self.revision = self.new_revision();
        self.saved_revision = self.revision;
        self.written_revision = self.revision;
        self.file_pending = false;
        self.read_only = false;
        self.read_only_why.clear();
        self.recovery_path = None;
        self.locked = None;
        self.path = path;
        self.screen = Screen::Map;
        self.mode = Mode::Normal;
        self.selection = StepAt::default();
        self.scroll = 0;
        self.other_selection = StepAt::default();
        self.other_scroll = 0;
        self.comparison_scroll = 0;
        self.focus = Which::Current;
        self.view = View::Split;
        self.history = History::default();
        self.measuring.log = None;
    }

    fn new_revision(&mut self) -> u64 {
        let revision = self.next_revision;
        self.next_revision += 1;
        revision
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

    pub fn selected_step(&self) -> Option<&Step> {
        self.map().step(self.selection)
    }

    /// The window is smaller than the map screen needs: nothing is drawn but a message.
    pub fn too_small(&self) -> bool {
        self.viewport.0 < MIN_SIZE.0 || self.viewport.1 < MIN_SIZE.1
    }

    /// The maps the room can see: those the last frame drew.
    pub fn shows(&self, which: Which) -> bool {
        self.screen == Screen::Map && !self.too_small() && self.drawn.shows(which)
    }

    pub fn context(&self) -> Context {
        match (&self.screen, &self.mode) {
            _ if self.too_small() => Context::TooSmall,
            (_, Mode::Help { .. }) => Context::Help,
            (_, Mode::Palette(_)) => Context::Palette,
            (_, Mode::Search(_)) => Context::Search,
            (_, Mode::Form(_)) => Context::Form,
            (_, Mode::Confirm(Question::Quit)) => Context::ConfirmQuit,
            (_, Mode::Confirm(Question::DraftFuture)) => Context::DraftFuture,
            (_, Mode::Confirm(Question::DeleteFuture)) => Context::DeleteFuture,
            (_, Mode::Confirm(Question::Locked)) => Context::Locked,
            (_, Mode::Confirm(Question::Export)) => Context::Export,
            (_, Mode::Confirm(Question::CopyMeasured)) => Context::CopyMeasured,
            (_, Mode::Mapping { .. }) => Context::Mapping,
            (_, Mode::Flow { .. }) => Context::Flow,
            (_, Mode::Voting { .. }) => Context::Voting,
            (_, Mode::Actions { .. }) => Context::Actions,
            (_, Mode::Grid { .. }) => Context::Grid,
            (_, Mode::Confirm(Question::ChangedOnDisk)) => Context::ChangedOnDisk,
            (_, Mode::Annotations { .. }) => Context::Annotations,
            (Screen::Start, _) => Context::Start,
            (Screen::Map, _) if self.view == View::Comparison && !self.presenting => {
                Context::Comparison
            }
            (Screen::Map, _) => Context::Map,
        }
    }

    /// A key pressed: looked up in the keymap for the current place, or typed into a form.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let context = self.context();
        match self.keymap.action(context, key) {
            Some(action) => self.update(action),
            // Places with a text to type into take the keys they do not bind.
            None if matches!(
                context,
                Context::Form
                    | Context::Palette
                    | Context::Search
                    | Context::Help
                    | Context::Voting
            ) =>
            {
                self.update(Action::Type(key))
            }
            None => None,
        }
    }

    /// Text pasted from the clipboard: typed into the field being edited, never run as keys.
    pub fn handle_paste(&mut self, text: &str) {
        match (self.context(), &mut self.mode) {
            (Context::Form, Mode::Form(form)) => {
                if !form.paste(text) {
                    self.warn("paste goes into a text field: this one is a choice (←/→)");
                }
            }
            (Context::Palette, Mode::Palette(palette)) => palette.finder.paste(text),
            (Context::Search, Mode::Search(search)) => search.finder.paste(text),
            (Context::TooSmall, _) => {}
            _ => self.warn("Paste ignored: open a field first (Enter edits, a adds a step)"),
        }
    }

    /// Records what the last frame showed, and keeps each map's scroll where it was drawn.
    pub fn record_drawn(&mut self, drawn: Drawn) {
        for map in &drawn.maps {
            if map.which == self.focus {
                self.scroll = map.first_stage;
            } else {
                self.other_scroll = map.first_stage;
            }
        }
        self.drawn = drawn;
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
        if let Action::Resize(w, h) = action {
            self.viewport = (w, h);
            self.keep_selection_visible();
            return None;
        }
        if !matches!(action, Action::Type(_)) {
            self.status = None;
        }
        let maps_states = self.context() == Context::Mapping && action.edits_mapping();
        if self.read_only && (action.edits() || maps_states) && self.screen == Screen::Map {
            let why = if self.read_only_why.is_empty() {
                "another vsm has this file open; reopen it when that one is closed"
            } else {
                &self.read_only_why
            };
            self.warn(format!("Read-only: {why}"));
            return None;
        }
        if let Action::Click(x, y) | Action::DoubleClick(x, y) = action {
            if self.context() == Context::Map {
                self.click(x, y, matches!(action, Action::DoubleClick(..)));
                self.keep_selection_visible();
            }
            return None;
        }
        let effect = match self.context() {
            Context::TooSmall => match action {
                Action::Quit => match self.quit() {
                    Some(effect) => Some(effect),
                    None => {
                        // The question cannot be shown in a window this small.
                        self.mode = Mode::Normal;
                        self.warn(
                            "Unsaved changes: enlarge the window to save them before quitting",
                        );
                        None
                    }
                },
                _ => None,
            },
            Context::Help => self.update_help(action),
            Context::Palette => self.update_palette(action),
            Context::Search => self.update_search(action),
            Context::Form => self.update_form(action),
            Context::ConfirmQuit => self.update_confirm_quit(action),
            Context::DraftFuture | Context::DeleteFuture => self.update_future_question(action),
            Context::Locked => self.update_locked(action),
            Context::Export => self.update_export(action),
            Context::ChangedOnDisk => self.update_changed_on_disk(action),
            Context::Annotations => self.update_annotations(action),
            Context::Start => self.update_start(action),
            Context::Comparison => self.update_comparison(action),
            Context::Mapping => self.update_mapping(action),
            Context::Flow => self.update_flow(action),
            Context::CopyMeasured => self.update_copy_measured(action),
            Context::Voting => self.update_voting(action),
            Context::Actions => self.update_actions(action),
            Context::Grid => self.update_grid(action),
            Context::Map => self.update_map(action),
        };
        self.clamp_selection();
        self.keep_selection_visible();
        effect
    }

    /// Leaving: asks when the work would be lost.
    fn quit(&mut self) -> Option<Effect> {
        // A session with a file is autosaved, and when its writes fail the runtime keeps the
        // edits in a recovery file on the way out (asking only if that fails too): only a
        // session without a file needs asking here.
        if self.screen == Screen::Map && self.is_dirty() && self.path.is_none() && !self.read_only {
            self.mode = Mode::Confirm(Question::Quit);
            None
        } else {
            Some(Effect::Quit)
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

    /// Scrolls the focused map so the selected stage is in view, by as many stages as the last
    /// frame showed of it.
    fn keep_selection_visible(&mut self) {
        // Not drawn yet: the next frame scrolls as little as it must from where it was.
        let Some(visible) = self.drawn.map(self.focus).map(|m| m.visible_stages) else {
            return;
        };
        self.scroll = drawn::keep_visible(
            self.scroll,
            self.selection.stage,
            visible,
            self.map().stages.len(),
        );
    }
}
