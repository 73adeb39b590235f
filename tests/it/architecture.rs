//! The invariants ARCHITECTURE.md states about the code's shape, checked on the source so
//! they stay true: which module may name sled and bincode, that the modules do not depend on
//! each other in a cycle, and that the CLI does not write to the store itself.
//!
//! A textual check on purpose: it needs no extra tooling, and comments are skipped so the
//! prose may still mention what the code must not use.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as (path relative to `src/`, code without comments and
/// without its unit tests: test code may use anything).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files.sort();
    assert!(files.len() > 50, "src/ went missing: {files:?}");
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => &text[..i],
                None => &text,
            };
            (rel, strip_comments(code))
        })
        .collect()
}

/// Drops `//` comments (doc comments included). Good enough for this code base: no string
/// literal here contains `//` followed by a module path.
fn strip_comments(code: &str) -> String {
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`store/mod.rs` -> `store`, `codec.rs` -> `codec`).
fn module_of(rel: &str) -> String {
    rel.split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

/// Top-level modules named through `crate::` paths (also inside `crate::{a, b::c}` groups).
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.remove("");
    out
}

/// The module graph: module -> modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in sources() {
        let m = module_of(&rel);
        if m == "lib" || m == "main" {
            continue;
        }
        let refs = crate_refs(&code);
        let entry = g.entry(m.clone()).or_default();
        entry.extend(refs.into_iter().filter(|r| *r != m));
    }
    g
}

#[test]
fn only_store_names_sled_and_only_codec_names_bincode() {
    for (rel, code) in sources() {
        if !rel.starts_with("store/") {
            assert!(
                !code.contains("sled::") && !code.contains("use sled"),
                "src/{rel} names sled: only src/store/ may"
            );
        }
        if rel != "codec.rs" {
            assert!(
                !code.contains("bincode::") && !code.contains("use bincode"),
                "src/{rel} names bincode: only src/codec.rs may"
            );
        }
    }
}

/// The interpreter pool's PostgreSQL client is one module's business (issue 25).
#[test]
fn only_pool_names_postgres() {
    for (rel, code) in sources() {
        if !rel.starts_with("pool/") {
            assert!(
                !code.contains("postgres::") && !code.contains("use postgres"),
                "src/{rel} names postgres: only src/pool/ may"
            );
        }
    }
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.contains_key("ops") && g.contains_key("store"), "{g:?}");
    // Depth-first search; a back edge is a cycle.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("module cycle: {} -> {m}", path[i..].join(" -> "));
        }
        path.push(m.to_string());
        for next in g.get(m).into_iter().flatten() {
            visit(next, g, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in g.keys() {
        visit(m, &g, &mut Vec::new(), &mut done);
    }
}

#[test]
fn pure_modules_stay_pure() {
    let g = graph();
    let allowed: [(&str, &[&str]); 6] = [
        // Rendering feeds needs the model, its words (the catalogue: `i18n` and its `tr!`
        // macro, exported at the crate root), RFC 5545 text and digests, nothing with I/O.
        ("feeds", &["i18n", "ics", "model", "secret", "tr"]),
        ("ics", &["model"]),
        ("schedule", &["alloc", "model"]),
        ("model", &[]),
        ("alloc", &["model"]),
        // A resident's slip is text from the model and the catalogue: no store, no clock.
        ("slip", &["html", "i18n", "ics", "model"]),
    ];
    for (m, ok) in allowed {
        let uses = g.get(m).unwrap_or_else(|| panic!("no module {m}"));
        let extra: Vec<&String> = uses.iter().filter(|u| !ok.contains(&u.as_str())).collect();
        assert!(extra.is_empty(), "{m} uses {extra:?}; allowed: {ok:?}");
    }
}

#[test]
fn the_cli_does_not_write_to_the_store() {
    let mut cli_files = 0;
    for (rel, code) in sources() {
        if !rel.starts_with("cli/") {
            continue;
        }
        cli_files += 1;
        for banned in ["Batch", ".commit(", "put_", ".log(", "Store::open"] {
            assert!(
                !code.contains(banned),
                "src/{rel} uses `{banned}`: changes go through crate::ops"
            );
        }
    }
    assert!(cli_files >= 5, "src/cli/ went missing");
}

#[test]
fn the_reference_scanner_sees_groups_and_paths() {
    let refs =
        crate_refs("use crate::{ics::{self, A}, model::B};\nlet x = crate::secret::hash(y);");
    let want: BTreeSet<String> = ["ics", "model", "secret"].map(String::from).into();
    assert_eq!(refs, want);
    assert_eq!(
        strip_comments("a // crate::store\n//! crate::x\nb"),
        "a \n\nb"
    );
}
