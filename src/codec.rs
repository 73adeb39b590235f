//! The one place that knows how values are encoded on disk.
//!
//! Every stored value is one format byte followed by its bincode 2 (serde) encoding. The byte
//! lets a future version change the encoding (or swap bincode for postcard) and still read old
//! values. bincode is not self-describing: stored types must not use `#[serde(flatten)]`,
//! `untagged` enums or `skip_serializing_if`.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Format byte written in front of every value.
pub const FORMAT_V1: u8 = 1;

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
