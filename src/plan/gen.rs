//! Synthetic demand history driven by a profile: months of requests as a center with that
//! population would have received them (priors only, sampled like [`super::simulate`]).
//!
//! For tests and benchmarks: a seeded shift in the profile (twice the Nepali students) must
//! show up in what `soudan plan` recommends from the history alone.

use super::forecast::{History, forecast};
use super::profile::Profile;
use super::simulate::sample_month;
use crate::model::{Mode, Month, Request, RequestWindow, weekday_code};

/// Requests for each of `months`, received the month before it, ids `H<yyyymm>-<n>`; only
/// topics in `topics` (the center's vocabulary).
pub fn history(profile: &Profile, topics: &[String], months: &[Month], seed: u64) -> Vec<Request> {
    let mut out = Vec::new();
    for &m in months {
        let mut f = forecast(m, profile, &History::default());
        f.cells.retain(|c| topics.contains(&c.topic));
        let index = u64::from(m.year.unsigned_abs()) * 12 + u64::from(m.month);
        for (n, mut r) in sample_month(&f, seed, index).into_iter().enumerate() {
            r.id = format!("H{:04}{:02}-{:04}", m.year, m.month, n + 1);
            out.push(r);
        }
    }
    out
}

/// `requests` as a coordinator's `requests.csv` (the import format, `docs/data-format.md`),
/// with placeholder names: what a test imports to give a store its history.
pub fn to_requests_csv(requests: &[Request]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(crate::import::REQUEST_COLUMNS);
    for r in requests {
        let modes: Vec<&str> = r.modes.iter().map(|m: &Mode| m.code()).collect();
        let windows = r.windows.as_ref().map_or(String::new(), |ws| {
            ws.iter()
                .map(|w| match w {
                    RequestWindow::Weekly { day, times } => match times {
                        Some((s, e)) => format!(
                            "{} {}-{}",
                            weekday_code(*day),
                            s.format("%H:%M"),
                            e.format("%H:%M")
                        ),
                        None => weekday_code(*day).to_string(),
                    },
                    RequestWindow::Date { date, times } => match times {
                        Some((s, e)) => {
                            format!("{date} {}-{}", s.format("%H:%M"), e.format("%H:%M"))
                        }
                        None => date.to_string(),
                    },
                })
                .collect::<Vec<_>>()
                .join(";")
        });
        let received = r.received.format("%Y-%m-%dT%H:%M").to_string();
        let record: Vec<String> = crate::import::REQUEST_COLUMNS
            .iter()
            .map(|c| match *c {
                "id" => r.id.clone(),
                "received" => received.clone(),
                "name" => format!("Resident {}", r.id),
                "language" => r.language.clone(),
                "nationality" => r.intake.nationality.clone(),
                "residence_status" => r.intake.residence_status.clone(),
                "topic" => r.topic.clone(),
                "agency" => r.agency.clone().unwrap_or_default(),
                "modes" => modes.join(";"),
                "windows" => windows.clone(),
                "deadline" => r.deadline.map(|d| d.to_string()).unwrap_or_default(),
                "priority" => r.priority.code().to_string(),
                "summary" => format!("{} ({})", r.topic, r.intake.residence_status),
                _ => String::new(),
            })
            .collect();
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
