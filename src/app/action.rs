//! Everything a user can ask the app to do, named in the facilitator's words.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    // moving around
    Up,
    Down,
    Left,
    Right,
    First,
    Last,
    PageUp,
    PageDown,
    // start screen
    Open,
    /// Open a session file by typing its path.
    OpenPath,
    /// Take the chosen entry off the list of recent sessions (the file stays).
    ForgetEntry,
    NewSession,
    OpenDemo,
    // steps
    AddStepAfter,
    AddStepBefore,
    AddParallelStep,
    EditStep,
    DeleteStep,
    MoveLeft,
    MoveRight,
    // queues
    EditQueue,
    DeleteQueue,
    // annotations
    StepAnnotations,
    MapAnnotations,
    AddAnnotation,
    EditAnnotation,
    DeleteAnnotation,
    /// A note of one kind on the selected step, typed straight from the map.
    Note(crate::model::AnnotationKind),
    /// A note on the whole map: its kind's letter, then the text.
    MapNote,
    /// Show or hide what was said as notes next to the steps.
    ToggleStickies,
    // finding things
    /// Jump to a step by (part of) its name, in either map.
    JumpToStep,
    /// Every action of the current place, searchable; Enter runs one.
    Palette,
    // session
    EditSession,
    // future state
    DraftFuture,
    DeleteFuture,
    SwitchMap,
    ToggleView,
    Compare,
    LinkIdea,
    CopyCurrent,
    EmptyMap,
    Yes,
    ReadOnly,
    TakeOver,
    Export,
    ExportAs(crate::export::Format),
    // measured flow
    /// Ask for an event log (CSV) or a repository to measure.
    LoadLog,
    /// The mapping of the log's states to steps.
    MappingScreen,
    FlowScreen,
    /// Ask which measured figure goes into which estimates.
    CopyMeasured,
    CopyP50Step,
    CopyP85Step,
    CopyP50All,
    CopyP85All,
    ToggleActive,
    ToggleDone,
    /// The selected state means the item was dropped, or not.
    ToggleDropped,
    NextPeriod,
    ReloadLog,
    /// On the flow screen: the future target against what was measured since it was drafted.
    DidWeGetThere,
    // decisions
    /// Dot voting on the ideas: opens the round when there is none.
    Voting,
    /// Show (or hide again) the votes.
    Reveal,
    /// The charter form: problem, stream, targets, who is in the room.
    EditCharter,
    /// The impact/effort grid of the ideas.
    IdeaGrid,
    /// The selected idea's next impact / effort: low, medium, high, none.
    NextImpact,
    NextEffort,
    /// The action plan screen.
    ActionPlan,
    AddAction,
    EditAction,
    /// The selected action's next status: open, doing, done, dropped.
    NextStatus,
    DeleteAction,
    /// Show actions by status: all, open, overdue, done, dropped.
    FilterStatus,
    /// Show one owner's actions, then the next owner's, then all.
    FilterOwner,
    CycleTheme,
    CycleZoom,
    Present,
    Undo,
    Redo,
    Save,
    /// Give the terminal back and stop (like Ctrl+Z in a shell); not bound by default, since
    /// Ctrl+Z is undo.
    Suspend,
    Help,
    // forms and dialogs
    NextField,
    PrevField,
    Submit,
    Back,
    Quit,
    SaveAndQuit,
    QuitWithoutSaving,
    // the session file changed on disk
    ReloadTheirs,
    KeepMine,
    SaveMineElsewhere,
    /// Mouse capture on or off (off: the terminal selects text for copying).
    ToggleMouse,
    /// A key a text field types with; never bound in the keymap file.
    #[serde(skip)]
    Type(ratatui::crossterm::event::KeyEvent),
    /// A mouse click at a screen position.
    #[serde(skip)]
    Click(u16, u16),
    /// A second click on the same place soon after the first.
    #[serde(skip)]
    DoubleClick(u16, u16),
    /// The window changed size.
    #[serde(skip)]
    Resize(u16, u16),
}

impl Action {
    /// Whether the action changes the document (refused when the file is open read-only).
    pub fn edits(self) -> bool {
        matches!(
            self,
            Action::AddStepAfter
                | Action::AddStepBefore
                | Action::AddParallelStep
                | Action::EditStep
                | Action::DeleteStep
                | Action::MoveLeft
                | Action::MoveRight
                | Action::EditQueue
                | Action::DeleteQueue
                | Action::AddAnnotation
                | Action::EditAnnotation
                | Action::DeleteAnnotation
                | Action::Note(_)
                | Action::MapNote
                | Action::LinkIdea
                | Action::EditSession
                | Action::DraftFuture
                | Action::DeleteFuture
                | Action::Undo
                | Action::Redo
                | Action::Save
                | Action::LoadLog
                | Action::CopyMeasured
                | Action::CopyP50Step
                | Action::CopyP85Step
                | Action::CopyP50All
                | Action::CopyP85All
                | Action::ToggleActive
                | Action::ToggleDone
                | Action::ToggleDropped
                | Action::NextPeriod
                | Action::ReloadLog
                | Action::Voting
                | Action::Reveal
                | Action::EditCharter
                | Action::NextImpact
                | Action::NextEffort
                | Action::AddAction
                | Action::EditAction
                | Action::NextStatus
                | Action::DeleteAction
        )
    }

    /// Changes the document from the mapping screen (arrows move a state to another step).
    pub fn edits_mapping(self) -> bool {
        matches!(
            self,
            Action::Left
                | Action::Right
                | Action::ToggleActive
                | Action::ToggleDone
                | Action::ToggleDropped
        )
    }
}
