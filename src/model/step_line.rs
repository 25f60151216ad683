//! A whole step typed on one line, as the facilitator hears it:
//! `Code the feature 4d/4d 90% @Developers #Development`.
//!
//! Grammar, read from the end of the line:
//! - `@Owner` and `#Phase` (a letter right after the sign) run to the next `@`/`#` or the end,
//!   so owners and phases may have several words;
//! - before them, at most one time: `LT` ("3d", "2 days", "1d 4h") or `PT/LT` ("4d/4d",
//!   "30 min/2 h"; "1d/" means lead time = process time), at most one `%C&A` ("90%",
//!   "95 %") and `nva` (any case) for a step whose process time adds no value;
//! - what is left is the name. Anything that does not parse stays in the name.
//!
//! A line that starts with a note marker (`c:` complaint, `q:` question, `g:` gap, `i:` idea)
//! is a note, not a step: see [`note_marker`].

use super::{AnnotationKind, Duration, WorkCalendar};

/// The most words one time may take: "2 h 30 min / 1 d 4 h".
const TIME_WORDS: usize = 9;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepLine {
    pub name: String,
    pub process_time: Option<Duration>,
    pub lead_time: Option<Duration>,
    pub complete_accurate: Option<f64>,
    pub owner: Option<String>,
    pub phase: Option<String>,
    /// The line said `nva`: the step's process time is not value-adding.
    pub not_value_adding: bool,
}

impl StepLine {
    /// Reads a line with the default work calendar (8-hour days, 5-day weeks).
    pub fn parse(text: &str) -> StepLine {
        StepLine::parse_in(text, &WorkCalendar::default())
    }

    /// Reads a line; a time of several parts (`1d 4h`) adds up through `calendar`.
    pub fn parse_in(text: &str, calendar: &WorkCalendar) -> StepLine {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut line = StepLine::default();
        // Markers count after the first word only: a name is never empty.
        let tail = (1..words.len())
            .find(|&i| marker(words[i]).is_some())
            .unwrap_or(words.len());
        let mut current: Option<(char, Vec<&str>)> = None;
        for word in &words[tail..] {
            if let Some((sign, rest)) = marker(word) {
                line.set(current.take());
                current = Some((sign, vec![rest]));
            } else if let Some((_, list)) = current.as_mut() {
                list.push(word);
            }
        }
        line.set(current);
        let mut head = &words[..tail];
        loop {
            if line.lead_time.is_none()
                && let Some((taken, (pt, lt))) = time_at_end(head, calendar)
            {
                line.process_time = pt;
                line.lead_time = Some(lt);
                head = &head[..head.len() - taken];
            } else if line.complete_accurate.is_none()
                && let Some((taken, value)) = percent_at_end(head)
            {
                line.complete_accurate = Some(value);
                head = &head[..head.len() - taken];
            } else if !line.not_value_adding
                && head.len() > 1
                && head[head.len() - 1].eq_ignore_ascii_case(NOT_VALUE_ADDING)
            {
                line.not_value_adding = true;
                head = &head[..head.len() - 1];
            } else {
                break;
            }
        }
        line.name = head.join(" ");
        line
    }

    /// Whether the line said more than a name.
    pub fn has_details(&self) -> bool {
        self.lead_time.is_some()
            || self.complete_accurate.is_some()
            || self.owner.is_some()
            || self.phase.is_some()
            || self.not_value_adding
    }

    /// What was understood besides the name, for the form to show as it is typed.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(lt) = self.lead_time {
            parts.push(format!("LT {lt}"));
        }
        if let Some(pt) = self.process_time {
            parts.push(format!("PT {pt}"));
        }
        if let Some(ca) = self.complete_accurate {
            parts.push(format!("%C&A {}", super::duration::exact_number(ca)));
        }
        if self.not_value_adding {
            parts.push("not value-adding".into());
        }
        if let Some(owner) = &self.owner {
            parts.push(format!("owner {owner}"));
        }
        if let Some(phase) = &self.phase {
            parts.push(format!("phase {phase}"));
        }
        parts.join(" · ")
    }

    fn set(&mut self, marked: Option<(char, Vec<&str>)>) {
        let Some((sign, words)) = marked else {
            return;
        };
        let value = words.join(" ");
        match sign {
            '@' => self.owner = Some(value),
            _ => self.phase = Some(value),
        }
    }
}

/// The word that marks a step's process time as not value-adding ("non-value-added").
pub const NOT_VALUE_ADDING: &str = "nva";

/// Who said a note, typed at its end: "Dev doesn't update the spreadsheet @Amita" is the text
/// and its author (a name of up to three words). Without `@Name` at the end, the text alone.
pub fn note_and_author(text: &str) -> (String, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = (1..words.len())
        .rev()
        .take(3)
        .find(|&i| marker(words[i]).is_some_and(|(sign, _)| sign == '@'));
    match at {
        Some(i) => {
            let author = words[i..].join(" ");
            (words[..i].join(" "), Some(author[1..].to_string()))
        }
        None => (text.trim().to_string(), None),
    }
}

