//! Input as staff write it: the one reader of the values a coordinator types (languages,
//! topics, interpreters, dates, months, booking and request numbers), used by every CLI
//! command (and, later, by a web console).
//!
//! Pure: no I/O, no clock (a date without a year is resolved against the `today` the caller
//! passes, in the center's zone). Each function returns the stored form (a code, an id, a
//! `NaiveDate`) or a typed [`Refusal`] that names what was typed and what would be understood
//! (the nearest known value, or the list of choices). Dates reuse the file reader
//! ([`crate::import::fields::date`]), so the command line and the files read dates alike.

use crate::error::{Choice, InputKind, Refusal};
use crate::import::fields::normalise;
use crate::model::{Interpreter, LANGUAGES, Language, Topic, request_language};
use chrono::{Datelike, NaiveDate};
use std::str::FromStr;

/// `s` as compared: NFKC-style normalised (full-width letters and digits), lowercase, with
/// runs of spaces made one.
fn key(s: &str) -> String {
    normalise(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn lang_choice(l: &Language) -> Choice {
    Choice::new(l.code, l.name_ja, l.name_en)
}

/// Every way staff name a language: its code, its Japanese name with and without 語
/// (ベトナム語, ベトナム), its English name.
fn language_names(l: &Language) -> Vec<String> {
    let mut names = vec![key(l.code), key(l.name_ja), key(l.name_en)];
    if let Some(short) = l.name_ja.strip_suffix('語') {
        names.push(key(short));
    }
    names
}

/// A language as staff write it, as its stored code: `ベトナム語`, `ベトナム`, `Vietnamese`,
/// `vietnamese`, `vi`; a unique start of a name (`Viet`, three characters or more); any
/// other ISO 639 code (`ta`, `fil`, see [`request_language`]); `other:NAME` for a language
/// with no code, unless NAME is a language soudan knows (`other:シンハラ` is `si`).
/// Unknown: the nearest name as "did you mean"; a start that fits several: the list.
pub fn language(typed: &str) -> Result<String, Refusal> {
    let raw = normalise(typed).into_owned();
    if let Some(name) = raw.strip_prefix("other:") {
        return match known_language(name.trim()) {
            Some(Ok(l)) => Ok(l.code.to_string()),
            // A name that fits no known language (or several) is recorded as written.
            _ => request_language(&raw).map_err(|_| Refusal::UnknownLanguage {
                value: typed.trim().to_string(),
                suggestion: None,
            }),
        };
    }
    match known_language(&raw) {
        Some(Ok(l)) => return Ok(l.code.to_string()),
        Some(Err(choices)) => {
            return Err(Refusal::Ambiguous {
                what: InputKind::Language,
                value: typed.trim().to_string(),
                choices,
            });
        }
        None => {}
    }
    if let Ok(code) = request_language(&raw) {
        return Ok(code);
    }
    let k = key(&raw);
    let suggestion = nearest(
        &k,
        LANGUAGES.iter().flat_map(|l| {
            language_names(l)
                .into_iter()
                .map(move |n| (n, lang_choice(l)))
        }),
    );
    Err(Refusal::UnknownLanguage {
        value: typed.trim().to_string(),
        suggestion,
    })
}

/// A language of the table by a name or a unique start of one: `None` when nothing fits,
/// `Some(Err(choices))` when a start fits several.
fn known_language(name: &str) -> Option<Result<&'static Language, Vec<Choice>>> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    if let Some(l) = LANGUAGES.iter().find(|l| language_names(l).contains(&k)) {
        return Some(Ok(l));
    }
    let starts: Vec<&Language> = LANGUAGES
        .iter()
        .filter(|l| language_names(l).iter().any(|n| n.starts_with(&k)))
        .collect();
    match starts.as_slice() {
        [] => None,
        [one] if k.chars().count() >= 3 => Some(Ok(*one)),
        // Too short to be sure even when one fits (`vi` is a code, `v` is not a name).
        [_] => None,
        many => Some(Err(many.iter().map(|l| lang_choice(l)).collect())),
    }
}

