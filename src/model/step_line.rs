//! A whole step typed on one line, as the facilitator hears it:
//! `Code the feature 4d/4d 90% @Developers #Development`.
//!
//! Grammar, read from the end of the line:
//! - `@Owner` and `#Phase` (a letter right after the sign) run to the next `@`/`#` or the end,
//!   so owners and phases may have several words;
//! - before them, at most one time token: `LT` ("3d") or `PT/LT` ("4d/4d"; "1d/" means lead
//!   time = process time), at most one `%C&A` token ("90%") and `nva` (any case) for a step whose
//!   process time adds no value;
//! - what is left is the name. Anything that does not parse stays in the name.

use super::Duration;

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
    pub fn parse(text: &str) -> StepLine {
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
        while head.len() > 1 {
            let last = head[head.len() - 1];
            if line.lead_time.is_none()
                && let Some((pt, lt)) = times(last)
            {
                line.process_time = pt;
                line.lead_time = Some(lt);
            } else if line.complete_accurate.is_none()
                && let Some(percent) = percent(last)
            {
                line.complete_accurate = Some(percent);
            } else if !line.not_value_adding && last.eq_ignore_ascii_case(NOT_VALUE_ADDING) {
                line.not_value_adding = true;
            } else {
                break;
            }
            head = &head[..head.len() - 1];
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

/// `3d` (lead time), `4d/4d` (process/lead time) or `1d/` (lead time = process time).
fn times(word: &str) -> Option<(Option<Duration>, Duration)> {
    match word.split_once('/') {
        None => Some((None, duration(word)?)),
        Some((pt, "")) => {
            let pt = duration(pt)?;
            Some((Some(pt), pt))
        }
        Some((pt, lt)) => Some((Some(duration(pt)?), duration(lt)?)),
    }
}

/// A duration with a unit (a bare number is a word of the name, as in "Release 2").
fn duration(word: &str) -> Option<Duration> {
    let has_unit = word.chars().last().is_some_and(char::is_alphabetic);
    let starts_with_digit = word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !(has_unit && starts_with_digit) {
        return None;
    }
    Duration::parse(word).ok()
}

fn percent(word: &str) -> Option<f64> {
    let value: f64 = word.strip_suffix('%')?.parse().ok()?;
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
