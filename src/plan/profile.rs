//! The regional profile: foreign residents by nationality, residence status and age band.
//!
//! Why a profile at all: the source document behind soudan advises every municipality to plan
//! its specialist days from the region's make-up (residence status and age decide what people
//! need to consult about). The file has the shape of the official 在留外国人統計 municipality
//! tables, one row per (nationality, residence status, age band), so a coordinator can paste
//! those tables into Excel and save them as CSV. Format: `docs/profile-format.md`.
//!
//! Reading follows the coordinator-file conventions of [`crate::import`]: bounded reads
//! ([`crate::fsio`]), UTF-8 with or without BOM or Shift_JIS (Excel), CR/CRLF line breaks
//! normalised so line numbers are right, and every problem reported as
//! `file:line: field: message` before anything is used.

use crate::import::{ImportError, ImportErrors};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

/// The profile file's columns, in the usual order (any order is accepted).
pub const PROFILE_COLUMNS: [&str; 5] = [
    "nationality",
    "residence_status",
    "age_band",
    "residents",
    "source",
];

/// Largest profile file read: the national table for one municipality has a few thousand
/// rows; megabytes mean a wrong file.
pub const MAX_PROFILE_BYTES: u64 = 8 * 1024 * 1024;

/// Most rows accepted (every nationality × status × age band of a large city fits easily).
pub const MAX_PROFILE_ROWS: usize = 100_000;

/// Longest residence status accepted, in characters (the longest official one is about 20).
const MAX_STATUS_CHARS: usize = 40;

/// The built-in Sendai profile (`fixtures/sendai/profile.csv`).
pub const SENDAI_PROFILE: &str = include_str!("../../fixtures/sendai/profile.csv");

/// An age band such as `20-29` (both ends included) or `65+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AgeBand {
    pub from: u8,
    /// `None`: and older.
    pub to: Option<u8>,
}

impl AgeBand {
    /// Parses `20-29`, `65+` or `65-` (and full-width digits are not accepted: the message
    /// says what is expected).
    pub fn parse(s: &str) -> Result<AgeBand, String> {
        let t = s.trim();
        let bad = || format!("`{t}` is not an age band such as 20-29 or 65+");
        let num = |x: &str| -> Result<u8, String> {
            let x = x.trim();
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            x.parse::<u8>()
                .ok()
                .filter(|&n| n <= 120)
                .ok_or_else(|| format!("`{t}`: ages go up to 120"))
        };
        if let Some(from) = t.strip_suffix('+') {
            return Ok(AgeBand {
                from: num(from)?,
                to: None,
            });
        }
        let (a, b) = t.split_once('-').ok_or_else(bad)?;
        let from = num(a)?;
        if b.trim().is_empty() {
            return Ok(AgeBand { from, to: None });
        }
        let to = num(b)?;
        if to < from {
            return Err(format!("`{t}`: the band ends before it starts"));
        }
        Ok(AgeBand { from, to: Some(to) })
    }

    /// True when the whole band is under `age`.
    pub fn below(self, age: u8) -> bool {
        self.to.is_some_and(|to| to < age)
    }

    /// True when the whole band is at `age` or over.
    pub fn from_age(self, age: u8) -> bool {
        self.from >= age
    }
}

impl fmt::Display for AgeBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(to) => write!(f, "{}-{}", self.from, to),
            None => write!(f, "{}+", self.from),
        }
    }
}

/// One row: how many residents of a nationality hold a status in an age band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileRow {
    /// ISO 3166-1 alpha-2, upper case.
    pub nationality: String,
    /// As in the official statistics, e.g. 留学, 永住者, 技能実習.
    pub residence_status: String,
    pub age_band: AgeBand,
    pub residents: u32,
    /// Where the figure comes from (a statistics table, or `illustrative`).
    pub source: String,
}

/// A region's foreign residents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Profile {
    pub rows: Vec<ProfileRow>,
}

impl Profile {
    /// The built-in Sendai sample.
    pub fn sendai() -> Profile {
        // The fixture is checked by a unit test; a damaged build falls back to no profile
        // rather than panicking.
        parse("sample/profile.csv", SENDAI_PROFILE.as_bytes()).unwrap_or_default()
    }

    pub fn total(&self) -> u64 {
        self.rows.iter().map(|r| u64::from(r.residents)).sum()
    }