/// `@Owner` or `#Phase`: the sign and the word after it.
fn marker(word: &str) -> Option<(char, &str)> {
    let mut chars = word.chars();
    let sign = chars.next()?;
    let rest = chars.as_str();
    let starts_with_letter = rest.chars().next().is_some_and(char::is_alphabetic);
    (matches!(sign, '@' | '#') && starts_with_letter).then_some((sign, rest))
}

/// A note said in dictation: `c: text` (complaint), `q:` (question), `g:` (gap), `i:` (idea),
/// the letter in either case. The kind and the rest of the line, or `None`.
pub fn note_marker(text: &str) -> Option<(AnnotationKind, &str)> {
    let text = text.trim_start();
    let mut chars = text.chars();
    let kind = match chars.next()?.to_ascii_lowercase() {
        'c' => AnnotationKind::Complaint,
        'q' => AnnotationKind::Question,
        'g' => AnnotationKind::Gap,
        'i' => AnnotationKind::Idea,
        _ => return None,
    };
    (chars.next()? == ':').then(|| (kind, chars.as_str().trim()))
}

type Times = (Option<Duration>, Duration);

/// The longest run of words at the end of `head` that is one time, leaving a name before it:
/// how many words it took and the times.
fn time_at_end(head: &[&str], calendar: &WorkCalendar) -> Option<(usize, Times)> {
    (1..head.len().min(TIME_WORDS + 1)).rev().find_map(|taken| {
        let text = head[head.len() - taken..].join(" ");
        times(&text, calendar).map(|t| (taken, t))
    })
}

/// `95%` or `95 %` at the end of `head`, leaving a name before it.
fn percent_at_end(head: &[&str]) -> Option<(usize, f64)> {
    let n = head.len();
    if n > 1
        && let Some(value) = percent(head[n - 1])
    {
        return Some((1, value));
    }
    if n > 2 && head[n - 1] == "%" {
        return percent(&format!("{}%", head[n - 2])).map(|v| (2, v));
    }
    None
}

/// `3d` (lead time), `4d/4d` (process/lead time) or `1d/` (lead time = process time).
fn times(text: &str, calendar: &WorkCalendar) -> Option<Times> {
    match text.split_once('/') {
        None => Some((None, duration(text, calendar)?)),
        Some((pt, lt)) if lt.trim().is_empty() => {
            let pt = duration(pt, calendar)?;
            Some((Some(pt), pt))
        }
        Some((pt, lt)) => Some((Some(duration(pt, calendar)?), duration(lt, calendar)?)),
    }
}

/// A duration with a unit (a bare number is a word of the name, as in "Release 2").
fn duration(text: &str, calendar: &WorkCalendar) -> Option<Duration> {
    let text = text.trim();
    let has_unit = text.chars().last().is_some_and(char::is_alphabetic);
    let starts_with_digit = text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !(has_unit && starts_with_digit) {
        return None;
    }
    super::spoken::duration(text, calendar).ok()
}

