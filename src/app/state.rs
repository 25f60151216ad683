//! The kinds of state the app is in: screens, modes, questions, entries of the start screen,
//! status messages and the effects the event loop carries out.

use std::path::PathBuf;

use super::form::Form;
use crate::model::Session;
use crate::model::map::StepAt;
use crate::session::recent::RecentSession;
use crate::session::recovery::Recovered;

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
    CopyMeasured,
    /// Another program changed the session file: whose version to keep.
    ChangedOnDisk,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    Form(Form),
    Annotations {
        target: Target,
        selected: usize,
    },
    Help {
        scroll: u16,
        back: Box<Mode>,
        /// The place help was opened from: its keys come first.
        from: super::keymap::Context,
        /// Only keys whose description contains this (typed in help).
        filter: String,
    },
    Palette(super::palette::Palette),
    Search(super::search::Search),
    Confirm(Question),
    Mapping {
        selected: usize,
    },
    Flow {
        did_we_get_there: bool,
    },
    /// The ideas on the impact/effort grid, one selected (in map order).
    Grid {
        selected: usize,
    },
    /// The action plan, one action selected, some shown.
    Actions {
        selected: usize,
        filter: super::action_filter::ActionFilter,
    },
    /// Dot voting: the line being typed (`t 3`, `+Amita Tester`).
    Voting {
        line: tui_input::Input,
    },
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
    /// Open a session file, or a new session there when nothing is written yet.
    OpenOrNew(PathBuf),
    /// Take a file off the list of recent sessions (the file stays).
    Forget(PathBuf),
    OpenRecovered(PathBuf),
    /// Remember theme and zoom in the config file.
    RememberSettings,
    /// Write the session in a format beside its file.
    Export(crate::export::Format),
    /// Open a locked file anyway, taking its lock.
    TakeOver(PathBuf),
    /// Give the terminal back and stop until resumed (only when the keymap binds it).
    Suspend,
    /// Read an event log: a CSV file, or `git:` and a repository path.
    LoadLog(String),
    /// The answer to "the file changed on disk".
    Resolve(super::changed_on_disk::Resolution),
    Quit,
}
