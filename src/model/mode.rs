use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a resident or interpreter joins a consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    InPerson,
    Video,
    Phone,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::InPerson, Mode::Video, Mode::Phone];

    pub fn code(self) -> &'static str {
        match self {
            Mode::InPerson => "in_person",
            Mode::Video => "video",
            Mode::Phone => "phone",
        }
    }

    /// Position in [`Mode::ALL`], for per-mode arrays.
    pub fn index(self) -> usize {
        match self {
            Mode::InPerson => 0,
            Mode::Video => 1,
            Mode::Phone => 2,
        }
    }

    /// This mode as a bit of a mode set.
    pub fn bit(self) -> u8 {
        1 << self.index()
    }

    /// A set of modes as bits (see [`Mode::bit`]).
    pub fn mask(modes: &[Mode]) -> u8 {
        modes.iter().fold(0, |m, x| m | x.bit())
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Mode::InPerson => "対面",
            Mode::Video => "映像通訳",
            Mode::Phone => "電話通訳",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Mode::InPerson => "in person",
            Mode::Video => "video",
            Mode::Phone => "phone",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "in_person" => Ok(Mode::InPerson),
            "video" => Ok(Mode::Video),
            "phone" => Ok(Mode::Phone),
            other => Err(format!(
                "unknown mode `{other}` (expected in_person, video or phone)"
            )),
        }
    }
}
