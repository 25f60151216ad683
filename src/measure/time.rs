//! Timestamps of an event log: ISO 8601 with or without an offset, or `YYYY-MM-DD HH:MM`.
//! A time without an offset is in the session's local time, given as an offset so that this
//! stays pure. Hand-written because it runs a million times per log: chrono's format-string
//! parser is several times slower; chrono still does the calendar arithmetic.

use chrono::{DateTime, NaiveDate};

/// Seconds since 1970-01-01 UTC.
pub type Seconds = i64;

/// Reads `text` as a point in time; `local_offset` (seconds east of UTC) applies when the text
/// has no offset of its own.
pub fn parse(text: &str, local_offset: i32) -> Result<Seconds, String> {
    let text = text.trim();
    let b = text.as_bytes();
    let bad = || {
        format!(
            "'{text}' is not a time: write ISO 8601 (2024-03-01T14:05:00+01:00) or 2024-03-01 14:05"
        )
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let year = digits(&b[0..4]).ok_or_else(bad)? as i32;
    let month = digits(&b[5..7]).ok_or_else(bad)?;
    let day = digits(&b[8..10]).ok_or_else(bad)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("'{text}': there is no day {year}-{month:02}-{day:02}"))?;
    let mut rest = &b[10..];
    let mut seconds_of_day = 0u32;
    if let [b'T' | b't' | b' ', time @ ..] = rest {
        if time.len() < 5 || time[2] != b':' {
            return Err(bad());
        }
        let hour = digits(&time[0..2]).ok_or_else(bad)?;
        let minute = digits(&time[3..5]).ok_or_else(bad)?;
        let mut second = 0;
        rest = &time[5..];
        if let [b':', s1, s2, tail @ ..] = rest {
            second = digits(&[*s1, *s2]).ok_or_else(bad)?;
            rest = tail;
            if let [b'.' | b',', tail @ ..] = rest {
                let fraction = tail.iter().take_while(|c| c.is_ascii_digit()).count();
                if fraction == 0 {
                    return Err(bad());
                }
                rest = &tail[fraction..];
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(format!("'{text}': the time of day is out of range"));
        }
        seconds_of_day = hour * 3600 + minute * 60 + second.min(59);
    }
    let offset = offset(rest, local_offset).ok_or_else(bad)?;
    let midnight = date.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_utc();
    Ok(midnight.timestamp() + Seconds::from(seconds_of_day) - Seconds::from(offset))
}

/// `Z`, `+01:00`, `+0100`, `+01`, ` UTC`, or nothing (the local offset).
fn offset(rest: &[u8], local_offset: i32) -> Option<i32> {
    let rest = rest.trim_ascii_start();
    match rest {
        [] => Some(local_offset),
        [b'Z' | b'z'] | b"UTC" | b"GMT" => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (hours, minutes) = match tail {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?)
                }
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            Some(if *sign == b'-' { -seconds } else { seconds })
        }
        _ => None,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// The calendar day of `at` in the time zone `offset` seconds east of UTC.
pub fn local_date(at: Seconds, offset: i32) -> NaiveDate {
    DateTime::from_timestamp(at + Seconds::from(offset), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

/// Midnight starting `date` in the time zone `offset` seconds east of UTC.
pub fn start_of(date: NaiveDate, offset: i32) -> Seconds {
    date.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
        - Seconds::from(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Seconds {
        DateTime::parse_from_rfc3339(text).unwrap().timestamp()
    }

    #[test]
    fn reads_iso_8601_with_and_without_offsets() {
        assert_eq!(
            parse("2014-09-07T01:30:58-07:00", 0),
            Ok(utc("2014-09-07T08:30:58Z"))
        );
        assert_eq!(
            parse("2014-09-07T08:30:58Z", 3600),
            Ok(utc("2014-09-07T08:30:58Z"))
        );
        assert_eq!(
            parse("2014-09-07T08:30:58.123+0100", 0),
            Ok(utc("2014-09-07T07:30:58Z"))
        );
        assert_eq!(
            parse("2014-09-07 08:30", 3600),
            Ok(utc("2014-09-07T07:30:00Z"))
        );
        assert_eq!(
            parse(" 2014-09-07 ", -3600),
            Ok(utc("2014-09-07T01:00:00Z"))
        );
        assert_eq!(
            parse("2014-09-07T08:30:58 UTC", 7200),
            Ok(utc("2014-09-07T08:30:58Z"))
        );
    }

    #[test]
    fn says_what_is_wrong_with_a_time() {
        for bad in [
            "",
            "yesterday",
            "07/09/2014",
            "2014-09-07T8:30",
            "2014-09-07T08:30+25:00",
            "2014-09-07T08:30 PST",
            "2014-09-07T08:30:5",
        ] {
            let error = parse(bad, 0).unwrap_err();
            assert!(error.contains("is not a time"), "{bad}: {error}");
        }
        assert!(parse("2014-02-30", 0).unwrap_err().contains("no day"));
        assert!(parse("2014-02-03T24:10", 0).unwrap_err().contains("range"));
    }

    #[test]
    fn days_are_local() {
        let at = utc("2024-03-01T23:30:00Z");
        assert_eq!(local_date(at, 0).to_string(), "2024-03-01");
        assert_eq!(local_date(at, 3600).to_string(), "2024-03-02");
        let day = NaiveDate::from_ymd_opt(2024, 3, 2).unwrap();
        assert_eq!(start_of(day, 3600), utc("2024-03-01T23:00:00Z"));
    }
}
