//! Timestamps of an event log in every shape trackers export: ISO 8601 (with `T` or a space,
//! fractions, `Z`, `±hh:mm`, `±hhmm`, a `[Zone]` suffix), Jira's `02/Feb/24 6:34 PM`,
//! `d/M/yyyy` and `M/d/yyyy` (with or without a time and AM/PM), `dd.MM.yyyy`, and epoch
//! seconds or milliseconds. A time without an offset is a wall-clock time: it is kept as such
//! here and made a point in time by a [`Zone`] under that zone's rules at that instant.
//! Hand-written because it runs a million times per log; chrono does the calendar arithmetic.

use chrono::{DateTime, Datelike, NaiveDate};

/// Seconds since 1970-01-01 UTC.
pub type Seconds = i64;

const DAY: Seconds = 86_400;

pub use crate::model::measured::DateOrder;

/// The shape a time was written in, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Iso,
    Jira,
    DayMonth,
    MonthDay,
    /// `d/M/yyyy` or `M/d/yyyy` whose order is not known from this row alone.
    Slashed,
    Dotted,
    EpochSeconds,
    EpochMillis,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Iso,
        Format::Jira,
        Format::DayMonth,
        Format::MonthDay,
        Format::Slashed,
        Format::Dotted,
        Format::EpochSeconds,
        Format::EpochMillis,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Iso => "ISO 8601",
            Format::Jira => "Jira dd/MMM/yy h:mm a",
            Format::DayMonth => "d/M/yyyy",
            Format::MonthDay => "M/d/yyyy",
            Format::Slashed => "d/M/yyyy or M/d/yyyy",
            Format::Dotted => "dd.MM.yyyy",
            Format::EpochSeconds => "epoch seconds",
            Format::EpochMillis => "epoch milliseconds",
        }
    }
}

/// A time as written: seconds of the date and time of day counted as if they were UTC
/// (`civil`), and the offset east of UTC the text gave, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub civil: Seconds,
    pub offset: Option<i32>,
    pub format: Format,
    /// `d/M` read as day first although both numbers are 12 or less (and differ): the file
    /// as a whole says which order it is.
    pub either_order: bool,
}

impl Stamp {
    /// The point in time, given the zone for a time without an offset.
    pub fn at(&self, zone: &Zone) -> Seconds {
        match self.offset {
            Some(offset) => self.civil - Seconds::from(offset),
            None => zone.utc_of(self.civil),
        }
    }
}

/// Whose local time a time without an offset is: the time zone's rules (daylight saving
/// included) at that instant.
#[derive(Debug, Clone)]
pub struct Zone {
    zone: jiff::tz::TimeZone,
    name: String,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

impl Zone {
    pub fn utc() -> Zone {
        Zone {
            zone: jiff::tz::TimeZone::UTC,
            name: "UTC".into(),
        }
    }

    /// An IANA zone such as `Europe/Berlin`.
    pub fn named(name: &str) -> Result<Zone, String> {
        jiff::tz::TimeZone::get(name.trim())
            .map(|zone| Zone {
                zone,
                name: name.trim().to_string(),
            })
            .map_err(|_| {
                format!(
                    "'{name}' is not a time zone: give an IANA name such as Europe/Berlin, \
                     America/New_York or UTC"
                )
            })
    }

