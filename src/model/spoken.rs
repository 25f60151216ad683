//! Durations as people say them in the room: `2 days`, `1.5 days`, `2 hrs`, `24h15min`,
//! `1d 4h`. One number and unit is kept as typed; a sum of several (`1d 4h`) becomes one
//! duration through the session's work calendar, in the largest of its units when that reads
//! as a short number (`1.5d`), else in the smallest (`140min`).

use super::{Duration, Unit, WorkCalendar};

/// A duration as said, or why it is not one.
pub fn duration(text: &str, calendar: &WorkCalendar) -> Result<Duration, String> {
    let single = Duration::parse(text);
    if single.is_ok() {
        return single;
    }
    let parts = parts(text).ok_or_else(|| single.clone().unwrap_err())?;
    if parts.len() < 2 {
        return single;
    }
    let hours: f64 = parts
        .iter()
        .map(|&(amount, unit)| Duration::new(amount, unit).hours(calendar))
        .sum();
    let largest = parts
        .iter()
        .map(|p| p.1)
        .max_by_key(|u| rank(*u))
        .unwrap_or(Unit::Hours);
    let smallest = parts
        .iter()
        .map(|p| p.1)
        .min_by_key(|u| rank(*u))
        .unwrap_or(Unit::Hours);
    let in_largest = hours / largest.hours(calendar);
    let (amount, unit) = if ((in_largest * 100.0).round() / 100.0 - in_largest).abs() < 1e-9 {
        (in_largest, largest)
    } else {
        let amount = hours / smallest.hours(calendar);
        ((amount * 1e6).round() / 1e6, smallest)
    };
    Duration::parse(&format!("{amount}{}", unit.suffix()))
}

/// `24h15min`, `1d 4h`, `2 h 30 min`: each number with its unit; `None` when a number has no
/// unit or a word is not a unit.
fn parts(text: &str) -> Option<Vec<(f64, Unit)>> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        if number_end == 0 {
            return None;
        }
        let amount: f64 = rest[..number_end].replace(',', ".").parse().ok()?;
        rest = rest[number_end..].trim_start();
        let word_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let unit = Unit::from_word(&rest[..word_end])?;
        parts.push((amount, unit));
        rest = rest[word_end..].trim_start();
    }
    Some(parts)
}

fn rank(unit: Unit) -> u8 {
    match unit {
        Unit::Seconds => 0,
        Unit::Minutes => 1,
        Unit::Hours => 2,
        Unit::Days => 3,
        Unit::Weeks => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> String {
        duration(text, &WorkCalendar::default())
            .unwrap()
            .to_string()
    }

    #[test]
    fn one_number_and_unit_with_or_without_a_space() {
        assert_eq!(said("2 days"), "2d");
        assert_eq!(said("2 hrs"), "2h");
        assert_eq!(said("1.5 days"), "1.5d");
        assert_eq!(said("30 min"), "30min");
        assert_eq!(said("2h"), "2h");
    }

    #[test]
    fn several_parts_add_up_through_the_calendar() {
        assert_eq!(said("24h15min"), "24.25h");
        assert_eq!(said("1d 4h"), "1.5d");
        assert_eq!(said("2 h 20 min"), "140min");
        let elapsed = WorkCalendar {
            clock: crate::model::Clock::Elapsed,
            ..WorkCalendar::default()
        };
        assert_eq!(duration("1d 6h", &elapsed).unwrap().to_string(), "1.25d");
    }

    #[test]
    fn what_is_not_a_duration_says_why() {
        for bad in ["", "2", "2 parsecs", "1d 4", "d4", "1d and 4h"] {
            assert!(duration(bad, &WorkCalendar::default()).is_err(), "{bad}");
        }
        let error = duration("3 parsecs", &WorkCalendar::default()).unwrap_err();
        assert!(error.contains("not a unit"), "{error}");
    }
}
