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
                | Action::LinkIdea
                | Action::EditSession
                | Action::DraftFuture
                | Action::DeleteFuture
                | Action::Undo
                | Action::Redo
                | Action::Save
        )
    }
}
