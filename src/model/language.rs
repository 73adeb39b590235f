//! The languages soudan knows, with their Japanese and English names.
//!
//! A fixed table rather than free text: a typo in a language code would otherwise silently
//! create a language nobody interprets. Codes are BCP 47 primary language subtags.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Language {
    pub code: &'static str,
    pub name_ja: &'static str,
    pub name_en: &'static str,
}

const fn lang(code: &'static str, name_ja: &'static str, name_en: &'static str) -> Language {
    Language {
        code,
        name_ja,
        name_en,
    }
}

pub const LANGUAGES: &[Language] = &[
    lang("ja", "日本語", "Japanese"),
    lang("en", "英語", "English"),
    lang("zh", "中国語", "Chinese"),
    lang("ko", "韓国語", "Korean"),
    lang("vi", "ベトナム語", "Vietnamese"),
    lang("ne", "ネパール語", "Nepali"),
    lang("tl", "タガログ語", "Tagalog"),
    lang("id", "インドネシア語", "Indonesian"),
    lang("my", "ミャンマー語", "Burmese"),
    lang("pt", "ポルトガル語", "Portuguese"),
    lang("es", "スペイン語", "Spanish"),
    lang("th", "タイ語", "Thai"),
    lang("si", "シンハラ語", "Sinhala"),
    lang("bn", "ベンガル語", "Bengali"),
    lang("mn", "モンゴル語", "Mongolian"),
    lang("km", "クメール語", "Khmer"),
    lang("ru", "ロシア語", "Russian"),
    lang("uk", "ウクライナ語", "Ukrainian"),
    lang("fr", "フランス語", "French"),
    lang("hi", "ヒンディー語", "Hindi"),
    lang("ur", "ウルドゥー語", "Urdu"),
    lang("fa", "ペルシャ語", "Persian"),
    lang("ar", "アラビア語", "Arabic"),
    lang("tr", "トルコ語", "Turkish"),
    lang("uz", "ウズベク語", "Uzbek"),
    lang("de", "ドイツ語", "German"),
    lang("it", "イタリア語", "Italian"),
    lang("ms", "マレー語", "Malay"),
    lang("sw", "スワヒリ語", "Swahili"),
    lang("am", "アムハラ語", "Amharic"),
    lang("ps", "パシュトー語", "Pashto"),
    lang("lo", "ラオ語", "Lao"),
];

/// Looks a language up by code (case-insensitive).
pub fn language(code: &str) -> Option<&'static Language> {
    let code = code.trim();
    LANGUAGES.iter().find(|l| l.code.eq_ignore_ascii_case(code))
}

/// Every ISO 639-1 code.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// The language of a request: anyone may walk in, so besides the table's codes any ISO 639
/// code (two or three letters, e.g. `ta` Tamil, `fil`) is accepted, and `other:<name>` for a
/// language without a code at hand (e.g. `other:Rohingya`). The allocator places such a
/// request only where an interpreter or agency speaks it; otherwise the report lists it with
/// its route (translation device at the counter, three-way phone interpreting).
pub fn request_language(code: &str) -> Result<String, String> {
    let code = code.trim();
    if let Some(l) = language(code) {
        return Ok(l.code.to_string());
    }
    if let Some(name) = code.strip_prefix("other:") {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(format!(
                "`{code}`: give the language's name after other: (1 to 60 characters), e.g. other:Rohingya"
            ));
        }
        return Ok(format!("other:{name}"));
    }
    let lower = code.to_ascii_lowercase();
    let letters = lower.bytes().all(|b| b.is_ascii_lowercase());
    // Two letters: ISO 639-1 is short enough to check, which still catches typos such as
    // `zz`; three letters (ISO 639-2/3, thousands of codes) are checked for shape only.
    if letters && (lower.len() == 3 || (lower.len() == 2 && ISO_639_1.contains(&lower.as_str()))) {
        return Ok(lower);
    }
    Err(format!(
        "`{code}` is not a language code (expected an ISO 639 code such as ta or fil, or other:<name>; `soudan languages` lists the usual ones)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_language_can_be_recorded() {
        assert_eq!(request_language(" ZH ").unwrap(), "zh");
        assert_eq!(request_language("ta").unwrap(), "ta");
        assert_eq!(request_language("fil").unwrap(), "fil");
        assert_eq!(
            request_language("other: Rohingya").unwrap(),
            "other:Rohingya"
        );
        assert!(request_language("other:").is_err());
        assert!(request_language("tamil").is_err());
        assert!(request_language("t1").is_err());
        assert!(request_language("zz").is_err(), "not an ISO 639-1 code");
        assert!(request_language("").is_err());
    }

    #[test]
    fn codes_are_unique_and_lowercase() {
        for (i, a) in LANGUAGES.iter().enumerate() {
            assert_eq!(a.code, a.code.to_ascii_lowercase());
            for b in &LANGUAGES[i + 1..] {
                assert_ne!(a.code, b.code);
            }
        }
        assert_eq!(language("NE").unwrap().name_ja, "ネパール語");
        assert!(language("xx").is_none());
    }
}
