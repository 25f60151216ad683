//! Questions asked before something that cannot be taken back lightly: quitting with unsaved
//! work, drafting or deleting the future state, a file open elsewhere, the export format.

use super::keymap::Context;
use super::{Action, App, Effect, Mode, View};
use crate::model::Which;
use crate::model::map::StepAt;

impl App {
    pub(super) fn update_future_question(&mut self, action: Action) -> Option<Effect> {
        match (self.context(), action) {
            (Context::DraftFuture, Action::CopyCurrent | Action::EmptyMap) => {
                self.viewer.mode = Mode::Normal;
                let copy = action == Action::CopyCurrent;
                let today = self.measuring.today;
                let drafted = self.change(|session, _| {
                    session.draft_future(copy);
                    session.future_drafted_on = today;
                    Ok(if copy {
                        "draft the future state as a copy".into()
                    } else {
                        "draft an empty future state".into()
                    })
                });
                if drafted {
                    if self.viewer.focus == Which::Current {
                        self.switch_focus();
                    }
                    self.viewer.selection = StepAt::default();
                    self.viewer.view = View::Split;
                    self.say(if copy {
                        "Future state drafted as a copy: edit it below, Tab switches maps"
                    } else {
                        "Empty future state drafted: a adds its first step, Tab switches maps"
                    });
                }
            }
            (Context::DeleteFuture, Action::Yes) => {
                self.viewer.mode = Mode::Normal;
                if self.viewer.focus == Which::Future {
                    self.switch_focus();
                }
                self.change(|session, _| {
                    session.future = None;
                    Ok("delete the future state".into())
                });
            }
            (_, Action::Back) => self.viewer.mode = Mode::Normal,
            _ => {}
        }
        None
    }

    pub(super) fn update_locked(&mut self, action: Action) -> Option<Effect> {
        let locked = self.file.locked.take()?;
        match action {
            Action::ReadOnly => {
                let holder = locked.holder.clone();
                self.open(locked.session, Some(locked.path));
                self.make_read_only(format!(
                    "{holder} has this file open; reopen it when that one is closed"
                ));
                self.warn(format!("Read-only: {holder} has this file open"));
                None
            }
            Action::TakeOver => {
                self.viewer.mode = Mode::Normal;
                Some(Effect::TakeOver(locked.path))
            }
            Action::Back => {
                self.viewer.mode = Mode::Normal;
                None
            }
            _ => {
                self.file.locked = Some(locked);
                None
            }
        }
    }

    pub(super) fn update_confirm_quit(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::SaveAndQuit => {
                self.viewer.mode = Mode::Normal;
                Some(Effect::Save { quit_after: true })
            }
            Action::QuitWithoutSaving => {
                self.file.discard_edits = true;
                Some(Effect::Quit)
            }
            Action::Back => {
                self.viewer.mode = Mode::Normal;
                None
            }
            _ => None,
        }
    }

    pub(super) fn update_export(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::ExportAs(format) => {
                self.viewer.mode = Mode::Normal;
                Some(Effect::Export(format))
            }
            Action::Back => {
                self.viewer.mode = Mode::Normal;
                None
            }
            _ => None,
        }
    }
}
