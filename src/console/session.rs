//! Console sessions: random tokens, kept in memory only as their SHA-256, with an idle
//! timeout. A restart of `soudan serve` logs everyone out, which is the safe direction.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session cookie.
pub const SESSION_COOKIE: &str = "soudan_session";
/// The login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "soudan_login";
/// Most sessions kept at once; the oldest unused go first.
const MAX_SESSIONS: usize = 1000;

#[derive(Debug, Clone)]
pub struct Live {
    pub staff: String,
    /// When it logged in, on the console's clock (a password changed later ends it).
    pub since: DateTime<Utc>,
    pub csrf: String,
    last_seen: Instant,
}

pub struct Sessions {
    idle: Duration,
    by_hash: Mutex<HashMap<String, Live>>,
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions {
            idle,
            by_hash: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Live>> {
        self.by_hash.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new session for `staff`: its token (for the cookie) and CSRF token. `None` only when
    /// the OS has no randomness, and then nobody can log in.
    pub fn start(&self, staff: &str, since: DateTime<Utc>, now: Instant) -> (String, String) {
        let token = crate::secret::new_secret().unwrap_or_default();
        let csrf = crate::secret::new_secret().unwrap_or_default();
        if token.is_empty() || csrf.is_empty() {
            return (String::new(), String::new());
        }
        let mut table = self.lock();
        table.retain(|_, s| now.duration_since(s.last_seen) < self.idle);
        if table.len() >= MAX_SESSIONS
            && let Some(oldest) = table
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone())
        {
            table.remove(&oldest);
        }
        table.insert(
            crate::secret::hash_secret(&token),
            Live {
                staff: staff.to_string(),
                since,
                csrf: csrf.clone(),
                last_seen: now,
            },
        );
        (token, csrf)
    }

    /// The live session of `token`, marked as used now; an idle one is ended.
    pub fn touch(&self, token: &str, now: Instant) -> Option<Live> {
        if !looks_like_token(token) {
            return None;
        }
        let key = crate::secret::hash_secret(token);
        let mut table = self.lock();
        let live = table.get_mut(&key)?;
        if now.duration_since(live.last_seen) >= self.idle {
            table.remove(&key);
            return None;
        }
        live.last_seen = now;
        Some(live.clone())
    }

    pub fn end(&self, token: Option<&str>) {
        if let Some(t) = token.filter(|t| looks_like_token(t)) {
            self.lock().remove(&crate::secret::hash_secret(t));
        }
    }
}

/// A token as [`crate::secret::new_secret`] makes them (hex), so nothing else is hashed.
pub fn looks_like_token(t: &str) -> bool {
    (32..=128).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Constant-time comparison of a submitted token with the expected one.
pub fn same(given: Option<&str>, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    match given {
        Some(g) if !expected.is_empty() && g.len() == expected.len() => {
            g.as_bytes().ct_eq(expected.as_bytes()).into()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_lives_while_used_and_ends_when_idle_or_logged_out() {
        let s = Sessions::new(Duration::from_secs(60));
        let t0 = Instant::now();
        let (token, csrf) = s.start("佐藤", Utc::now(), t0);
        assert!(looks_like_token(&token) && looks_like_token(&csrf) && token != csrf);
        let live = s.touch(&token, t0 + Duration::from_secs(50)).unwrap();
        assert_eq!(
            (live.staff.as_str(), live.csrf.as_str()),
            ("佐藤", csrf.as_str())
        );
        // Used at 50 s, so still alive at 100 s; idle from 100 s, over at 161 s.
        assert!(s.touch(&token, t0 + Duration::from_secs(100)).is_some());
        assert!(s.touch(&token, t0 + Duration::from_secs(161)).is_none());
        assert!(s.touch(&token, t0 + Duration::from_secs(162)).is_none());

        let (token, _) = s.start("佐藤", Utc::now(), t0);
        s.end(Some(&token));
        assert!(s.touch(&token, t0).is_none());
        assert!(s.touch("not-a-token", t0).is_none());
    }

    #[test]
    fn tokens_compare_only_when_equal() {
        assert!(same(Some("abcd"), "abcd"));
        assert!(!same(Some("abce"), "abcd"));
        assert!(!same(Some("abc"), "abcd"));
        assert!(!same(None, "abcd"));
        assert!(!same(Some(""), ""));
    }
}
