//! The catalogue's completeness rules: every file parses, every domain is complete in its
//! audience's languages with the same keys and placeables, every key the code uses exists.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Message keys and the `$variables` each uses, read from one `.ftl` text. Fluent entries
/// start at column 0 (`key = ...`); indented lines continue the entry.
fn entries(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let starts_entry = line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
        if starts_entry {
            if let Some((key, _)) = line.split_once('=') {
                let key = key.trim().to_string();
                out.entry(key.clone()).or_default();
                current = Some(key);
            }
        } else if line.starts_with('#') || line.trim().is_empty() {
            if !line.starts_with(' ') {
                current = None;
            }
            continue;
        }
        if let Some(key) = &current {
            let vars = out.entry(key.clone()).or_default();
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                let name: String = rest[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !name.is_empty() {
                    vars.insert(name);
                }
                rest = &rest[at + 1..];
            }
        }
    }
    out
}

#[test]
fn every_file_parses_without_errors() {
    assert!(!SOURCES.is_empty(), "no .ftl file was embedded");
    for (code, domain, text) in SOURCES {
        if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
            panic!("locales/{code}/{domain}.ftl does not parse: {errors:?}");
        }
        assert!(
            Lang::ALL.iter().any(|l| l.code() == *code),
            "locales/{code}/ is not a language soudan knows (Lang::ALL)"
        );
    }
}

#[test]
fn no_key_is_defined_twice_in_one_language() {
    for lang in Lang::ALL {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (code, domain, text) in SOURCES.iter().filter(|(c, _, _)| *c == lang.code()) {
            for key in entries(text).into_keys() {
                if let Some(other) = seen.insert(key.clone(), domain) {
                    panic!("locales/{code}: `{key}` is in both {other}.ftl and {domain}.ftl");
                }
            }
        }
    }
}

#[test]
fn every_domain_is_complete_for_its_audience() {
    let mut domains: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for (code, domain, text) in SOURCES {
        domains.entry(domain).or_default().insert(code, text);
    }
    for (domain, by_lang) in &domains {
        let present: BTreeSet<&str> = by_lang.keys().copied().collect();
        let staff: BTreeSet<&str> = Lang::STAFF.iter().map(|l| l.code()).collect();
        let all: BTreeSet<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        let required = if present.is_subset(&staff) {
            staff
        } else {
            all
        };
        let missing: Vec<_> = required.difference(&present).collect();
        assert!(
            missing.is_empty(),
            "domain `{domain}` lacks locales/<lang>/{domain}.ftl for {missing:?} \
             (a domain in any language beyond ja/en is a resident text and needs all of {:?})",
            Lang::ALL.map(Lang::code)
        );
        let reference = entries(by_lang["ja"]);
        for (code, text) in by_lang {
            let these = entries(text);
            let lacking: Vec<_> = reference
                .keys()
                .filter(|k| !these.contains_key(*k))
                .collect();
            let extra: Vec<_> = these
                .keys()
                .filter(|k| !reference.contains_key(*k))
                .collect();
            assert!(
                lacking.is_empty() && extra.is_empty(),
                "locales/{code}/{domain}.ftl: missing {lacking:?}, not in ja {extra:?}"
            );
            for (key, vars) in &reference {
                assert_eq!(
                    &these[key], vars,
                    "locales/{code}/{domain}.ftl: `{key}` uses other placeables than ja"
                );
            }
        }
    }
}

/// Every `tr!(lang, "key"...)` in the source names a key of the Japanese catalogue (and so,
/// by the rule above, of every language of its domain).
#[test]
fn every_key_the_code_uses_exists() {
    let mut used = Vec::new();
    collect_tr_keys(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    assert!(
        !used.is_empty(),
        "found no tr! call at all; is the scan broken?"
    );
    let missing: Vec<_> = used.iter().filter(|(_, key)| !has(Lang::Ja, key)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in locales/ja: {missing:?}"
    );
}

fn collect_tr_keys(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_tr_keys(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("tr!(") {
                let word_start = rest[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                rest = &rest[at + 4..];
                if !word_start {
                    continue; // `include_str!(`, `attr!(`, ...
                }
                // The key is the first string literal of the call (the language comes first).
                let Some(open) = rest.find('"') else { break };
                let after = &rest[open + 1..];
                let Some(close) = after.find('"') else { break };
                let key = &after[..close];
                {
                    out.push((path.display().to_string(), key.to_string()));
                }
                rest = &after[close..];
            }
        }
    }
}

#[test]
fn lookups_format_placeables_without_isolation_marks() {
    let text = message(
        Lang::En,
        "language-name-with-code",
        Some(Args::new().set("code", "ne")),
    );
    assert_eq!(text, "English (ne)");
    assert!(!text.contains('\u{2068}'));
}

#[test]
fn every_language_names_itself() {
    let names: BTreeSet<String> = Lang::ALL.iter().map(|&l| tr!(l, "language-name")).collect();
    assert_eq!(names.len(), Lang::ALL.len(), "{names:?}");
    assert_eq!(tr!(Lang::Ne, "language-name"), "नेपाली");
}

#[test]
fn a_missing_key_falls_back_and_never_panics() {
    assert_eq!(message(Lang::Zh, "no-such-key", None), "no-such-key");
}

#[test]
fn tags_map_onto_languages() {
    for (tag, lang) in [
        ("ja", Lang::Ja),
        ("JA-jp", Lang::Ja),
        ("en-US", Lang::En),
        ("en_GB", Lang::En),
        ("zh-Hans-CN", Lang::Zh),
        ("zh-TW", Lang::Zh),
        ("ko-KR", Lang::Ko),
        ("vi", Lang::Vi),
        ("ne-NP", Lang::Ne),
        ("ja-x-easy", Lang::JaEasy),
        ("easy", Lang::JaEasy),
        ("やさしい日本語", Lang::JaEasy),
        ("日本語", Lang::Ja),
    ] {
        assert_eq!(Lang::parse(tag), Ok(lang), "{tag}");
        assert_eq!(Lang::parse(lang.code()), Ok(lang));
    }
    let err = Lang::parse("xx-YY").unwrap_err();
    assert!(err.to_string().contains("xx-YY") && err.to_string().contains("ja-x-easy"));
    assert_eq!(
        Lang::from_accept_list("fr-FR,en-US;q=0.9,ja;q=0.8"),
        Some(Lang::En)
    );
    assert_eq!(Lang::from_accept_list("fr"), None);
}
