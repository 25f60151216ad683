//! How fast a stage takes work from the queue before it: items per day or per week ("920/d",
//! "12/w", "12 per week"). Stored as typed, converted through the session's clock.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::duration::exact_number;
use super::{Unit, WorkCalendar};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Throughput {
    pub items: f64,
    /// Days or weeks.
    pub per: Unit,
}

impl Throughput {
    pub fn parse(text: &str) -> Result<Throughput, String> {
        let text = text.trim();
        let help = "write items per day or per week, e.g. 920/d or 12/w";
        let (number, per) = text
            .split_once('/')
            .or_else(|| text.split_once(" per "))
            .ok_or_else(|| format!("'{text}' is not a throughput: {help}"))?;
        let items: f64 = number
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| format!("'{}' is not a number of items: {help}", number.trim()))?;
        if !items.is_finite() || items <= 0.0 || items > 1e9 {
            return Err(format!(
                "'{}' items: give a number above 0 ({help})",
                number.trim()
            ));
        }
        let per = match per.trim().to_lowercase().as_str() {
            "d" | "day" | "days" => Unit::Days,
            "w" | "wk" | "week" | "weeks" => Unit::Weeks,
            other => return Err(format!("'{other}' is not a day or a week: {help}")),
        };
        Ok(Throughput { items, per })
    }

    /// Items per hour of the session's clock.
    pub fn per_hour(self, calendar: &WorkCalendar) -> f64 {
        self.items / self.per.hours(calendar)
    }

    /// Hours `items` wait at this pace (Little's law).
    pub fn hours_for(self, items: u32, calendar: &WorkCalendar) -> f64 {
        f64::from(items) / self.per_hour(calendar)
    }
}

impl fmt::Display for Throughput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", exact_number(self.items), self.per.suffix())
    }
}

impl TryFrom<String> for Throughput {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Throughput::parse(&text)
    }
}

impl From<Throughput> for String {
    fn from(throughput: Throughput) -> String {
        throughput.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_per_day_and_per_week() {
        let t = Throughput::parse("920/d").unwrap();
        assert_eq!((t.items, t.per), (920.0, Unit::Days));
        assert_eq!(t.to_string(), "920/d");
        let t = Throughput::parse("12 per week").unwrap();
        assert_eq!(t.to_string(), "12/w");
        assert!(Throughput::parse("12").is_err());
        assert!(Throughput::parse("0/d").is_err());
        assert!(
            Throughput::parse("5/h")
                .unwrap_err()
                .contains("day or a week")
        );
    }

    #[test]
    fn queue_time_is_items_over_throughput() {
        let working = WorkCalendar::default();
        let t = Throughput::parse("4/d").unwrap();
        assert_eq!(t.hours_for(12, &working), 3.0 * 8.0);
        let t = Throughput::parse("10/w").unwrap();
        assert_eq!(t.hours_for(5, &working), 20.0);
    }
}
