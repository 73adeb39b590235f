//! Feed secrets and content hashes.
//!
//! A feed URL carries a secret; the store keeps the secret (coordinators hand URLs out),
//! everything published keeps only its SHA-256. A secret is 128 random bits from the OS,
//! so a plain (unsalted) hash is enough: there is nothing to guess.

pub use crate::secret::{SECRET_BYTES, etag_of, hash_secret, hex, parse_sha256_hex, sha256};

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct SecretError(String);

/// A new feed secret: 128 bits from the OS random source, lowercase hex (32 characters).
/// The same as [`crate::secret::new_secret`], with a typed error.
pub fn generate_secret() -> Result<String, SecretError> {
    crate::secret::new_secret().map_err(|e| SecretError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_fresh_hex() {
        assert_eq!(SECRET_BYTES * 2, generate_secret().unwrap().len());
        assert_eq!(hash_secret("abc"), hex(&sha256(b"abc")));
        let a = generate_secret().unwrap();
        let b = generate_secret().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        );
        let h = hash_secret(&a);
        assert_eq!(parse_sha256_hex(&h), Some(sha256(a.as_bytes())));
        assert_eq!(
            etag_of(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(parse_sha256_hex("zz").is_none());
    }
}
