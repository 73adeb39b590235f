use serde::{Deserialize, Serialize};

/// The one-stop center that runs the specialist consultation days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Center {
    pub name_ja: String,
    pub name_en: String,
    pub address: String,
    /// IANA zone of the counter; sessions, request windows and deadlines are in it.
    pub timezone: String,
    /// Languages the specialist table works in without an interpreter (at least `ja`).
    pub languages: Vec<String>,
    /// The topic vocabulary agencies and requests refer to.
    pub topics: Vec<Topic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
}

impl Center {
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
