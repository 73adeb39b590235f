//! The languages soudan speaks to people in, and how their names (BCP 47 tags, the words
//! people type) map onto them.

use std::fmt;
use std::str::FromStr;
use unic_langid::LanguageIdentifier;

/// A language of the catalogue. Staff texts exist in [`Lang::Ja`] and [`Lang::En`]; resident
/// texts in all of [`Lang::ALL`]: the six counter languages and やさしい日本語.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ja,
    En,
    Zh,
    Ko,
    Vi,
    Ne,
    /// やさしい日本語: easy Japanese (short sentences, furigana) for residents who read some
    /// Japanese; BCP 47 private-use tag `ja-x-easy`.
    JaEasy,
}

/// A language tag soudan has no catalogue for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{tag}` (use one of: {known})", known = Lang::codes())]
pub struct ParseLangError {
    pub tag: String,
}

impl Lang {
    pub const ALL: [Lang; 7] = [
        Lang::Ja,
        Lang::En,
        Lang::Zh,
        Lang::Ko,
        Lang::Vi,
        Lang::Ne,
        Lang::JaEasy,
    ];

    /// The languages of staff texts (CLI, reports, agency and coordinator calendars).
    pub const STAFF: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The canonical tag: the folder name under `locales/` and what URLs and files carry.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Ko => "ko",
            Lang::Vi => "vi",
            Lang::Ne => "ne",
            Lang::JaEasy => "ja-x-easy",
        }
    }

    /// The language's own name as its readers write it (`नेपाली`, `Tiếng Việt`): what a
    /// language switcher shows.
    pub fn native_name(self) -> String {
        crate::tr!(self, "language-name")
    }

    /// Is this one of the staff languages (ja, en)?
    pub fn is_staff(self) -> bool {
        Lang::STAFF.contains(&self)
    }

    /// The staff language to use when a resident language is asked of a staff text:
    /// Japanese for やさしい日本語, English otherwise.
    pub fn staff(self) -> Lang {
        match self {
            Lang::Ja | Lang::JaEasy => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// Where a lookup goes when this language lacks a message: itself, English, Japanese.
    pub(crate) fn fallbacks(self) -> impl Iterator<Item = Lang> {
        let chain = match self {
            Lang::Ja => [Lang::Ja, Lang::En, Lang::En],
            Lang::En => [Lang::En, Lang::Ja, Lang::Ja],
            Lang::JaEasy => [Lang::JaEasy, Lang::Ja, Lang::En],
            other => [other, Lang::En, Lang::Ja],
        };
        chain.into_iter()
    }

    pub(crate) fn index(self) -> usize {
        Lang::ALL.iter().position(|&l| l == self).unwrap_or(0)
    }

    pub(crate) fn langid(self) -> LanguageIdentifier {
        // Plural rules and number formats follow the base language (easy Japanese = ja).
        let base = match self {
            Lang::JaEasy => "ja",
            other => other.code(),
        };
        base.parse().unwrap_or_default()
    }

    /// Parses what a person or a URL gives: a BCP 47 tag (`en-US`, `zh-Hans-CN`, `ja-JP`,
    /// `ja-x-easy`, case and `_` forgiven) or a word (`easy`, `やさしい日本語`, `日本語`).
    /// Region and script subtags do not change the language (`zh-TW` is Chinese; soudan has
    /// one Chinese text, in simplified characters).
    pub fn parse(tag: &str) -> Result<Lang, ParseLangError> {
        let norm = tag.trim().replace('_', "-").to_ascii_lowercase();
        let easy = matches!(
            norm.as_str(),
            "easy" | "easy-ja" | "ja-easy" | "yasashii" | "やさしい日本語" | "やさしいにほんご"
        ) || norm.starts_with("ja-x-easy")
            || norm.starts_with("ja-easy");
        if easy {
            return Ok(Lang::JaEasy);
        }
        let words = match norm.as_str() {
            "日本語" | "japanese" => Some(Lang::Ja),
            "英語" | "english" => Some(Lang::En),
            "中国語" | "中文" | "chinese" => Some(Lang::Zh),
            "韓国語" | "한국어" | "korean" => Some(Lang::Ko),
            "ベトナム語" | "tiếng việt" | "vietnamese" => Some(Lang::Vi),
            "ネパール語" | "नेपाली" | "nepali" => Some(Lang::Ne),
            _ => None,
        };
        if let Some(lang) = words {
            return Ok(lang);
        }
        let primary = norm.split('-').next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == primary)
            .ok_or_else(|| ParseLangError {
                tag: tag.trim().to_string(),
            })
    }

    /// The best of an HTTP `Accept-Language`-style list (`en-US,en;q=0.9,ja;q=0.8`): the
    /// first tag soudan knows, in the order given (q-values are in practice descending).
    pub fn from_accept_list(list: &str) -> Option<Lang> {
        list.split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(|tag| Lang::parse(tag).ok())
    }

    fn codes() -> String {
        Lang::ALL.map(Lang::code).join(", ")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = ParseLangError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s)
    }
}
