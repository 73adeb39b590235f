//! Feed secrets and content hashes.
//!
//! A feed URL carries a secret; the store keeps the secret (coordinators hand URLs out),
//! everything published keeps only its SHA-256. A secret is 128 random bits from the OS,
//! so a plain (unsalted) hash is enough: there is nothing to guess.

/// Bytes of randomness in a secret (128 bits).
pub const SECRET_BYTES: usize = 16;

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct SecretError(String);

/// A new feed secret: 128 bits from the OS random source, lowercase hex (32 characters).
/// The same as [`crate::secret::new_secret`], with a typed error.
pub fn generate_secret() -> Result<String, SecretError> {
    crate::secret::new_secret().map_err(|e| SecretError(e.to_string()))
}

/// SHA-256 of `data` ([`crate::secret::sha256`]).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    crate::secret::sha256(data)
}

/// Lowercase hex SHA-256 of a secret, as stored in manifests (the same function as
/// [`crate::secret::hash`], so hashes made by either agree).
pub fn hash_secret(secret: &str) -> String {
    crate::secret::hash(secret)
}

/// The strong entity tag of a body (without quotes): lowercase hex SHA-256.
pub fn etag_of(body: &[u8]) -> String {
    hex(&sha256(body))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Parses 64 hex digits into a SHA-256 value.
pub fn parse_sha256_hex(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
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
