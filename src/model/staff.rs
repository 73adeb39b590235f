//! Staff accounts of the console: who may log in, and whether they may change anything.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an account may do in the console. The CLI has no accounts: whoever runs it owns
/// the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Reads and changes: intake, allocation, moves, cancellations.
    Coordinator,
    /// Reads only (a manager, an agency liaison at the center).
    Viewer,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Viewer => "viewer",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        match s.trim() {
            "coordinator" => Some(Role::Coordinator),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    pub fn can_change(self) -> bool {
        self == Role::Coordinator
    }
}

/// One account. The password is kept only as an Argon2id PHC string (`crate::password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    /// The login name, as the person types it (a Japanese name is fine); unique.
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub created: DateTime<Utc>,
    pub password_changed: DateTime<Utc>,
}

/// The longest login name, in characters.
pub const MAX_STAFF_NAME: usize = 40;

/// Why a login name cannot be used: empty, too long, or with characters that would make it
/// ambiguous on a screen or in the history (control characters, leading/trailing spaces).
pub fn staff_name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("empty")
    } else if name.chars().count() > MAX_STAFF_NAME {
        Some("too_long")
    } else if name.trim() != name || name.chars().any(char::is_control) {
        Some("spaces_or_control")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_roles_read_back() {
        assert_eq!(staff_name_problem("佐藤"), None);
        assert_eq!(staff_name_problem("  "), Some("empty"));
        assert_eq!(staff_name_problem(" 佐藤"), Some("spaces_or_control"));
        assert_eq!(staff_name_problem("a\u{7}"), Some("spaces_or_control"));
        assert_eq!(staff_name_problem(&"あ".repeat(41)), Some("too_long"));
        for r in [Role::Coordinator, Role::Viewer] {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert!(Role::Coordinator.can_change() && !Role::Viewer.can_change());
    }
}