    /// This computer's zone, from `TZ` or /etc/localtime.
    pub fn machine() -> Zone {
        let zone = jiff::tz::TimeZone::system();
        let name = zone
            .iana_name()
            .map(str::to_string)
            .unwrap_or_else(|| "this computer's time zone".into());
        Zone { zone, name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant a wall-clock time (seconds as if UTC) names here. A time skipped by a
    /// clock change is read as the same distance past it; a repeated hour as its first time.
    pub fn utc_of(&self, civil: Seconds) -> Seconds {
        let Ok(stamp) = jiff::Timestamp::from_second(civil) else {
            return civil;
        };
        let wall = jiff::tz::Offset::UTC.to_datetime(stamp);
        match self.zone.to_ambiguous_timestamp(wall).compatible() {
            Ok(at) => at.as_second(),
            Err(_) => civil,
        }
    }

    /// Seconds east of UTC at `at`.
    pub fn offset_at(&self, at: Seconds) -> i32 {
        jiff::Timestamp::from_second(at)
            .map(|t| self.zone.to_offset(t).seconds())
            .unwrap_or(0)
    }
}

fn bad(text: &str) -> String {
    format!(
        "'{text}' is not a time: write ISO 8601 (2024-03-01T14:05:00+01:00), 2024-03-01 14:05, \
         01/03/2024 14:05, 01.03.2024, 01/Mar/24 2:05 PM or epoch seconds"
    )
}

/// Reads `text` as a point in time; `local_offset` (seconds east of UTC) applies when the text
/// has no offset of its own, and `d/M` dates are read day first.
pub fn parse(text: &str, local_offset: i32) -> Result<Seconds, String> {
    let stamp = read(text, None)?;
    Ok(stamp.civil - Seconds::from(stamp.offset.unwrap_or(local_offset)))
}

/// Reads `text` as a time. `order` says which of day and month comes first in `03/04/2024`;
/// without it, a row where both are 12 or less is read day first and marked `either_order`.
pub fn read(text: &str, order: Option<DateOrder>) -> Result<Stamp, String> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return iso(text);
    }
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return epoch(text);
    }
    let date_end = b
        .iter()
        .position(|c| *c == b' ' || *c == b'T')
        .unwrap_or(b.len());
    let date = &text[..date_end];
    let rest = text[date_end..].trim_start_matches([' ', 'T']);
    let seconds_of_day = if rest.is_empty() {
        0
    } else {
        clock(rest).ok_or_else(|| bad(text))?
    };
    let (day, format, either) = if let Some((d, m, y)) = split3(date, '.') {
        let (d, m, y) = (number(d, text)?, number(m, text)?, year(y, text)?);
        (calendar_day(y, m, d, text)?, Format::Dotted, false)
    } else if let Some((a, m, y)) = split3(date, '/') {
        if let Some(month) = month_name(m) {
            let (d, y) = (number(a, text)?, year(y, text)?);
            (calendar_day(y, month, d, text)?, Format::Jira, false)
        } else if a.len() == 4 {
            let (y, m, d) = (number(a, text)? as i32, number(m, text)?, number(y, text)?);
            (calendar_day(y, m, d, text)?, Format::Iso, false)
        } else {
            let (first, second, y) = (number(a, text)?, number(m, text)?, year(y, text)?);
            slashed(first, second, y, order, text)?
        }
    } else {
        return Err(bad(text));
    };
    Ok(Stamp {
        civil: day + Seconds::from(seconds_of_day),
        offset: None,
        format,
        either_order: either,
    })
}

fn slashed(
    first: u32,
    second: u32,
    y: i32,
    order: Option<DateOrder>,
    text: &str,
) -> Result<(Seconds, Format, bool), String> {
    let wrong = |order: DateOrder| {
        format!(
            "'{text}' is not a date in the order --date-order {} says",
            order.name()
        )
    };
    match order {
        Some(DateOrder::Dmy) => Ok((
            calendar_day(y, second, first, text).map_err(|_| wrong(DateOrder::Dmy))?,
            Format::DayMonth,
            false,
        )),
        Some(DateOrder::Mdy) => Ok((
            calendar_day(y, first, second, text).map_err(|_| wrong(DateOrder::Mdy))?,
            Format::MonthDay,
            false,
        )),
        None if first > 12 => Ok((
            calendar_day(y, second, first, text)?,
            Format::DayMonth,
            false,
        )),
        None if second > 12 => Ok((
            calendar_day(y, first, second, text)?,
            Format::MonthDay,
            false,
        )),
        None => Ok((
            calendar_day(y, second, first, text)?,
            Format::Slashed,
            first != second,
        )),
    }
}

/// Swaps day and month of a time read day first (both 12 or less): the file is month first.
pub fn swap_day_and_month(civil: Seconds) -> Seconds {
    let (days, rest) = (civil.div_euclid(DAY), civil.rem_euclid(DAY));
    let Some(date) = DateTime::from_timestamp(days * DAY, 0).map(|t| t.date_naive()) else {
        return civil;
    };
    match NaiveDate::from_ymd_opt(date.year(), date.day(), date.month()) {
        Some(swapped) => day_seconds(swapped) + rest,
        None => civil,
    }
}

fn split3(text: &str, separator: char) -> Option<(&str, &str, &str)> {
    let mut parts = text.split(separator);
    let out = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(out)
}

fn number(text: &str, whole: &str) -> Result<u32, String> {
    if text.is_empty() || text.len() > 4 {
        return Err(bad(whole));
    }
    digits(text.as_bytes()).ok_or_else(|| bad(whole))
}

/// `2024`, or `24` for 2024.
fn year(text: &str, whole: &str) -> Result<i32, String> {
    match text.len() {
        2 => Ok(2000 + number(text, whole)? as i32),
        4 => Ok(number(text, whole)? as i32),
        _ => Err(bad(whole)),
    }
}

