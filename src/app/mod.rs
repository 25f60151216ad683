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
pub mod document;
pub mod drawn;
mod edit;
pub mod file_link;
pub mod finder;
pub mod flow_fields;
pub mod form;
pub mod form_guide;
mod forms;
pub mod fuzzy;
mod help;
pub use document::history;
mod idea_grid;
pub mod keymap;
mod loading;
mod map_screen;
pub mod measured;
mod notes;
mod notice;
pub mod palette;
pub mod scene;
pub mod search;
pub mod settings;
mod start;
pub mod state;
pub mod step_entry;
mod totals_field;
mod typing;
pub mod viewer;
mod voting;

use std::path::PathBuf;
use std::rc::Rc;

use ratatui::crossterm::event::KeyEvent;

pub use action::Action;
pub use document::Document;
pub use drawn::Drawn;
pub use file_link::FileLink;
use keymap::{Context, Keymap};
pub use scene::Scene;
pub use settings::{MIN_SIZE, ThemeName, Zoom};
pub use state::{Effect, LockedFile, Mode, Question, Screen, StartEntry, Status, Target, View};
pub use viewer::Viewer;

use crate::model::compare::Comparison;
use crate::model::map::StepAt;
use crate::model::{Map, Session, Step, Which};
use crate::session::recent::RecentSession;

/// The facilitator's app: the one document, its file, and the facilitator's own view of it.
/// Remote participants get a `Viewer` of their own onto the same document.
#[derive(Debug, Clone)]
pub struct App {
    /// The session, its revision, history and derived figures: read with `session()`, written
    /// only through the document's change, undo, redo and open.
    doc: Document,
    /// Where the document lives on disk and what is there.
    pub file: FileLink,
    /// What the facilitator sees: screen, mode, selection, scroll, theme, status line.
    pub viewer: Viewer,
    pub keymap: Keymap,
    pub start_entries: Vec<StartEntry>,
    pub start_selected: usize,
    /// Recent sessions whose file is not written yet (opened by a new path, nothing changed):
    /// listed as "not saved yet", and opened as new again.
    pub start_not_saved: Vec<PathBuf>,
    /// The work calendar new sessions start with (from the config).
    pub new_session_calendar: crate::model::WorkCalendar,
    pub measuring: measured::Measuring,
}

impl App {
    /// The start screen, listing recent sessions newest first.
    pub fn start(recent: Vec<RecentSession>) -> App {
        let mut start_entries = vec![StartEntry::NewSession, StartEntry::Demo];
        // The cursor starts on the session used last, else on the demo.
        let start_selected = if recent.is_empty() { 1 } else { 2 };
        start_entries.extend(recent.into_iter().map(StartEntry::Recent));
        App {
            doc: Document::default(),
            file: FileLink::default(),
            viewer: Viewer::default(),
            keymap: Keymap::default(),
            start_entries,
            start_selected,
            start_not_saved: Vec::new(),
            new_session_calendar: crate::model::WorkCalendar::default(),
            measuring: measured::Measuring::default(),
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
        self.doc.open(session);
        self.file = FileLink::opened(path, self.doc.revision());
        self.viewer.opened();
        self.measuring.log = None;
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn session(&self) -> &Session {
        self.doc.session()
    }

    pub fn revision(&self) -> u64 {
        self.doc.revision()
    }

    /// What the facilitator sees, for drawing.
    pub fn scene(&self) -> Scene<'_> {
        self.scene_for(&self.viewer)
    }

    /// What another viewer of the same document sees.
    pub fn scene_for<'a>(&'a self, viewer: &'a Viewer) -> Scene<'a> {
        Scene {
            doc: &self.doc,
            viewer,
            file: &self.file,
            keymap: &self.keymap,
            start_entries: &self.start_entries,
            start_selected: self.start_selected,
            start_not_saved: &self.start_not_saved,
            measuring: &self.measuring,
        }
    }

    pub fn comparison(&self) -> Option<Rc<Comparison>> {
        self.doc.comparison()
    }

    pub fn metrics(&self, which: Which) -> Option<Rc<crate::model::MapMetrics>> {
        self.doc.metrics(which)
    }

    /// The map being edited: the current state, or the future state when focused.
    pub fn map(&self) -> &Map {
        self.scene().map()
    }

    pub fn switch_focus(&mut self) {
        self.viewer.switch_focus();
    }

    pub fn selected_step(&self) -> Option<&Step> {
        self.map().step(self.viewer.selection)
    }

    pub fn too_small(&self) -> bool {
        self.viewer.too_small()
    }

    /// The maps the room can see: those the last frame drew.
    pub fn shows(&self, which: Which) -> bool {
        self.viewer.shows(which)
    }

    pub fn context(&self) -> Context {
        self.viewer.context()
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
        match (self.context(), &mut self.viewer.mode) {
            (Context::Form, Mode::Form(form)) => {
                if let Err(why) = form.paste(text) {
                    self.warn(why);
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
        self.viewer.record_drawn(drawn);
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.viewer.say(text);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.viewer.warn(text);
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if let Action::Resize(w, h) = action {
            self.viewer.viewport = (w, h);
            self.keep_selection_visible();
            return None;
        }
        let typed = matches!(action, Action::Type(_));
        if !typed {
            self.viewer.status = None;
        }
        let maps_states = self.context() == Context::Mapping && action.edits_mapping();
        let edits = action.edits() || maps_states;
        if let Some(why) = self.file.read_only.as_ref().filter(|_| edits)
            && self.viewer.screen == Screen::Map
        {
            let why = if why.is_empty() {
                "another vsm has this file open; reopen it when that one is closed".to_string()
            } else {
                why.clone()
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
                        self.viewer.mode = Mode::Normal;
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
        if !typed {
            self.notice_after_action();
        }
        effect
    }

    /// Leaving: asks when the work would be lost.
    fn quit(&mut self) -> Option<Effect> {
        // A session with a file is autosaved, and when its writes fail the runtime keeps the
        // edits in a recovery file on the way out (asking only if that fails too): only a
        // session without a file needs asking here.
        if self.viewer.screen == Screen::Map
            && self.is_dirty()
            && self.file.path.is_none()
            && !self.file.is_read_only()
        {
            self.viewer.mode = Mode::Confirm(Question::Quit);
            None
        } else {
            Some(Effect::Quit)
        }
    }

    fn clamp_selection(&mut self) {
        if self.session().future.is_none() && self.viewer.focus == Which::Future {
            self.switch_focus();
        }
        if self.session().future.is_none() && self.viewer.view != View::Split {
            self.viewer.view = View::Split;
        }
        let stages = self.map().stages.len();
        if stages == 0 {
            self.viewer.selection = StepAt::default();
            return;
        }
        self.viewer.selection.stage = self.viewer.selection.stage.min(stages - 1);
        let steps = self.map().stages[self.viewer.selection.stage].steps.len();
        self.viewer.selection.step = self.viewer.selection.step.min(steps.saturating_sub(1));
    }

    /// Scrolls the focused map so the selected stage is in view, by as many stages as the last
    /// frame showed of it.
    fn keep_selection_visible(&mut self) {
        // Not drawn yet: the next frame scrolls as little as it must from where it was.
        let Some(visible) = self
            .viewer
            .drawn
            .map(self.viewer.focus)
            .map(|m| m.visible_stages)
        else {
            return;
        };
        self.viewer.scroll = drawn::keep_visible(
            self.viewer.scroll,
            self.viewer.selection.stage,
            visible,
            self.map().stages.len(),
        );
    }
}