    /// Residents per key, largest first (ties by key).
    pub fn by<K: Ord + Clone>(&self, key: impl Fn(&ProfileRow) -> K) -> Vec<(K, u64)> {
        let mut m: BTreeMap<K, u64> = BTreeMap::new();
        for r in &self.rows {
            *m.entry(key(r)).or_default() += u64::from(r.residents);
        }
        let mut v: Vec<(K, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// The same profile with the residents of matching rows multiplied by `factor` (what-ifs
    /// and tests: "twice as many Nepali students").
    pub fn scaled(&self, nationality: &str, status: &str, factor: f64) -> Profile {
        let mut p = self.clone();
        for r in &mut p.rows {
            if r.nationality == nationality && r.residence_status == status {
                r.residents = (f64::from(r.residents) * factor).round().clamp(0.0, 4e9) as u32;
            }
        }
        p
    }
}

/// Reads a profile file the user named.
pub fn read(path: &Path) -> Result<Profile, ImportErrors> {
    let name = path.display().to_string();
    let bytes = crate::fsio::read_regular(path, MAX_PROFILE_BYTES).map_err(|e| {
        ImportErrors(vec![ImportError {
            file: name.clone(),
            line: 0,
            field: "file".into(),
            message: crate::import::Msg::Text(e.to_string()),
        }])
    })?;
    parse(&name, &bytes)
}

/// UTF-8 (BOM stripped) or, failing that, Shift_JIS as Excel-JP saves it; line breaks
/// normalised to `\n`.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            if had_errors {
                return Err("neither UTF-8 nor Shift_JIS: save it as CSV UTF-8".into());
            }
            t.into_owned()
        }
    };
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Parses a profile; `file` names it in messages. Every problem is reported, not just the
/// first; a profile with any problem is not used.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Profile, ImportErrors> {
    let mut errors = Vec::new();
    let mut push = |line: usize, field: &str, message: String| {
        errors.push(ImportError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: crate::import::Msg::Text(crate::import::for_terminal(&message).into_owned()),
        })
    };
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(m) => {
            push(0, "file", m);
            return Err(ImportErrors(errors));
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<Option<usize>>> = None;
    let mut rows = Vec::new();
    let mut seen: HashSet<(String, String, AgeBand)> = HashSet::new();
    // A row with a problem was reported already: no "no rows" on top of it.
    let mut skipped = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                push(line, "file", format!("not valid CSV: {e}"));
                skipped = true;
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(cols) = &header else {
            let names: Vec<String> = record.iter().map(|h| h.trim().to_lowercase()).collect();
            let mut cols = Vec::new();
            for c in PROFILE_COLUMNS {
                let at = names.iter().position(|n| n == c);
                if at.is_none() && c != "source" {
                    push(
                        line,
                        c,
                        format!(
                            "missing column (the header must name {})",
                            PROFILE_COLUMNS.join(",")
                        ),
                    );
                }
                cols.push(at);
            }
            for n in &names {
                if !PROFILE_COLUMNS.contains(&n.as_str()) {
                    push(line, n, "unknown column".into());
                }
            }
            header = Some(cols);
            continue;
        };
        if cols[..4].iter().any(Option::is_none) {
            skipped = true;
            break;
        }
        if rows.len() >= MAX_PROFILE_ROWS {
            push(
                line,
                "file",
                format!("more than {MAX_PROFILE_ROWS} rows: is this the right file?"),
            );
            skipped = true;
            break;
        }
        let get = |i: usize| {
            cols[i]
                .and_then(|c| record.get(c))
                .map(str::trim)
                .unwrap_or("")
        };
        let nationality = get(0).to_ascii_uppercase();
        let ok_nat = nationality.len() == 2 && nationality.bytes().all(|b| b.is_ascii_uppercase());
        if !ok_nat {
            push(
                line,
                "nationality",
                format!(
                    "`{}` is not an ISO 3166-1 alpha-2 code such as CN, NP or VN",
                    get(0)
                ),
            );
        }
        let status = get(1).to_string();
        let ok_status = if status.is_empty() {
            push(
                line,
                "residence_status",
                "required (e.g. 留学, 永住者)".into(),
            );
            false
        } else if status.chars().count() > MAX_STATUS_CHARS || status.chars().any(char::is_control)
        {
            push(
                line,
                "residence_status",
                format!(
                    "`{status}` is not a residence status (at most {MAX_STATUS_CHARS} characters, no control characters)"
                ),
            );
            false
        } else {
            true
        };
        let band = AgeBand::parse(get(2));
        if let Err(m) = &band {
            push(line, "age_band", m.clone());
        }
        let raw = get(3).replace(',', "");
        let residents = if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
            raw.parse::<u32>().ok()
        } else {
            None
        };
        if residents.is_none() {
            push(
                line,
                "residents",
                format!(
                    "`{}` is not a whole number of residents (0 to {})",
                    get(3),
                    u32::MAX
                ),
            );
        }
        let source = get(4).to_string();
        if source.chars().count() > 200 || source.chars().any(char::is_control) {
            push(
                line,
                "source",
                "at most 200 characters, no control characters".into(),
            );
        }
        let source_ok = source.chars().count() <= 200 && !source.chars().any(char::is_control);
        if let (true, true, Ok(band), Some(residents), true) =
            (ok_nat, ok_status, band, residents, source_ok)
        {
            if !seen.insert((nationality.clone(), status.clone(), band)) {
                push(
                    line,
                    "age_band",
                    format!("{nationality} {status} {band} appears twice"),
                );
                skipped = true;
                continue;
            }
            rows.push(ProfileRow {
                nationality,
                residence_status: status,
                age_band: band,
                residents,
                source,
            });
        } else {
            skipped = true;
        }
    }
    if header.is_none() {
        push(0, "file", "empty: no header and no rows".into());
    } else if rows.is_empty() && !skipped {
        push(0, "file", "no rows".into());
    }
    if errors.is_empty() {
        Ok(Profile { rows })
    } else {
        Err(ImportErrors(errors))
    }
}