/// A topic of center.toml by its id (`labour`), Japanese or English name (`労働`, `Labour`)
/// or a unique start of one; otherwise refused with the nearest and every valid topic.
pub fn topic(typed: &str, topics: &[Topic]) -> Result<String, Refusal> {
    let k = key(typed);
    let choice = |t: &Topic| Choice::new(&t.id, &t.name_ja, &t.name_en);
    let names = |t: &Topic| [key(&t.id), key(&t.name_ja), key(&t.name_en)];
    if let Some(t) = topics.iter().find(|t| names(t).contains(&k)) {
        return Ok(t.id.clone());
    }
    let starts: Vec<&Topic> = if k.is_empty() {
        Vec::new()
    } else {
        topics
            .iter()
            .filter(|t| names(t).iter().any(|n| n.starts_with(&k)))
            .collect()
    };
    match starts.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Refusal::UnknownTopic {
            value: typed.trim().to_string(),
            suggestion: nearest(
                &k,
                topics
                    .iter()
                    .flat_map(|t| names(t).into_iter().map(move |n| (n, choice(t)))),
            ),
            choices: topics.iter().map(choice).collect(),
        }),
        many => Err(Refusal::Ambiguous {
            what: InputKind::Topic,
            value: typed.trim().to_string(),
            choices: many.iter().map(|t| choice(t)).collect(),
        }),
    }
}

/// An interpreter by ID or by name (`Liu Mei`, `liu mei`, full-width letters too): their ID.
/// A name two interpreters share is refused with both (name and ID); an unknown one is
/// [`Refusal::UnknownInterpreter`].
pub fn interpreter(typed: &str, interpreters: &[Interpreter]) -> Result<String, Refusal> {
    let t = normalise(typed);
    if let Some(i) = interpreters.iter().find(|i| i.id == t.as_ref()) {
        return Ok(i.id.clone());
    }
    let k = key(typed);
    let named: Vec<&Interpreter> = interpreters
        .iter()
        .filter(|i| key(&i.name) == k || key(&i.id) == k)
        .collect();
    match named.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Refusal::UnknownInterpreter {
            id: typed.trim().to_string(),
        }),
        many => Err(Refusal::Ambiguous {
            what: InputKind::Interpreter,
            value: typed.trim().to_string(),
            choices: many
                .iter()
                .map(|i| Choice::new(&i.id, &i.name, &i.name))
                .collect(),
        }),
    }
}

/// A date as typed, before "the coming one" is decided: `2027-01-02`, `2027/1/2`,
/// `令和9年1月2日` and every other form the files accept ([`crate::import::fields::date`]),
/// or a month and day without a year (`1/2`, `1月2日`), which [`InputDate::on_or_after`]
/// places on the next such day from today. A clap value: `--date 1/2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputDate {
    Full(NaiveDate),
    MonthDay { month: u32, day: u32 },
}

impl InputDate {
    /// The date: a month and day without a year is the first such day on or after `today`
    /// (today in the center's zone): on 2026-12-20, `1/2` is 2027-01-02 and `12/25` is
    /// 2026-12-25. A day that no year near has (`2/30`) is `None`.
    pub fn on_or_after(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            InputDate::Full(d) => Some(d),
            InputDate::MonthDay { month, day } => (0..8)
                .filter_map(|n| NaiveDate::from_ymd_opt(today.year() + n, month, day))
                .find(|d| *d >= today),
        }
    }

    /// [`InputDate::on_or_after`], refused as [`Refusal::InputDate`] naming `option`.
    pub fn resolve(
        self,
        today: NaiveDate,
        option: &str,
        typed: &str,
    ) -> Result<NaiveDate, Refusal> {
        self.on_or_after(today).ok_or_else(|| Refusal::InputDate {
            option: option.to_string(),
            value: typed.to_string(),
        })
    }
}

/// Why a typed date could not be read (the clap error shows the value and the forms):
/// `no_such_date` when it is written as a date the calendar lacks (`2026-02-30`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputDateError {
    pub value: String,
    pub no_such_date: bool,
}

