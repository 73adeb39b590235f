use super::{Month, Priority, Request};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// How much placing a request is worth to the allocator, which maximises the total.
///
/// weight = base by priority + waiting bonus (per full week since the request was received,
/// counted to the first day of the month, capped) + deadline bonus (when the deadline falls
/// within the month, so it is now or never). Coordinators can override any number in the
/// `[weights]` table of `center.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeightPolicy {
    pub normal: i64,
    pub high: i64,
    pub urgent: i64,
    pub per_week_waiting: i64,
    pub max_waiting_bonus: i64,
    pub deadline_in_month: i64,
}

impl Default for WeightPolicy {
    fn default() -> Self {
        WeightPolicy {
            normal: 10,
            high: 20,
            urgent: 40,
            per_week_waiting: 1,
            max_waiting_bonus: 8,
            deadline_in_month: 10,
        }
    }
}

impl WeightPolicy {
    pub fn weight(&self, r: &Request, month: Month) -> i64 {
        let base = match r.priority {
            Priority::Normal => self.normal,
            Priority::High => self.high,
            Priority::Urgent => self.urgent,
        };
        let waited = (month.first_day().and_time(NaiveTime::MIN) - r.received).num_weeks();
        let waiting = (waited.max(0) * self.per_week_waiting).min(self.max_waiting_bonus);
        let deadline = match r.deadline {
            Some(d) if month.contains(d) => self.deadline_in_month,
            _ => 0,
        };
        (base + waiting + deadline).max(1)
    }

    /// Checks the numbers are usable: positive bases, nothing negative, nothing huge.
    pub fn validate(&self) -> Result<(), String> {
        let all = [
            ("normal", self.normal),
            ("high", self.high),
            ("urgent", self.urgent),
            ("per_week_waiting", self.per_week_waiting),
            ("max_waiting_bonus", self.max_waiting_bonus),
            ("deadline_in_month", self.deadline_in_month),
        ];
        for (name, v) in all {
            if !(0..=10_000).contains(&v) {
                return Err(format!("{name} = {v} is out of range (0 to 10000)"));
            }
        }
        if self.normal < 1 {
            return Err("normal must be at least 1".into());
        }
        Ok(())
    }
}
