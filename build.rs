//! Embeds the message catalogue (`locales/<language>/<domain>.ftl`) into the binary.
//!
//! Generated rather than listed by hand so that adding a translation file is all a translator
//! (or a new feature) has to do; `i18n` checks at test time that every domain is complete.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time, not with `env!`: a build script compiled in one checkout and reused
    // from a copied `target/` (a worktree) would otherwise embed the other checkout's files.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    for lang in std::fs::read_dir(&root).expect("locales/ exists") {
        let lang = lang.expect("readable locales/");
        if !lang.file_type().expect("file type").is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", lang.path().display());
        for file in std::fs::read_dir(lang.path()).expect("readable language folder") {
            let path = file.expect("readable entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", path.display());
            let domain = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name");
            let code = lang.file_name().into_string().expect("UTF-8 folder name");
            entries.push((code, domain.to_string(), path.display().to_string()));
        }
    }
    entries.sort();
    let mut out = String::from("&[\n");
    for (code, domain, path) in entries {
        writeln!(out, "    ({code:?}, {domain:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(dest, out).expect("write locales.rs");
}