fn percent(word: &str) -> Option<f64> {
    let value: f64 = word.strip_suffix('%')?.trim().parse().ok()?;
    (0.0..=100.0).contains(&value).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Unit;

    fn days(n: f64) -> Duration {
        Duration::new(n, Unit::Days)
    }

    #[test]
    fn a_whole_step_on_one_line() {
        let line = StepLine::parse("Code the feature 4d/4d 90% @Developers #Development");
        assert_eq!(line.name, "Code the feature");
        assert_eq!(line.process_time, Some(days(4.0)));
        assert_eq!(line.lead_time, Some(days(4.0)));
        assert_eq!(line.complete_accurate, Some(90.0));
        assert_eq!(line.owner.as_deref(), Some("Developers"));
        assert_eq!(line.phase.as_deref(), Some("Development"));
    }

    #[test]
    fn one_time_is_the_lead_time_and_a_slash_alone_repeats_the_process_time() {
        let line = StepLine::parse("Create label 3d");
        assert_eq!((line.process_time, line.lead_time), (None, Some(days(3.0))));
        let line = StepLine::parse("Deploy to production 1d/");
        assert_eq!(line.process_time, Some(days(1.0)));
        assert_eq!(line.lead_time, Some(days(1.0)));
    }

    #[test]
    fn owners_and_phases_may_have_several_words_in_any_order() {
        let line = StepLine::parse("Build #Continuous integration @CI pipeline");
        assert_eq!(line.name, "Build");
        assert_eq!(line.owner.as_deref(), Some("CI pipeline"));
        assert_eq!(line.phase.as_deref(), Some("Continuous integration"));
    }

    #[test]
    fn what_does_not_parse_stays_in_the_name() {
        for name in [
            "Release 2",
            "Fix bug #12",
            "Email @ noon",
            "3d",
            "Wait 3x",
            "Rate 140%",
        ] {
            let line = StepLine::parse(name);
            assert_eq!(line.name, name);
            assert!(!line.has_details(), "{name}: {line:?}");
        }
    }

    #[test]
    fn a_note_may_end_with_who_said_it() {
        let (text, author) = note_and_author("Dev forgets the spreadsheet @Amita");
        assert_eq!(
            (text.as_str(), author.as_deref()),
            ("Dev forgets the spreadsheet", Some("Amita"))
        );
        let (text, author) = note_and_author("Ask @Mara Jones");
        assert_eq!(
            (text.as_str(), author.as_deref()),
            ("Ask", Some("Mara Jones"))
        );
        let (text, author) = note_and_author("Ask @Tim about it first");
        assert_eq!((text.as_str(), author), ("Ask @Tim about it first", None));
        let (text, author) = note_and_author("Mail me @ noon");
        assert_eq!((text.as_str(), author), ("Mail me @ noon", None));
    }

    #[test]
    fn every_way_people_say_a_time() {
        let lt = |text: &str| {
            let line = StepLine::parse(text);
            (
                line.name,
                line.process_time.map(|d| d.to_string()),
                line.lead_time.map(|d| d.to_string()),
                line.complete_accurate,
            )
        };
        let named = |name: &str, pt: Option<&str>, l: &str, ca: Option<f64>| {
            (
                name.to_string(),
                pt.map(String::from),
                Some(l.to_string()),
                ca,
            )
        };
        assert_eq!(
            lt("Deploy to production 2 days"),
            named("Deploy to production", None, "2d", None)
        );
        assert_eq!(lt("Build 2 hrs"), named("Build", None, "2h", None));
        assert_eq!(lt("Test 1.5 days"), named("Test", None, "1.5d", None));
        assert_eq!(
            lt("Review 30 min/2 h"),
            named("Review", Some("30min"), "2h", None)
        );
        assert_eq!(lt("Soak 24h15min"), named("Soak", None, "24.25h", None));
        assert_eq!(lt("Approve 1d 4h"), named("Approve", None, "1.5d", None));
        assert_eq!(lt("Test 3d 95 %"), named("Test", None, "3d", Some(95.0)));
        assert_eq!(
            lt("Test 95 % 3 days"),
            named("Test", None, "3d", Some(95.0))
        );
        assert_eq!(lt("Release 2 2 days"), named("Release 2", None, "2d", None));
        assert_eq!(
            lt("Deploy 1 d/ @Tim"),
            named("Deploy", Some("1d"), "1d", None)
        );
    }

    #[test]
    fn a_note_marker_starts_a_note() {
        assert_eq!(
            note_marker("c: Dev forgets @Amita"),
            Some((AnnotationKind::Complaint, "Dev forgets @Amita"))
        );
        assert_eq!(
            note_marker("Q:why?"),
            Some((AnnotationKind::Question, "why?"))
        );
        assert_eq!(
            note_marker(" g: gap").map(|m| m.0),
            Some(AnnotationKind::Gap)
        );
        assert_eq!(
            note_marker("i: idea").map(|m| m.0),
            Some(AnnotationKind::Idea)
        );
        for not_a_note in ["Code freeze: 2 days", "c", "x: something", "ci: build", ""] {
            assert_eq!(note_marker(not_a_note), None, "{not_a_note}");
        }
    }

    #[test]
    fn nva_marks_the_process_time_as_not_value_adding_in_any_order_with_the_times() {
        for text in [
            "Release approval 15min/1d nva @Leads",
            "Release approval NVA 15min/1d @Leads",
        ] {
            let line = StepLine::parse(text);
            assert_eq!(line.name, "Release approval", "{text}");
            assert!(line.not_value_adding, "{text}");
            assert_eq!(line.lead_time, Some(days(1.0)));
            assert_eq!(
                line.describe(),
                "LT 1d · PT 15min · not value-adding · owner Leads"
            );
        }
        // A name of one word is a name, and nva inside a name stays there.
        for name in ["NVA", "Talk to NVA team"] {
            let line = StepLine::parse(name);
            assert_eq!((line.name.as_str(), line.not_value_adding), (name, false));
        }
    }

    #[test]
    fn describes_what_it_understood() {
        let line = StepLine::parse("Triage bugs 3d @Andy #Test");
        assert_eq!(line.describe(), "LT 3d · owner Andy · phase Test");
        assert_eq!(StepLine::parse("Triage bugs").describe(), "");
    }
}
