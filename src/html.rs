//! Self-contained HTML pages (slips, the month view, the public page, posters): one home for
//! escaping, the font stack and the page skeleton, so every page is safe and looks the same.
//!
//! Pages are opened from a shared drive, mailed or printed, so they carry everything inline:
//! no external script, style sheet, font or image (tests check this in a headless browser).

use crate::i18n::Lang;
use std::fmt::Write as _;

/// Fonts a Japanese office PC has (Meiryo, Yu Gothic, MS Gothic) first, then the Noto
/// families Linux machines install for Japanese/Chinese/Korean and Devanagari (Nepali) and
/// Vietnamese diacritics, then the browser's own.
pub const FONT_STACK: &str = "\"Meiryo\", \"Yu Gothic\", \"YuGothic\", \"MS Gothic\", \
\"Noto Sans CJK JP\", \"Noto Sans Devanagari\", \"Noto Sans\", sans-serif";

/// Escapes text for HTML element content and double-quoted attribute values. Linear in the
/// input; every piece of data (names, topics, free text) goes through it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a page (and break some printers).
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `<!doctype html>`, the language (which also picks CJK glyph variants),
/// UTF-8, a viewport for phones, the shared base style, `css`, then `body` (already HTML).
pub fn page(lang: Lang, title: &str, css: &str, body: &str) -> String {
    let html_lang = match lang {
        Lang::JaEasy => "ja",
        other => other.code(),
    };
    let mut out = String::with_capacity(body.len() + css.len() + 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\nbody {{ font-family: {FONT_STACK}; margin: 0; \
         color: #111; }}\n{css}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        title = escape(title),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1b}[31m"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u{FFFD}[31m"
        );
    }

    #[test]
    fn page_declares_language_charset_and_fonts() {
        let html = page(Lang::JaEasy, "<t>", "p{}", "<p>x</p>");
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"ja\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>&lt;t&gt;</title>"));
        assert!(html.contains("Noto Sans Devanagari"));
    }
}