impl std::fmt::Display for InputDateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}`: 2027-01-02, 2027/1/2, 1/2, 令和9年1月2日",
            self.value
        )
    }
}

/// Year, month and day written as plain numbers in range, whatever the separators.
fn looks_like_date(body: &str) -> bool {
    let parts: Vec<&str> = body
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && (1..=12).contains(&n(m)) && (1..=31).contains(&n(d)))
}

impl std::error::Error for InputDateError {}

impl FromStr for InputDate {
    type Err = InputDateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = normalise(s);
        let body = n.trim();
        let month_day = body
            .split_once('/')
            .filter(|(_, d)| !d.contains('/'))
            .or_else(|| {
                body.strip_suffix('日')
                    .and_then(|x| x.split_once('月'))
                    .filter(|(m, _)| !m.contains('年'))
            });
        if let Some((m, d)) = month_day
            && let (Ok(month), Ok(day)) = (m.trim().parse::<u32>(), d.trim().parse::<u32>())
            && m.trim().len() <= 2
            && d.trim().len() <= 2
            && (1..=12).contains(&month)
            && (1..=31).contains(&day)
        {
            return Ok(InputDate::MonthDay { month, day });
        }
        crate::import::fields::date(body)
            .map(InputDate::Full)
            .map_err(|_| InputDateError {
                value: s.trim().to_string(),
                no_such_date: looks_like_date(body),
            })
    }
}

/// A date option's value (`--deadline 1/20`, `--date 令和9年1月2日`) as `YYYY-MM-DD`, the
/// form the intake fields store; the coming one from `today` when the year is left out.
pub fn date_text(typed: &str, today: NaiveDate, option: &str) -> Result<String, Refusal> {
    let refused = || Refusal::InputDate {
        option: option.to_string(),
        value: typed.trim().to_string(),
    };
    let date: InputDate = typed.parse().map_err(|_| refused())?;
    Ok(date
        .on_or_after(today)
        .ok_or_else(refused)?
        .format("%Y-%m-%d")
        .to_string())
}

/// The digits after a letter prefix (`B-16`, `b16`, `Ｂ－１６`), if that is all there is.
fn numbered(typed: &str, letter: char) -> Option<u64> {
    let n = normalise(typed);
    let rest = n
        .trim()
        .strip_prefix([letter, letter.to_ascii_lowercase()])?;
    let digits = rest.strip_prefix('-').unwrap_or(rest).trim();
    (!digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A booking number as typed (`B-16`, `b-16`, `B16`, `16`, `B-00016`): the stored form
/// `B-00016`. Anything else is returned trimmed, for the command to refuse as unknown.
pub fn booking_number(typed: &str) -> String {
    let n = normalise(typed);
    let plain = n.trim();
    let number = numbered(plain, 'B').or_else(|| {
        (!plain.is_empty() && plain.len() <= 12 && plain.bytes().all(|b| b.is_ascii_digit()))
            .then(|| plain.parse().ok())
            .flatten()
    });
    match number {
        Some(n) => format!("B-{n:05}"),
        None => plain.to_string(),
    }
}

/// [`booking_number`] as a clap value parser (`booking move B-16`): never fails; an unknown
/// number is refused by the command.
pub fn booking_arg(typed: &str) -> Result<String, std::convert::Infallible> {
    Ok(booking_number(typed))
}

/// A request id as typed (`R-9`, `r-9`, `R9`, `R-0009`): the stored id of that number among
/// `known` (ids are `R-NNNN` from `request add`, but an imported file may pad differently).
/// An id that is stored as typed is taken as it is; anything else is returned trimmed.
pub fn request_id<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let n = normalise(typed);
    let plain = n.trim();
    let wanted = numbered(plain, 'R');
    let mut same_number = None;
    for id in known {
        if id == plain {
            return id.to_string();
        }
        if same_number.is_none() && wanted.is_some() && numbered(id, 'R') == wanted {
            same_number = Some(id.to_string());
        }
    }
    same_number.unwrap_or_else(|| plain.to_string())
}

/// A call-list item id as typed (`C-8`, `c8`, `8`, `C-0008`, `C-00008` as printed): the
/// stored id of that number among `known`. Anything else is returned trimmed, for the command
/// to refuse as unknown.
pub fn contact_id<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let n = normalise(typed);
    let plain = n.trim();
    let wanted = numbered(plain, 'C').or_else(|| {
        (!plain.is_empty() && plain.len() <= 12 && plain.bytes().all(|b| b.is_ascii_digit()))
            .then(|| plain.parse().ok())
            .flatten()
    });
    let mut same_number = None;
    for id in known {
        if id == plain {
            return id.to_string();
        }
        if same_number.is_none() && wanted.is_some() && numbered(id, 'C') == wanted {
            same_number = Some(id.to_string());
        }
    }
    same_number.unwrap_or_else(|| plain.to_string())
}

/// The candidate nearest to `k` by edit distance, if near enough to be a typo (at most one
/// edit in four characters, and at least one).
fn nearest(k: &str, candidates: impl Iterator<Item = (String, Choice)>) -> Option<Choice> {
    let len = k.chars().count();
    if len == 0 {
        return None;
    }
    let limit = (len / 4).max(1);
    candidates
        .map(|(name, c)| (distance(k, &name), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn languages_by_name_or_code() {
        for typed in [
            "ベトナム語",
            "ベトナム",
            "Vietnamese",
            "vietnamese",
            "vi",
            " VI ",
            "ＶＩ",
            "Viet",
        ] {
            assert_eq!(language(typed).as_deref(), Ok("vi"), "{typed}");
        }
        assert_eq!(language("ネパール").as_deref(), Ok("ne"));
        assert_eq!(language("ta").as_deref(), Ok("ta"), "any ISO 639 code");
        assert_eq!(language("fil").as_deref(), Ok("fil"));
    }

    #[test]
    fn other_only_for_a_language_without_code() {
        assert_eq!(language("other:シンハラ").as_deref(), Ok("si"));
        assert_eq!(language("other:Sinhala").as_deref(), Ok("si"));
        assert_eq!(language("other:Rohingya").as_deref(), Ok("other:Rohingya"));
        assert!(language("other:").is_err());
    }

    #[test]
    fn ambiguous_language_lists_the_choices() {
        let Err(Refusal::Ambiguous { what, choices, .. }) = language("ウ") else {
            panic!("{:?}", language("ウ"));
        };
        assert_eq!(what, InputKind::Language);
        let codes: Vec<&str> = choices.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["uk", "ur", "uz"]);
    }

    #[test]
    fn unknown_language_suggests_the_nearest() {
        let Err(Refusal::UnknownLanguage { suggestion, .. }) = language("Vietnamse") else {
            panic!();
        };
        assert_eq!(suggestion.map(|c| c.code).as_deref(), Some("vi"));
        let Err(Refusal::UnknownLanguage { suggestion, .. }) = language("Klingonese") else {
            panic!();
        };
        assert_eq!(suggestion, None);
        assert!(language("").is_err());
    }

    fn topics() -> Vec<Topic> {
        let t = |id: &str, ja: &str, en: &str| Topic {
            id: id.into(),
            name_ja: ja.into(),
            name_en: en.into(),
        };
        vec![
            t("labour", "労働", "Labour"),
            t("residence", "在留手続", "Residence procedures"),
            t("tax", "税金", "Taxes"),
            t("tax-pension", "税・年金", "Tax and pension"),
        ]
    }

    #[test]
    fn topics_by_name_or_code() {
        let ts = topics();
        assert_eq!(topic("労働", &ts).as_deref(), Ok("labour"));
        assert_eq!(topic("labour", &ts).as_deref(), Ok("labour"));
        assert_eq!(topic("LABOUR", &ts).as_deref(), Ok("labour"));
        assert_eq!(topic("在留", &ts).as_deref(), Ok("residence"));
        assert_eq!(
            topic("tax", &ts).as_deref(),
            Ok("tax"),
            "exact before start"
        );
        let Err(Refusal::Ambiguous { choices, .. }) = topic("税", &ts) else {
            panic!("{:?}", topic("税", &ts));
        };
        assert_eq!(choices.len(), 2);
        let Err(Refusal::UnknownTopic {
            suggestion,
            choices,
            ..
        }) = topic("labor", &ts)
        else {
            panic!();
        };
        assert_eq!(suggestion.map(|c| c.code).as_deref(), Some("labour"));
        assert_eq!(choices.len(), 4, "every valid topic listed");
    }

    #[test]
    fn dates_in_every_form() {
        let today = d(2026, 12, 20);
        for typed in [
            "2027-01-02",
            "2027/1/2",
            "1/2",
            "1月2日",
            "令和9年1月2日",
            "2027年1月2日",
        ] {
            let date: InputDate = typed.parse().unwrap();
            assert_eq!(date.on_or_after(today), Some(d(2027, 1, 2)), "{typed}");
        }
        assert!("x".parse::<InputDate>().is_err());
        assert!("13/2".parse::<InputDate>().is_err());
        let e = "2027-02-30".parse::<InputDate>().unwrap_err();
        assert!(e.no_such_date, "{e:?}");
        assert!(!"x".parse::<InputDate>().unwrap_err().no_such_date);
    }

    #[test]
    fn a_date_without_year_is_the_coming_one() {
        let md: InputDate = "12/25".parse().unwrap();
        assert_eq!(md.on_or_after(d(2026, 12, 20)), Some(d(2026, 12, 25)));
        assert_eq!(
            md.on_or_after(d(2026, 12, 25)),
            Some(d(2026, 12, 25)),
            "today"
        );
        assert_eq!(md.on_or_after(d(2026, 12, 26)), Some(d(2027, 12, 25)));
        let jan: InputDate = "1/2".parse().unwrap();
        assert_eq!(jan.on_or_after(d(2026, 12, 31)), Some(d(2027, 1, 2)));
        assert_eq!(jan.on_or_after(d(2027, 1, 1)), Some(d(2027, 1, 2)));
        let leap: InputDate = "2/29".parse().unwrap();
        assert_eq!(leap.on_or_after(d(2026, 12, 20)), Some(d(2028, 2, 29)));
        let never: InputDate = "2/30".parse().unwrap();
        assert_eq!(never.on_or_after(d(2026, 12, 20)), None);
        assert!(date_text("2/30", d(2026, 12, 20), "--deadline").is_err());
        assert_eq!(
            date_text("1/20", d(2026, 12, 20), "--deadline").as_deref(),
            Ok("2027-01-20")
        );
    }

    #[test]
    fn numbers_without_their_zeros() {
        for typed in ["B-16", "b-16", "B16", "16", "B-00016", "Ｂ－１６"] {
            assert_eq!(booking_number(typed), "B-00016", "{typed}");
        }
        assert_eq!(booking_number("X-1"), "X-1");
        let known = ["R-0001", "R-0009", "walk-in-3"];
        assert_eq!(request_id("R-9", known), "R-0009");
        assert_eq!(request_id("r9", known), "R-0009");
        assert_eq!(request_id("R-0009", known), "R-0009");
        assert_eq!(request_id("walk-in-3", known), "walk-in-3");
        assert_eq!(request_id("R-7", known), "R-7", "unknown stays as typed");
    }

    #[test]
    fn interpreters_by_name_or_id() {
        let i = |id: &str, name: &str| Interpreter {
            id: id.into(),
            name: name.into(),
            languages: Vec::new(),
            modes: Vec::new(),
            timezone: "Asia/Tokyo".into(),
            weekly: Vec::new(),
            dates_off: Vec::new(),
            extra_windows: Vec::new(),
            max_per_day: None,
            cost: crate::model::Costs::default(),
        };
        let all = [
            i("staff-zh-01", "Liu Mei"),
            i("staff-ko-01", "Park Ji-yeon"),
            i("vol-ko-02", "Park Ji-yeon"),
        ];
        assert_eq!(interpreter("Liu Mei", &all).as_deref(), Ok("staff-zh-01"));
        assert_eq!(interpreter("liu  mei", &all).as_deref(), Ok("staff-zh-01"));
        assert_eq!(
            interpreter("staff-zh-01", &all).as_deref(),
            Ok("staff-zh-01")
        );
        assert!(matches!(
            interpreter("Park Ji-yeon", &all),
            Err(Refusal::Ambiguous {
                what: InputKind::Interpreter,
                ..
            })
        ));
        assert!(matches!(
            interpreter("Nobody", &all),
            Err(Refusal::UnknownInterpreter { .. })
        ));
    }
}
