//! The one place that knows how values are encoded on disk.
//!
//! Every stored value is one format byte followed by its bincode 2 (serde) encoding. The byte
//! lets a future version change the encoding (or swap bincode for postcard) and still read old
//! values. bincode is not self-describing: stored types must not use `#[serde(flatten)]`,
//! `untagged` enums or `skip_serializing_if`.
//!
//! The store's big tables keep many records in one value (see `store::blocks`): a *block*
//! is [`FORMAT_BLOCK`], the number of entries (little-endian `u32`) and the entries, each a
//! `u32` key length, the key, a `u32` value length and the value (itself a record encoded by [`encode`]), sorted
//! by key. A plain framing rather than bincode: reading one record out of a block needs only
//! the offsets, never a decode of its neighbours.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Format byte written in front of every value.
pub const FORMAT_V1: u8 = 1;

/// Format byte of a block of records ([`encode_block`]).
pub const FORMAT_BLOCK: u8 = 0xB1;

/// Why a stored value could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("empty value")]
    Empty,
    #[error("value written in format {found}, this soudan reads format {FORMAT_V1} only")]
    UnknownFormat { found: u8 },
    #[error("damaged value: {0}")]
    Damaged(String),
    #[error("damaged value: {0} unexpected trailing bytes")]
    Trailing(usize),
    #[error("cannot encode value: {0}")]
    Encode(String),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT_V1];
    bincode::serde::encode_into_std_write(value, &mut out, config())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&format, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if format != FORMAT_V1 {
        return Err(CodecError::UnknownFormat { found: format });
    }
    let (value, read) = bincode::serde::decode_from_slice(body, config())
        .map_err(|e| CodecError::Damaged(e.to_string()))?;
    if read != body.len() {
        return Err(CodecError::Trailing(body.len() - read));
    }
    Ok(value)
}

/// Bytes [`encode_block`] adds to each entry besides its key and value.
pub const BLOCK_ENTRY_OVERHEAD: usize = 8;

/// Encodes sorted `(key, value)` entries as one block.
pub fn encode_block<'a>(
    entries: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    size_hint: usize,
) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(5 + size_hint);
    out.push(FORMAT_BLOCK);
    out.extend_from_slice(&[0; 4]);
    let mut count: u32 = 0;
    for (key, value) in entries {
        count = count
            .checked_add(1)
            .ok_or_else(|| CodecError::Encode("too many records in one block".into()))?;
        for part in [key, value] {
            let len = u32::try_from(part.len())
                .map_err(|_| CodecError::Encode(format!("{} bytes in one record", part.len())))?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out[1..5].copy_from_slice(&count.to_le_bytes());
    Ok(out)
}

/// The entries of a block, in order, borrowed from its bytes. Damage (a wrong format byte,
/// a length past the end) is an error item, after which iteration stops; never a panic.
pub fn block_entries(bytes: &[u8]) -> BlockEntries<'_> {
    match bytes.split_first() {
        Some((&FORMAT_BLOCK, rest)) if rest.len() >= 4 => BlockEntries {
            left: u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]),
            rest: &rest[4..],
            failed: false,
        },
        _ => BlockEntries {
            left: 0,
            rest: &[],
            failed: true,
        },
    }
}

/// Iterator of [`block_entries`].
pub struct BlockEntries<'a> {
    /// Entries still to read, from the header: fewer bytes than that is damage.
    left: u32,
    rest: &'a [u8],
    /// Set when the header was wrong: the next item is the error.
    failed: bool,
}

impl<'a> BlockEntries<'a> {
    fn part(&mut self) -> Result<&'a [u8], CodecError> {
        let damaged = || CodecError::Damaged("block entry runs past the end".into());
        let (len, rest) = self.rest.split_at_checked(4).ok_or_else(damaged)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let (part, rest) = rest.split_at_checked(len).ok_or_else(damaged)?;
        self.rest = rest;
        Ok(part)
    }
}

impl<'a> Iterator for BlockEntries<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), CodecError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            self.failed = false;
            return Some(Err(CodecError::Damaged("not a block of records".into())));
        }
        if self.left == 0 {
            if self.rest.is_empty() {
                return None;
            }
            let extra = self.rest.len();
            self.rest = &[];
            return Some(Err(CodecError::Trailing(extra)));
        }
        self.left -= 1;
        let entry = self.part().and_then(|k| Ok((k, self.part()?)));
        if entry.is_err() {
            self.rest = &[];
            self.left = 0;
        }
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Booking, BookingStatus, Mode};
    use chrono::{TimeZone, Utc};

    fn booking() -> Booking {
        let t = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
        Booking {
            number: "B-000001".into(),
            request: "R-0001".into(),
            session: "immigration-2026-12-12".into(),
            agency: "immigration".into(),
            slot: 2,
            start: t.naive_utc(),
            end: t.naive_utc(),
            booth: 1,
            interpreter: Some("remote-ne-01".into()),
            mode: Some(Mode::Video),
            sequence: 0,
            status: BookingStatus::Confirmed,
            created: t,
            updated: t,
        }
    }

    #[test]
    fn blocks_round_trip_and_refuse_damage() {
        let entries: Vec<(Vec<u8>, Vec<u8>)> = (0..50u8)
            .map(|i| (vec![b'k', i], vec![i; usize::from(i)]))
            .collect();
        let bytes =
            encode_block(entries.iter().map(|(k, v)| (k.as_slice(), v.as_slice())), 0).unwrap();
        let back: Vec<(Vec<u8>, Vec<u8>)> = block_entries(&bytes)
            .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(back, entries);
        assert_eq!(block_entries(&[FORMAT_BLOCK, 0, 0, 0, 0]).count(), 0);
        // Every truncation, extra bytes and a wrong format byte give an error item, never a
        // panic.
        let mut longer = bytes.clone();
        longer.push(7);
        assert!(block_entries(&longer).any(|e| e.is_err()));
        for cut in 0..bytes.len() {
            assert!(
                block_entries(&bytes[..cut]).any(|e| e.is_err()),
                "cut {cut}"
            );
        }
        assert!(block_entries(&[]).next().unwrap().is_err());
        assert!(
            block_entries(&encode(&1u32).unwrap())
                .next()
                .unwrap()
                .is_err()
        );
    }

    #[test]
    fn round_trips() {
        let b = booking();
        let bytes = encode(&b).unwrap();
        assert_eq!(bytes[0], FORMAT_V1);
        assert_eq!(decode::<Booking>(&bytes).unwrap(), b);
    }

    #[test]
    fn refuses_damage_without_panicking() {
        let bytes = encode(&booking()).unwrap();
        assert!(matches!(decode::<Booking>(&[]), Err(CodecError::Empty)));
        let mut future = bytes.clone();
        future[0] = 9;
        assert!(matches!(
            decode::<Booking>(&future),
            Err(CodecError::UnknownFormat { found: 9 })
        ));
        for cut in 1..bytes.len() {
            assert!(decode::<Booking>(&bytes[..cut]).is_err());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            decode::<Booking>(&longer),
            Err(CodecError::Trailing(1))
        ));
    }
}
