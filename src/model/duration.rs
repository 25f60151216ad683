//! Durations as the facilitator types them ("30min", "4h", "0.5d", "2 weeks"), kept in the unit
//! entered and converted to hours only through a work calendar.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl Unit {
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Minutes => "min",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Weeks => "w",
        }
    }

    pub(crate) fn from_word(word: &str) -> Option<Unit> {
        match word.to_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Some(Unit::Seconds),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(Unit::Minutes),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(Unit::Hours),
            "d" | "day" | "days" => Some(Unit::Days),
            "w" | "wk" | "wks" | "week" | "weeks" => Some(Unit::Weeks),
            _ => None,
        }
    }

    /// Calendar hours in one of this unit.
    pub fn hours(self, calendar: &WorkCalendar) -> f64 {
        match self {
            Unit::Seconds => 1.0 / 3600.0,
            Unit::Minutes => 1.0 / 60.0,
            Unit::Hours => 1.0,
            Unit::Days => calendar.day_hours(),
            Unit::Weeks => calendar.hours_per_week(),
        }
    }
}

/// A span of work time: an amount in the unit it was entered in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Duration {
    pub amount: f64,
    pub unit: Unit,
}

/// Longest duration accepted, in hours of a 24-hour, 7-day week: about 11 years.
const MAX_HOURS: f64 = 100_000.0;

impl Duration {
    pub const ZERO: Duration = Duration {
        amount: 0.0,
        unit: Unit::Days,
    };

    pub fn new(amount: f64, unit: Unit) -> Duration {
        Duration { amount, unit }
    }

    pub fn hours(self, calendar: &WorkCalendar) -> f64 {
        self.amount * self.unit.hours(calendar)
    }

    pub fn is_zero(self) -> bool {
        self.amount == 0.0
    }

    /// Parses what a facilitator types: `45s`, `30min`, `4h`, `0.5d`, `3d`, `2w`, `2 hours`, `3 weeks`,
    /// or a bare `0`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("enter a duration such as 30min, 4h, 3d or 2w".into());
        }
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
            .unwrap_or(text.len());
        let (number, word) = text.split_at(split);
        let number = number.replace(',', ".");
        let amount: f64 = number.parse().map_err(|_| {
            format!("'{text}' does not start with a number: write e.g. 30min, 4h, 0.5d, 3d or 2w")
        })?;
        if !amount.is_finite() {
            return Err(format!("'{text}' is not a number of any size"));
        }
        if amount < 0.0 {
            return Err(format!("'{text}' is negative: durations are 0 or more"));
        }
        let word = word.trim();
        let unit = if word.is_empty() {
            if amount == 0.0 {
                Unit::Days
            } else {
                return Err(format!(
                    "'{text}' has no unit: add s, min, h, d or w (e.g. {number}d)"
                ));
            }
        } else {
            Unit::from_word(word)
                .ok_or_else(|| format!("'{word}' is not a unit: use s, min, h, d or w"))?
        };
        let widest = WorkCalendar {
            clock: super::calendar::Clock::Elapsed,
            ..WorkCalendar::default()
        };
        if amount * unit.hours(&widest) > MAX_HOURS {
            return Err(format!(
                "'{text}' is longer than ten years: check the number"
            ));
        }
        // Zero is zero in any unit; one form keeps files and comparisons stable.
        if amount == 0.0 {
            return Ok(Duration::ZERO);
        }
        Ok(Duration { amount, unit })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.amount == 0.0 {
            return f.write_str("0");
        }
        write!(f, "{}{}", exact_number(self.amount), self.unit.suffix())
    }
}

/// A number exactly as stored: the shortest text that reads back as the same value (3, 0.5,
/// 3.14159); what was typed comes back as typed.
pub fn exact_number(value: f64) -> String {
    let text = format!("{value}");
    if text == "-0" { "0".into() } else { text }
}

/// A number without trailing zeros: 3, 0.5, 1.25.
pub fn trim_number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

impl TryFrom<String> for Duration {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Duration::parse(&text)
    }
}

impl From<Duration> for String {
    fn from(duration: Duration) -> String {
        duration.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Duration {
        Duration::parse(text).unwrap()
    }

    #[test]
    fn parses_every_short_and_long_form() {
        assert_eq!(parse("30min"), Duration::new(30.0, Unit::Minutes));
        assert_eq!(parse("4h"), Duration::new(4.0, Unit::Hours));
        assert_eq!(parse("0.5d"), Duration::new(0.5, Unit::Days));
        assert_eq!(parse("3d"), Duration::new(3.0, Unit::Days));
        assert_eq!(parse("2w"), Duration::new(2.0, Unit::Weeks));
        assert_eq!(parse("2 hours"), Duration::new(2.0, Unit::Hours));
        assert_eq!(parse("3 weeks"), Duration::new(3.0, Unit::Weeks));
        assert_eq!(parse(" 1 Day "), Duration::new(1.0, Unit::Days));
        assert_eq!(parse("0,5d"), Duration::new(0.5, Unit::Days));
        assert!(parse("0").is_zero());
        assert_eq!(parse("0h"), Duration::ZERO);
        assert_eq!(parse(&parse("0min").to_string()), parse("0min"));
    }

    #[test]
    fn keeps_the_unit_entered() {
        assert_eq!(parse("2 hours").to_string(), "2h");
        assert_eq!(parse("0.5d").to_string(), "0.5d");
        assert_eq!(parse("90min").to_string(), "90min");
        assert_eq!(parse("0").to_string(), "0");
        assert_eq!(parse("188s").to_string(), "188s");
        assert_eq!(parse("3.14159min").to_string(), "3.14159min");
        assert_eq!(parse("0.333d").to_string(), "0.333d");
    }

    #[test]
    fn seconds_are_a_unit() {
        assert_eq!(parse("1s"), Duration::new(1.0, Unit::Seconds));
        assert_eq!(parse("45 sec"), Duration::new(45.0, Unit::Seconds));
        assert_eq!(parse("2 seconds"), Duration::new(2.0, Unit::Seconds));
        assert_eq!(
            parse("188s").hours(&WorkCalendar::default()),
            188.0 / 3600.0
        );
    }

    #[test]
    fn a_stored_duration_reads_back_identical() {
        for text in ["188s", "0.1d", "1.2345678901234w", "7.3h", "59.999min"] {
            let once = parse(text);
            let again = parse(&String::from(once));
            assert_eq!(once, again, "{text}");
        }
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        for bad in [
            "",
            "abc",
            "3",
            "3 parsecs",
            "-2d",
            "NaN",
            "inf",
            "99999999999w",
            "1e400d",
        ] {
            let err = Duration::parse(bad).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(Duration::parse("3").unwrap_err().contains("no unit"));
        assert!(Duration::parse("-2d").unwrap_err().contains("negative"));
    }

    #[test]
    fn converts_through_the_calendar() {
        let calendar = WorkCalendar::default();
        assert_eq!(parse("3d").hours(&calendar), 24.0);
        assert_eq!(parse("2w").hours(&calendar), 80.0);
        assert_eq!(parse("30min").hours(&calendar), 0.5);
        let long_days = WorkCalendar::working(10.0, 4.0);
        assert_eq!(parse("3d").hours(&long_days), 30.0);
        assert_eq!(parse("1w").hours(&long_days), 40.0);
    }
}
