use super::{LocalWindow, Mode, Month};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A booking request with the intake staff took at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: String,
    /// When the request was received (center local time).
    pub received: NaiveDateTime,
    pub language: String,
    pub topic: String,
    /// Set when the resident asked for one agency specifically.
    pub agency: Option<String>,
    /// Modes the resident accepts.
    pub modes: Vec<Mode>,
    /// When the resident can come; `None` = any time.
    pub windows: Option<Vec<RequestWindow>>,
    /// The consultation must take place on or before this date (e.g. residence card expiry).
    pub deadline: Option<NaiveDate>,
    pub priority: Priority,
    pub intake: Intake,
    /// Never leaves the store unless a coordinator explicitly asks for it.
    pub contact: Contact,
    pub status: RequestStatus,
}

/// What the specialist needs to know before the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    /// As written on the residence card, e.g. 留学, 永住者, 技能実習.
    pub residence_status: String,
    pub summary: String,
    pub tried: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub contact: String,
}

/// When a resident can come, in the center's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestWindow {
    /// Every such weekday of the month, optionally only between two times.
    Weekly {
        day: Weekday,
        times: Option<(NaiveTime, NaiveTime)>,
    },
    /// One date, optionally only between two times.
    Date {
        date: NaiveDate,
        times: Option<(NaiveTime, NaiveTime)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub fn code(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

impl FromStr for Priority {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "" | "normal" => Ok(Priority::Normal),
            "high" => Ok(Priority::High),
            "urgent" => Ok(Priority::Urgent),
            other => Err(format!(
                "unknown priority `{other}` (expected normal, high or urgent)"
            )),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a request stands. A request with a confirmed booking is `Booked`; allocation moves
/// `Waiting` requests to `Booked` and releases `Booked` ones whose booking became infeasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Waiting,
    Booked,
    Cancelled,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Waiting => "waiting",
            RequestStatus::Booked => "booked",
            RequestStatus::Cancelled => "cancelled",
        }
    }
}

impl Request {
    /// The request's windows as local intervals within `month`; `None` = any time.
    pub fn windows_in(&self, month: Month) -> Option<Vec<LocalWindow>> {
        let windows = self.windows.as_ref()?;
        let whole_day = |d: NaiveDate, times: Option<(NaiveTime, NaiveTime)>| match times {
            Some((s, e)) => LocalWindow {
                start: d.and_time(s),
                end: d.and_time(e),
            },
            None => LocalWindow {
                start: d.and_time(NaiveTime::MIN),
                end: d.and_time(NaiveTime::MIN) + TimeDelta::days(1),
            },
        };
        let mut out = Vec::new();
        for w in windows {
            match *w {
                RequestWindow::Weekly { day, times } => out.extend(
                    month
                        .days()
                        .filter(|d| d.weekday() == day)
                        .map(|d| whole_day(d, times)),
                ),
                RequestWindow::Date { date, times } => {
                    if month.contains(date) {
                        out.push(whole_day(date, times));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// The latest local time the consultation may end: midnight after the deadline date.
    pub fn deadline_end(&self) -> Option<NaiveDateTime> {
        self.deadline
            .map(|d| d.and_time(NaiveTime::MIN) + TimeDelta::days(1))
    }
}