/// Residents per language (through [`super::forecast::language_of`]) decide which languages
/// the public calendar and posters are written in (`public::choose_languages`).
impl crate::public::LanguageDemand for Profile {
    fn residents_by_language(&self) -> Vec<(String, u64)> {
        self.by(|r| super::forecast::language_of(&r.nationality).to_string())
    }

    /// The profile's total, which the CLI's sentence frames ("… of the 15781 foreign residents
    /// of the regional profile") in the reader's language.
    fn source(&self) -> String {
        self.total().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_sendai_sample_parses_and_matches_the_seed() {
        let p = parse("profile.csv", SENDAI_PROFILE.as_bytes()).unwrap();
        // 仙台市: 15,781 foreign residents; top three nationalities China, Nepal, Vietnam;
        // top three statuses 留学, 永住者, 技能実習.
        assert_eq!(p.total(), 15_781);
        let nat: Vec<String> = p
            .by(|r| r.nationality.clone())
            .into_iter()
            .take(3)
            .map(|x| x.0)
            .collect();
        assert_eq!(nat, ["CN", "NP", "VN"]);
        let st: Vec<String> = p
            .by(|r| r.residence_status.clone())
            .into_iter()
            .take(3)
            .map(|x| x.0)
            .collect();
        assert_eq!(st, ["留学", "永住者", "技能実習"]);
    }

    #[test]
    fn age_bands() {
        assert_eq!(AgeBand::parse("20-29").unwrap().to_string(), "20-29");
        assert_eq!(AgeBand::parse("65+").unwrap().to_string(), "65+");
        assert_eq!(AgeBand::parse("65-").unwrap().to_string(), "65+");
        assert!(AgeBand::parse("30-20").is_err());
        assert!(AgeBand::parse("abc").is_err());
        assert!(AgeBand::parse("-5").is_err());
    }

    #[test]
    fn problems_name_file_line_and_field() {
        let text = "# comment\nnationality,residence_status,age_band,residents,source\nCN,留学,20-29,100,x\nXYZ,留学,20-29,5,\nNP,,20-29,5,\nNP,留学,abc,5,\nNP,留学,20-29,-3,\nCN,留学,20-29,7,\n";
        let e = parse("p.csv", text.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("p.csv:4: nationality:"), "{e}");
        assert!(e.contains("p.csv:5: residence_status:"), "{e}");
        assert!(e.contains("p.csv:6: age_band:"), "{e}");
        assert!(e.contains("p.csv:7: residents:"), "{e}");
        assert!(
            e.contains("p.csv:8: age_band: CN 留学 20-29 appears twice"),
            "{e}"
        );
    }

    #[test]
    fn crlf_bom_and_missing_columns() {
        let ok = "\u{feff}nationality,residence_status,age_band,residents\r\nCN,留学,20-29,\"1,200\"\r\n";
        assert_eq!(parse("p.csv", ok.as_bytes()).unwrap().total(), 1200);
        let e = parse("p.csv", b"nationality,age_band\nCN,20-29\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("p.csv:1: residence_status: missing column"),
            "{e}"
        );
        assert!(
            parse("p.csv", b"")
                .unwrap_err()
                .to_string()
                .contains("p.csv: file: empty")
        );
    }

    proptest! {
        /// Any rows written out are read back as written.
        #[test]
        fn round_trip(rows in proptest::collection::vec(
            ("[A-Z]{2}", prop::sample::select(vec!["留学", "永住者", "技能実習", "家族滞在"]),
             0u8..100, proptest::option::of(0u8..20), any::<u32>()), 1..40)) {
            let mut text = String::from("nationality,residence_status,age_band,residents,source\n");
            let mut expect = Vec::new();
            let mut seen = HashSet::new();
            for (n, s, from, span, k) in rows {
                let band = AgeBand { from, to: span.map(|d| from.saturating_add(d).min(120)) };
                if !seen.insert((n.clone(), s, band)) { continue; }
                text.push_str(&format!("{n},{s},{band},{k},t\n"));
                expect.push(k);
            }
            let p = parse("p.csv", text.as_bytes()).unwrap();
            prop_assert_eq!(p.rows.iter().map(|r| r.residents).collect::<Vec<_>>(), expect);
        }

        /// Arbitrary bytes never panic; errors always carry the file name.
        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Err(e) = parse("g.csv", &bytes) {
                prop_assert!(e.0.iter().all(|x| x.file == "g.csv"));
            }
        }
    }
}
