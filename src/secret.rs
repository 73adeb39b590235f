//! Feed secrets and digests: the one home of SHA-256 and hex in soudan.
//!
//! A feed URL carries a secret, 128 bits from the operating system's random source as
//! lowercase hex; the store keeps the secret (coordinators hand URLs out), everything
//! published keeps only its SHA-256, and the server compares hashes in constant time. A plain
//! (unsalted) hash is enough: there is nothing to guess. Feed bodies are named and tagged by
//! their SHA-256 (strong ETags); backups end with one. A leaf module, so `feeds` (pure
//! rendering), `publish` and `ops` can all use it without depending on each other.

use sha2::{Digest, Sha256};

/// Bytes of randomness in a secret (128 bits).
pub const SECRET_BYTES: usize = 16;

/// A new secret, or the OS error if its random source is unavailable.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// SHA-256 of `bytes`: the one SHA-256 helper of the crate (secrets, ETags, backup
/// checksums), so there is a single place that knows the digest crate.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// SHA-256 of a secret, lowercase hex (as stored in manifests).
pub fn hash(secret: &str) -> String {
    hex(&sha256(secret.as_bytes()))
}

/// The same as [`hash`], under the name the publishing code uses.
pub fn hash_secret(secret: &str) -> String {
    hash(secret)
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
    fn secrets_are_long_and_distinct() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert_eq!(hash("abc").len(), 64);
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hex_round_trips() {
        let h = hash("abc");
        assert_eq!(parse_sha256_hex(&h), Some(sha256(b"abc")));
        assert_eq!(parse_sha256_hex(&h.to_uppercase()), Some(sha256(b"abc")));
        assert!(parse_sha256_hex("zz").is_none());
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
