//! Calendar dates of partial precision, as gazetteers and news metadata give them.

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date known to the year, the month or the day (`2025`, `2025-05`, `2025-05-08`).
///
/// Unknown parts are stored as zero, so the derived ordering sorts a partial date before every full date in the same
/// year or month: `2008 < 2008-05 < 2008-05-07`. That is the right reading for the *start* of an office; see
/// [`Date::end_of_period`] for ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts; `month` and `day` may be 0 for "unknown".
    ///
    /// Returns `None` when a part is out of range (month above 12, day above the month's length, or a day without a
    /// month).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if month > 12 || (month == 0 && day != 0) {
            return None;
        }
        if day > 0 && day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), if known.
    pub fn month(&self) -> Option<u8> {
        (self.month > 0).then_some(self.month)
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u8> {
        (self.day > 0).then_some(self.day)
    }

    /// The last day this (possibly partial) date can stand for: `2008` → `2008-12-31`, `2008-02` → `2008-02-29`.
    ///
    /// Used for the end of an office, so that an office "ending in 2008" still covers a document dated 2008-06-01.
    pub fn end_of_period(&self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 { days_in_month(self.year, month) } else { self.day };
        Date { year: self.year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Why a date string did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateParseError {
    input: String,
}

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid date {:?}: expected YYYY, YYYY-MM or YYYY-MM-DD", self.input)
    }
}

impl std::error::Error for DateParseError {}

impl FromStr for Date {
    type Err = DateParseError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a longer ISO timestamp (`2025-05-08T10:00:00Z`) is accepted and its
    /// time ignored, because JSON Lines corpora often carry one.
    fn from_str(s: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError { input: s.to_string() };
        let s = s.trim();
        let date_part = s.split(['T', ' ']).next().unwrap_or("");
        let mut parts = date_part.split('-');
        let year = parts.next().filter(|p| p.len() == 4).ok_or_else(err)?;
        let year: i32 = parse_digits(year).ok_or_else(err)? as i32;
        let month = match parts.next() {
            None => 0,
            Some(p) if p.len() == 2 => parse_digits(p).ok_or_else(err)? as u8,
            Some(_) => return Err(err()),
        };
        let day = match parts.next() {
            None => 0,
            Some(p) if p.len() == 2 => parse_digits(p).ok_or_else(err)? as u8,
            Some(_) => return Err(err()),
        };
        if parts.next().is_some() || (month == 0 && date_part.len() != 4) {
            return Err(err());
        }
        if (month == 0 && date_part.contains('-')) || (date_part.len() > 7 && day == 0) {
            return Err(err());
        }
        Date::new(year, month, day).filter(|d| d.month != 0 || d.day == 0).ok_or_else(err)
    }
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_and_full_dates() {
        assert_eq!("2025".parse::<Date>().unwrap().to_string(), "2025");
        assert_eq!("2025-05".parse::<Date>().unwrap().to_string(), "2025-05");
        assert_eq!("2025-05-08".parse::<Date>().unwrap().to_string(), "2025-05-08");
        assert_eq!("2025-05-08T10:00:00Z".parse::<Date>().unwrap().to_string(), "2025-05-08");
        for bad in ["", "25", "2025-5", "2025-13", "2025-02-30", "2025-05-08-01", "abcd", "2025-", "2025-05-"] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} should not parse");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2023-02-29".parse::<Date>().is_err());
    }

    #[test]
    fn orders_partial_dates_before_precise_ones() {
        let y: Date = "2008".parse().unwrap();
        let m: Date = "2008-05".parse().unwrap();
        let d: Date = "2008-05-07".parse().unwrap();
        assert!(y < m && m < d);
        assert_eq!(y.end_of_period().to_string(), "2008-12-31");
        assert_eq!("2024-02".parse::<Date>().unwrap().end_of_period().to_string(), "2024-02-29");
    }
}
