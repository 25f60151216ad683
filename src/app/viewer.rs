//! One viewer's state: what a person looking at the document sees and has selected. The
//! facilitator has one; each remote participant would have their own, onto the same document.

use super::keymap::Context;
use super::{Drawn, MIN_SIZE, Mode, Question, Screen, Status, ThemeName, View, Zoom, colors};
use crate::model::Which;
use crate::model::map::StepAt;

#[derive(Debug, Clone)]
pub struct Viewer {
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
    pub status: Option<Status>,
    /// A settings mistake kept on screen until dismissed or replaced (see `notice`).
    pub notice: Option<Status>,
    pub theme: ThemeName,
    /// `NO_COLOR` is set: emphasis by bold, reverse and underline only.
    pub no_color: bool,
    pub zoom: Zoom,
    /// Presentation mode: maps as large as the window allows, metrics in big digits.
    pub presenting: bool,
    /// What was said drawn as notes next to the steps, where there is room (else badges).
    pub stickies: bool,
    /// Mouse capture on (clicks select steps) or off (the terminal selects text to copy).
    pub mouse: bool,
    /// The colours the terminal shows.
    pub colors: colors::Colors,
}

impl Default for Viewer {
    fn default() -> Self {
        Viewer {
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
            status: None,
            notice: None,
            theme: ThemeName::default(),
            no_color: false,
            zoom: Zoom::default(),
            presenting: false,
            stickies: true,
            mouse: true,
            colors: colors::Colors::default(),
        }
    }
}

impl Viewer {
    /// A document was opened: its map screen from the first step, settings kept.
    pub fn opened(&mut self) {
        self.screen = Screen::Map;
        self.mode = Mode::Normal;
        self.selection = StepAt::default();
        self.scroll = 0;
        self.other_selection = StepAt::default();
        self.other_scroll = 0;
        self.comparison_scroll = 0;
        self.focus = Which::Current;
        self.view = View::Split;
    }

    pub fn switch_focus(&mut self) {
        std::mem::swap(&mut self.selection, &mut self.other_selection);
        std::mem::swap(&mut self.scroll, &mut self.other_scroll);
        self.focus = self.focus.other();
    }

    /// The window is smaller than the map screen needs: nothing is drawn but a message.
    pub fn too_small(&self) -> bool {
        self.viewport.0 < MIN_SIZE.0 || self.viewport.1 < MIN_SIZE.1
    }

    /// The maps this viewer can see: those the last frame drew.
    pub fn shows(&self, which: Which) -> bool {
        self.screen == Screen::Map && !self.too_small() && self.drawn.shows(which)
    }

    /// The place whose keys are in force.
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
}
