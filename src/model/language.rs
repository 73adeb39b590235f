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

#[cfg(test)]
mod tests {
    use super::*;

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
