//! Line unfolding and folding (RFC 5545 §3.1).
//!
//! `icalendar` folds lines itself, but its last continuation line can be 76 octets. We unfold
//! its output and fold every line again: at most 75 octets per physical line (excluding the
//! CRLF), continuation lines start with one space and carry at most 74 octets of content,
//! and a fold never splits a UTF-8 character.

/// Maximum octets of one physical line, excluding CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// Joins folded lines: a CRLF followed by a space or TAB is removed.
///
/// Only correct for text whose values contain no raw line breaks, which holds for our
/// own output (LF in TEXT is escaped as `\n`, CR is removed by [`super::text::sanitize`]).
pub fn unfold(input: &str) -> String {
    input.replace("\r\n ", "").replace("\r\n\t", "")
}

/// Folds every line of `unfolded` (CRLF-separated) and returns CRLF-terminated lines.
pub fn fold(unfolded: &str) -> String {
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 60 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        fold_line_into(line, &mut out);
    }
    out
}

fn fold_line_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut budget = MAX_LINE_OCTETS;
    let mut first = true;
    loop {
        if !first {
            out.push(' ');
        }
        if rest.len() <= budget {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = budget;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
        budget = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        for n in [1, 74, 75, 76, 142, 149, 150, 216, 1000] {
            let line = format!("SUMMARY:{}", "x".repeat(n));
            let folded = fold(&line);
            assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{n}");
            assert_eq!(unfold(&folded).trim_end(), line);
        }
        let jp = format!("SUMMARY:{}", "相談".repeat(100));
        let folded = fold(&jp);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75);
            assert!(std::str::from_utf8(l.as_bytes()).is_ok());
        }
        assert_eq!(unfold(&folded).trim_end(), jp);
    }
}
