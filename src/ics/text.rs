//! Text clean-up before values reach the `icalendar` crate.
//!
//! `icalendar` escapes `\`, `,`, `;` and LF in TEXT values, but passes CR and other control
//! characters through unchanged, which produces bare CRs or invalid content lines. Every
//! string that comes from coordinators or residents therefore goes through [`sanitize`].

/// Normalises CRLF and lone CR to LF and removes control characters other than TAB and LF
/// (C0 controls and DEL, which RFC 5545 excludes from TEXT).
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// [`sanitize`] for single-line values (SUMMARY, LOCATION, names): line breaks become spaces.
pub fn sanitize_line(input: &str) -> String {
    sanitize(input).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_breaks_and_strips_controls() {
        assert_eq!(sanitize("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize("x\u{0}\u{7}\u{1b}y\tz\u{7f}"), "xy\tz");
        assert_eq!(sanitize("日本語\r\n"), "日本語\n");
        assert_eq!(sanitize_line("a\r\nb"), "a b");
    }
}
