//! What `?` shows inside a form: that form's own keys and grammar, before the keys of every
//! other place.

use super::form::{Form, FormKind};
use super::step_entry::GRAMMAR_HINT;

const NOTE_KINDS: &str = "Kind: start the text with c: complaint, q: question, g: gap, i: idea; \
     or Shift+Tab to Kind, then ←/→. Letters typed in the text never change the kind.";
const AUTHOR: &str = "End the text with @Name for who said it (or fill in Author).";
const DURATIONS: &str = "Times: 45s, 30min, 4h, 0.5d, 3d, 2w; also 2 days, 2 hrs, 1.5 days, \
     24h15min, 1d 4h (added up through the session's work calendar).";
const FIELDS: &str = "Tab / ↓ next field · Shift+Tab / ↑ previous · Enter accepts from any field \
     · Esc cancels · ? (in an empty field) or F1 this help";

/// The heading and lines of help for `form`.
pub fn guide(form: &Form) -> (String, Vec<&'static str>) {
    let lines = match &form.kind {
        FormKind::NewStep(_) => vec![
            GRAMMAR_HINT[0],
            GRAMMAR_HINT[1],
            "Read from the end of the line: @Owner and #Phase (several words allowed), before \
             them one time, LT (3d) or PT/LT (4d/4d; 1d/ for LT = PT), and one %C&A (90%, 95 %). \
             What is left is the name; what cannot be read stays in the name, and the line \
             under it says \"no time read: LT 0\".",
            DURATIONS,
            "Dictation: after Enter on a one-line step the entry opens for the next step; a \
             line starting with c: q: g: i: pins that note to the step just entered. Esc ends.",
            "Field by field: Name, Lead time, Process time, Owner, Phase, %C&A. An empty lead \
             time is the process time (no wait); an empty process time is 0.",
            FIELDS,
        ],
        FormKind::EditStep(_) => vec![
            "Fields: Name, Lead time, Process time, Owner, Phase, %C&A, then rework.",
            DURATIONS,
            "A filled-in field is selected on entering it: typing replaces it, an arrow keeps it.",
            FIELDS,
        ],
        FormKind::NewAnnotation(_) | FormKind::QuickNote(_) | FormKind::EditAnnotation(..) => {
            vec![NOTE_KINDS, AUTHOR, FIELDS]
        }
        FormKind::Queue { .. } => vec![
            "Label: what is waiting (Backlog); Items: how many; then a throughput (items per \
             day or week) or a time given directly.",
            FIELDS,
        ],
        FormKind::Session { .. } => vec![
            "Title, hours per working day (1d), working days per week (1w), the date held \
             (YYYY-MM-DD), the clock and how queues count.",
            FIELDS,
        ],
        FormKind::LogPath => vec![
            "A CSV event log (item, state, time columns), or git:PATH for a repository.",
            FIELDS,
        ],
        FormKind::OpenPath => vec!["The path of a .ron session file; ~/ is your home.", FIELDS],
        FormKind::Charter => vec![
            "The problem, where the stream starts and ends, the targets (lead time, process \
             time, activity ratio, flow time p85) with the date to reach them by, and who is \
             in the room (Name Role, separated by commas).",
            FIELDS,
        ],
        FormKind::Action { .. } => vec![
            "An action: what, its one owner, the due date (YYYY-MM-DD), its status, the measure \
             that will show it worked and its target.",
            FIELDS,
        ],
    };
    (format!("This form: {}", form.title), lines)
}
