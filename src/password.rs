//! Staff passwords: the one module that knows Argon2id and the PHC string format.
//!
//! Why Argon2id with the crate's default cost (19 MiB, 2 passes): it is OWASP's first choice
//! for password storage, and a console with a handful of staff logs in rarely, so a slow hash
//! costs nobody anything while it makes a stolen backup expensive to crack. The PHC string
//! (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) carries its own parameters, so stronger settings
//! later still verify older hashes. Salts come from the OS (`getrandom`, as feed secrets do).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password accepted (characters, not bytes: a Japanese passphrase counts).
pub const MIN_CHARS: usize = 10;
/// The longest accepted: the hash works on any length, the limit only bounds the work an
/// anonymous login form can ask for.
pub const MAX_BYTES: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the operating system's random source failed: {0}")]
    Random(getrandom::Error),
    #[error("hashing failed: {0}")]
    Hash(String),
}

/// Hashes `password` with a fresh random salt, as a PHC string.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(PasswordError::Random)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored PHC string. A damaged stored hash never matches
/// (and is never an error a login form could tell apart from a wrong password).
pub fn verify(password: &str, stored: &str) -> bool {
    if password.len() > MAX_BYTES {
        return false;
    }
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Work equal to one [`verify`], for a login with an unknown name: without it, the answer's
/// timing would tell which staff names exist.
pub fn verify_nobody(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(h) = DUMMY.get_or_init(|| hash("not a real account password").ok()) {
        let _ = verify(password, h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_is_argon2id_with_a_fresh_salt() {
        let a = hash("相談センター2027年").unwrap();
        let b = hash("相談センター2027年").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("相談センター2027年", &a));
        assert!(!verify("相談センター2027", &a));
        assert!(!verify("", &a));
    }

    #[test]
    fn a_damaged_hash_never_matches() {
        assert!(!verify("anything", "not a phc string"));
        assert!(!verify("anything", ""));
        let mut h = hash("correct horse").unwrap();
        h.pop();
        assert!(!verify("correct horse", &h));
    }
}
