//! Which languages to advertise in, from the data.
//!
//! Two signals: the languages of recent requests (what residents who found the center
//! already speak) and, where a regional profile exists, the foreign resident population by
//! language (who lives here but may not have found the center yet: the people issue 15 is
//! about). The profile is an input behind [`LanguageDemand`], so the regional profile of
//! `plan` can be wired in without this module knowing its shape; [`StaticDemand`] is the
//! plain list a caller (or a test) fills in.
//!
//! The rule, kept simple enough to print as reasons:
//! - Japanese always (the center's language, and what staff read);
//! - a catalogue language with at least [`MIN_REQUESTS`] recent requests;
//! - a catalogue language whose residents are at least [`MIN_RESIDENT_SHARE`] of the foreign
//!   residents in the profile;
//! - when any foreign language is chosen: English (the common second language of those not
//!   listed) and easy Japanese (for residents who read some Japanese in any language group).

use crate::i18n::Lang;
use std::collections::BTreeMap;

/// Recent requests in a language needed to advertise in it.
pub const MIN_REQUESTS: usize = 1;
/// Share of the foreign residents (in per cent) that makes a language worth a poster.
pub const MIN_RESIDENT_SHARE: f64 = 5.0;

/// Foreign residents by language (a regional profile). Codes are the model's language codes
/// (`zh`, `ne`, `vi`, ...).
pub trait LanguageDemand {
    /// Residents per language code.
    fn residents_by_language(&self) -> Vec<(String, u64)>;
    /// Where the numbers come from, for the printed reasons.
    fn source(&self) -> String;
}

/// A fixed list of residents per language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaticDemand {
    pub source: String,
    pub residents: Vec<(String, u64)>,
}

impl LanguageDemand for StaticDemand {
    fn residents_by_language(&self) -> Vec<(String, u64)> {
        self.residents.clone()
    }
    fn source(&self) -> String {
        self.source.clone()
    }
}

/// Why a language was chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The center's own language.
    CenterLanguage,
    /// Recent requests in it.
    Requests(usize),
    /// Its share of the foreign residents, in per cent, and where that number comes from.
    Residents { share: f64, source: String },
    /// English and easy Japanese reach residents of the languages not listed.
    Bridge,
    /// Named with `--languages`.
    Asked,
}

/// The chosen languages (catalogue order) with the reasons for each.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub langs: Vec<Lang>,
    pub reasons: Vec<(Lang, Vec<Reason>)>,
}

impl Choice {
    /// Exactly `langs`, as asked (`--languages`).
    pub fn asked(langs: &[Lang]) -> Choice {
        let mut out: Vec<Lang> = Vec::new();
        for l in Lang::ALL {
            if langs.contains(&l) {
                out.push(l);
            }
        }
        Choice {
            reasons: out.iter().map(|l| (*l, vec![Reason::Asked])).collect(),
            langs: out,
        }
    }
}

/// Chooses the languages from the language codes of recent requests and an optional
/// regional profile (see the module doc for the rule).
pub fn choose_languages(
    recent_request_languages: &[String],
    demand: Option<&dyn LanguageDemand>,
) -> Choice {
    let mut reasons: BTreeMap<Lang, Vec<Reason>> = BTreeMap::new();
    reasons
        .entry(Lang::Ja)
        .or_default()
        .push(Reason::CenterLanguage);
    let mut counts: BTreeMap<Lang, usize> = BTreeMap::new();
    for code in recent_request_languages {
        if let Ok(l) = Lang::parse(code)
            && l.code() == code.as_str()
        {
            *counts.entry(l).or_default() += 1;
        }
    }
    for (l, n) in counts {
        if n >= MIN_REQUESTS && l != Lang::Ja {
            reasons.entry(l).or_default().push(Reason::Requests(n));
        }
    }
    if let Some(d) = demand {
        let rows = d.residents_by_language();
        let total: u64 = rows
            .iter()
            .filter(|(c, _)| c != "ja")
            .map(|(_, n)| *n)
            .sum();
        if total > 0 {
            for (code, n) in rows {
                let Ok(l) = Lang::parse(&code) else { continue };
                if l.code() != code || l == Lang::Ja {
                    continue;
                }
                let share = n as f64 * 100.0 / total as f64;
                if share >= MIN_RESIDENT_SHARE {
                    reasons.entry(l).or_default().push(Reason::Residents {
                        share,
                        source: d.source(),
                    });
                }
            }
        }
    }
    if reasons.keys().any(|l| *l != Lang::Ja) {
        for l in [Lang::En, Lang::JaEasy] {
            let r = reasons.entry(l).or_default();
            if r.is_empty() {
                r.push(Reason::Bridge);
            }
        }
    }
    let langs: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|l| reasons.contains_key(l))
        .collect();
    Choice {
        reasons: langs
            .iter()
            .map(|l| (*l, reasons.remove(l).unwrap_or_default()))
            .collect(),
        langs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_residents_choose_languages() {
        let c = choose_languages(&["zh".into(), "zh".into(), "pt".into()], None);
        assert_eq!(c.langs, vec![Lang::Ja, Lang::En, Lang::Zh, Lang::JaEasy]);
        assert_eq!(c.reasons[2].1, vec![Reason::Requests(2)]);
        assert_eq!(c.reasons[1].1, vec![Reason::Bridge]);

        let profile = StaticDemand {
            source: "census".into(),
            residents: vec![("ne".into(), 30), ("ko".into(), 2), ("zh".into(), 68)],
        };
        let c = choose_languages(&[], Some(&profile));
        assert_eq!(
            c.langs,
            vec![Lang::Ja, Lang::En, Lang::Zh, Lang::Ne, Lang::JaEasy]
        );
        assert!(!c.langs.contains(&Lang::Ko), "2 % is below the threshold");

        let only_ja = choose_languages(&["ja".into()], None);
        assert_eq!(only_ja.langs, vec![Lang::Ja]);
    }
}