fn month_name(text: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if text.len() != 3 {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|m| m as u32 + 1)
}

fn calendar_day(y: i32, m: u32, d: u32, text: &str) -> Result<Seconds, String> {
    NaiveDate::from_ymd_opt(y, m, d)
        .map(day_seconds)
        .ok_or_else(|| format!("'{text}': there is no day {y}-{m:02}-{d:02}"))
}

fn day_seconds(date: NaiveDate) -> Seconds {
    date.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

/// `6:34 PM`, `18:34`, `18:34:05`, `6:34:05pm`: seconds of the day.
fn clock(text: &str) -> Option<u32> {
    let lower = text.trim().to_ascii_lowercase();
    let (time, half) = if let Some(t) = lower.strip_suffix("am") {
        (t.trim_end(), Some(false))
    } else if let Some(t) = lower.strip_suffix("pm") {
        (t.trim_end(), Some(true))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = time.split(':');
    let hour = parts.next().filter(|h| (1..=2).contains(&h.len()))?;
    let minute = parts.next().filter(|m| m.len() == 2)?;
    let second = match parts.next() {
        Some(s) => {
            let whole = s.split(['.', ',']).next()?;
            (whole.len() == 2).then_some(whole)?
        }
        None => "00",
    };
    if parts.next().is_some() {
        return None;
    }
    let (mut hour, minute, second) = (
        digits(hour.as_bytes())?,
        digits(minute.as_bytes())?,
        digits(second.as_bytes())?,
    );
    if let Some(pm) = half {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    (hour <= 23 && minute <= 59 && second <= 60).then(|| hour * 3600 + minute * 60 + second.min(59))
}

/// Epoch seconds, or milliseconds when the number is too large for seconds before year 5138.
fn epoch(text: &str) -> Result<Stamp, String> {
    if text.len() < 9 || text.len() > 14 {
        return Err(bad(text));
    }
    let value: i64 = text.parse().map_err(|_| bad(text))?;
    let (civil, format) = if value >= 100_000_000_000 {
        (value / 1000, Format::EpochMillis)
    } else {
        (value, Format::EpochSeconds)
    };
    Ok(Stamp {
        civil,
        offset: Some(0),
        format,
        either_order: false,
    })
}

fn iso(text: &str) -> Result<Stamp, String> {
    let b = text.as_bytes();
    let bad = || bad(text);
    let year = digits(&b[0..4]).ok_or_else(bad)? as i32;
    let month = digits(&b[5..7]).ok_or_else(bad)?;
    let day = digits(&b[8..10]).ok_or_else(bad)?;
    let date = calendar_day(year, month, day, text)?;
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
    // `[Europe/Paris]` after an offset names the zone the offset came from.
    let zone_named = rest.ends_with(b"]");
    if let Some(open) = rest.iter().position(|c| *c == b'[')
        && zone_named
    {
        rest = &rest[..open];
    }
    let offset = offset(rest).ok_or_else(bad)?;
    if zone_named && offset.is_none() {
        return Err(format!(
            "'{text}' names a zone but no offset: write the offset (+01:00) before the zone"
        ));
    }
    Ok(Stamp {
        civil: date + Seconds::from(seconds_of_day),
        offset,
        format: Format::Iso,
        either_order: false,
    })
}

/// `Z`, `+01:00`, `+0100`, `+01`, ` UTC`: Some(Some(seconds east)); nothing: Some(None).
fn offset(rest: &[u8]) -> Option<Option<i32>> {
    let rest = rest.trim_ascii_start();
    match rest {
        [] => Some(None),
        [b'Z' | b'z'] | b"UTC" | b"GMT" => Some(Some(0)),
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
            Some(Some(if *sign == b'-' { -seconds } else { seconds }))
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
    day_seconds(date) - Seconds::from(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Seconds {
        DateTime::parse_from_rfc3339(text).unwrap().timestamp()
    }

    /// The instant `text` names, local times read at `offset` hours east of UTC.
    fn at(text: &str, offset: i32) -> Result<Seconds, String> {
        let stamp = read(text, None)?;
        Ok(stamp
            .offset
            .map_or(stamp.civil - Seconds::from(offset * 3600), |o| {
                stamp.civil - Seconds::from(o)
            }))
    }

    #[test]
    fn reads_iso_8601_in_its_common_shapes() {
        let want = utc("2014-09-07T08:30:58Z");
        for text in [
            "2014-09-07T01:30:58-07:00",
            "2014-09-07T08:30:58Z",
            "2014-09-07T09:30:58.123+0100",
            "2014-09-07 10:30:58+02",
            "2014-09-07T08:30:58 UTC",
            "2014-09-07T10:30:58.5+02:00[Europe/Berlin]",
        ] {
            assert_eq!(at(text, 5), Ok(want), "{text}");
        }
        assert_eq!(at("2014-09-07 08:30", 1), Ok(utc("2014-09-07T07:30:00Z")));
        assert_eq!(at(" 2014-09-07 ", -1), Ok(utc("2014-09-07T01:00:00Z")));
        assert_eq!(at("2014/09/07 08:30", 0), Ok(utc("2014-09-07T08:30:00Z")));
    }

    #[test]
    fn reads_what_trackers_and_spreadsheets_write() {
        let pm = utc("2024-02-02T18:34:00Z");
        assert_eq!(at("02/Feb/24 6:34 PM", 0), Ok(pm));
        assert_eq!(at("2/feb/2024 6:34pm", 0), Ok(pm));
        assert_eq!(at("02/Feb/24 12:05 AM", 0), Ok(utc("2024-02-02T00:05:00Z")));
        assert_eq!(at("02/Feb/24 12:05 PM", 0), Ok(utc("2024-02-02T12:05:00Z")));
        assert_eq!(at("25/03/2024 14:05", 0), Ok(utc("2024-03-25T14:05:00Z")));
        assert_eq!(
            at("3/25/2024 2:05:09 PM", 0),
            Ok(utc("2024-03-25T14:05:09Z"))
        );
        assert_eq!(
            at("25.03.2024 14:05:09", 0),
            Ok(utc("2024-03-25T14:05:09Z"))
        );
        assert_eq!(at("25.03.2024", 0), Ok(utc("2024-03-25T00:00:00Z")));
        assert_eq!(at("1711375509", 3), Ok(1_711_375_509));
        assert_eq!(at("1711375509123", 3), Ok(1_711_375_509));
        assert_eq!(
            read("1711375509123", None).unwrap().format,
            Format::EpochMillis
        );
    }

    #[test]
    fn day_and_month_are_never_guessed_row_by_row() {
        let either = read("03/04/2024", None).unwrap();
        assert!(either.either_order);
        assert_eq!(either.civil, utc("2024-04-03T00:00:00Z"));
        assert_eq!(
            swap_day_and_month(either.civil + 60),
            utc("2024-03-04T00:01:00Z")
        );
        assert!(!read("04/04/2024", None).unwrap().either_order);
        assert_eq!(read("13/04/2024", None).unwrap().format, Format::DayMonth);
        assert_eq!(read("04/13/2024", None).unwrap().format, Format::MonthDay);
        let mdy = read("03/04/2024", Some(DateOrder::Mdy)).unwrap();
        assert_eq!(
            (mdy.civil, mdy.either_order),
            (utc("2024-03-04T00:00:00Z"), false)
        );
        let wrong = read("13/04/2024", Some(DateOrder::Mdy)).unwrap_err();
        assert!(wrong.contains("--date-order mdy"), "{wrong}");
    }

    #[test]
    fn says_what_is_wrong_with_a_time() {
        for bad in [
            "",
            "yesterday",
            "2014-09-07T8:30",
            "2014-09-07T08:30+25:00",
            "2014-09-07T08:30 PST",
            "2014-09-07T08:30:5",
            "2024",
            "1/2/3/4",
            "02/Feb/24 13:05 PM",
        ] {
            let error = read(bad, None).unwrap_err();
            assert!(error.contains("is not a time"), "{bad}: {error}");
        }
        assert!(read("2014-02-30", None).unwrap_err().contains("no day"));
        assert!(read("30/02/2014", None).unwrap_err().contains("no day"));
        assert!(
            read("2014-02-03T24:10", None)
                .unwrap_err()
                .contains("range")
        );
        assert!(
            read("2014-02-03T10:10[Europe/Paris]", None)
                .unwrap_err()
                .contains("offset")
        );
    }

    #[test]
    fn local_times_follow_the_zones_clock_changes() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        let before = read("2024-03-30 12:00", None).unwrap().at(&berlin);
        let after = read("2024-03-31 12:00", None).unwrap().at(&berlin);
        assert_eq!(after - before, 23 * 3600);
        assert_eq!(before, utc("2024-03-30T11:00:00Z"));
        assert!(Zone::named("Mars/Olympus").unwrap_err().contains("IANA"));
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
