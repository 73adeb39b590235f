//! Turning coordinator files into text.
//!
//! Coordinators edit these files in Excel, which in Japan saves CSV as Shift_JIS (CP932) unless
//! told "CSV UTF-8", and then adds a byte-order mark. Both are accepted: UTF-8 with or without
//! BOM as is, and a file that is not UTF-8 but is valid Shift_JIS is decoded as such (Japanese
//! text that is not UTF-8 is almost always Shift_JIS). Anything else is refused with a message
//! saying how to save the file.

/// The encoding a file was read in, reported to the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|e| not_text(e.valid_up_to() + 3));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(e) => {
            let utf8_error_at = e.valid_up_to();
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| (s.into_owned(), Encoding::ShiftJis))
                .ok_or_else(|| not_text(utf8_error_at))
        }
    }
}

fn not_text(offset: usize) -> String {
    format!(
        "not UTF-8 or Shift_JIS text (first bad byte at offset {offset}); \
         in Excel choose \"CSV UTF-8 (comma delimited)\" when saving"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_shift_jis() {
        assert_eq!(decode("a,b".as_bytes()).unwrap().1, Encoding::Utf8);
        let bom = [&[0xEF, 0xBB, 0xBF][..], "在留".as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), ("在留".into(), Encoding::Utf8Bom));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("在留資格,留学");
        assert_eq!(
            decode(&sjis).unwrap(),
            ("在留資格,留学".into(), Encoding::ShiftJis)
        );
        assert!(decode(&[0x82, 0xff, 0xfe, 0x00, 0x81]).is_err());
    }
}
