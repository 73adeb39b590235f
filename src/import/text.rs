//! Turning coordinator files into text.
//!
//! Coordinators edit these files in Excel, which in Japan saves CSV as Shift_JIS (CP932) unless
//! told "CSV UTF-8", and then adds a byte-order mark. Both are accepted: UTF-8 with or without
//! BOM as is, and a file that is not UTF-8 but is valid Shift_JIS is decoded as such (Japanese
//! text that is not UTF-8 is almost always Shift_JIS). Anything else is refused with a message
//! saying how to save the file.

use super::error::Msg;

/// The encoding a file was read in, reported to the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

/// Decodes a coordinator file and normalises its line breaks to LF.
///
/// Why normalise: Excel writes CRLF, old Mac tools write CR alone, and the parsers count
/// lines differently for each (the CSV reader counted a CR-only file as one line). With LF
/// only, every `file:line:` in an error message is the line a text editor shows. A CR inside
/// a quoted field becomes LF, which is what sanitising would make of it anyway.
pub fn decode(bytes: impl Into<Vec<u8>>) -> Result<(String, Encoding), Msg> {
    let (text, encoding) = decode_raw(bytes.into())?;
    Ok((normalise_newlines(text), encoding))
}

/// Takes the bytes by value: UTF-8 (the common case) becomes the text without a copy, which
/// matters for a 36 MB requests file.
fn decode_raw(mut bytes: Vec<u8>) -> Result<(String, Encoding), Msg> {
    let mut encoding = Encoding::Utf8;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        encoding = Encoding::Utf8Bom;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, encoding)),
        Err(e) if encoding == Encoding::Utf8Bom => Err(not_text(e.utf8_error().valid_up_to() + 3)),
        Err(e) => {
            let utf8_error_at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            encoding_rs::SHIFT_JIS
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .map(|s| (s.into_owned(), Encoding::ShiftJis))
                .ok_or_else(|| not_text(utf8_error_at))
        }
    }
}

/// CRLF and lone CR become LF, in one pass (no copy when there is no CR).
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` with control characters (C0 but LF and TAB, DEL, C1) shown as `\u{..}` escapes, for
/// printing text
/// that came from coordinators or residents to a terminal: a name carrying an escape
/// sequence must not recolour, retitle or clear the coordinator's terminal.
pub fn for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `file` is `stored` as CP932 (Japanese Excel's "CSV" save) leaves it: the same
/// characters but one or more that CP932 cannot hold, each written as `?`. Such a value is not
/// a change the coordinator made, and a re-import keeps the stored one.
pub fn cp932_lost(stored: &str, file: &str) -> bool {
    if stored == file || stored.chars().count() != file.chars().count() {
        return false;
    }
    stored
        .chars()
        .zip(file.chars())
        .all(|(s, f)| s == f || (f == '?' && s != '?' && !cp932_holds(s)))
}

/// Whether CP932 (encoding_rs's Shift_JIS, which is Windows' code page 932) has `c`.
fn cp932_holds(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (_, _, unmappable) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
    !unmappable
}

fn not_text(offset: usize) -> Msg {
    Msg::new("import-not-text").arg("offset", offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_bom_and_shift_jis() {
        assert_eq!(decode("a,b".as_bytes()).unwrap().1, Encoding::Utf8);
        let bom = [&[0xEF, 0xBB, 0xBF][..], "在留".as_bytes()].concat();
        assert_eq!(
            decode(&bom[..]).unwrap(),
            ("在留".into(), Encoding::Utf8Bom)
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("在留資格,留学");
        assert_eq!(
            decode(&sjis[..]).unwrap(),
            ("在留資格,留学".into(), Encoding::ShiftJis)
        );
        assert!(decode([0x82, 0xff, 0xfe, 0x00, 0x81]).is_err());
    }

    #[test]
    fn line_breaks_are_normalised() {
        assert_eq!(decode(b"a\r\nb\rc\nd\r").unwrap().0, "a\nb\nc\nd\n");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("在留\r\n資格\r\n");
        assert_eq!(decode(&sjis[..]).unwrap().0, "在留\n資格\n");
    }

    #[test]
    fn cp932_losses_are_question_marks_where_cp932_has_no_character() {
        assert!(cp932_lost("Inês Carvalho", "In?s Carvalho"));
        assert!(cp932_lost("Elif Yıldız", "Elif Y?ld?z"));
        // What Excel wrote is what CP932 makes of the name.
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("Inês");
        assert_eq!(
            encoding_rs::SHIFT_JIS
                .decode(&bytes)
                .0
                .replace("&#234;", "?"),
            "In?s"
        );
        // A real edit, a `?` for a character CP932 has, or a different length is no loss.
        assert!(!cp932_lost("Inês Carvalho", "Inês Carvalho"));
        assert!(!cp932_lost("Inês Carvalho", "Ines Carvalho"));
        assert!(!cp932_lost("王 芳", "? 芳"));
        assert!(!cp932_lost("Inês", "In?s?"));
        assert!(!cp932_lost("In?s", "In?s"));
        assert!(!cp932_lost("Inês Carvalho", "In?s Carvalh?"));
    }

    #[test]
    fn terminal_text_has_no_raw_controls() {
        assert_eq!(for_terminal("王 テスト\n2"), "王 テスト\n2");
        assert_eq!(
            for_terminal("a\u{1b}[2Jb\u{7}\u{9b}"),
            "a\\u{1b}[2Jb\\u{7}\\u{9b}"
        );
    }
}
