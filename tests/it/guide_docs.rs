//! The coordinators' guide (`docs/ja/guide.md`) cannot silently rot: every image and relative
//! link it names exists, every in-page link points at a heading, README links the guide, and
//! every `soudan …` line in its code blocks is a command line the real CLI parses (the
//! subcommand exists, every option belongs to it, required arguments are there).
//!
//! A textual check on the Markdown, with the CLI's own parser (`soudan::cli::Cli`) as the
//! judge, so a renamed subcommand or option fails here instead of in a coordinator's hands.

use clap::Parser;
use clap::error::ErrorKind;
use soudan::cli::Cli;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn guide_path() -> PathBuf {
    root().join("docs/ja/guide.md")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every `[text](target)` and `![alt](target)` outside code (fenced blocks and inline code
/// spans are skipped: they show commands, not links).
fn links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop inline code spans.
        let mut prose = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                prose.push_str(part);
            }
        }
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].trim().to_string());
            rest = &after[end + 1..];
        }
    }
    out
}

/// GitHub's heading anchor: lower case, letters/digits/`-`/`_` kept, spaces to `-`, the rest
/// (punctuation such as `.`, `:`, `・`, `（`) dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced && line.starts_with('#') {
            out.insert(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// Checks every link of `file`: relative paths exist (relative to the file), `#anchors`
/// name a heading of the file. Returns (images, relative links, anchors) checked.
fn check_links(file: &Path) -> (usize, usize, usize) {
    let text = read(file);
    let dir = file.parent().unwrap();
    let heads = anchors(&text);
    let (mut images, mut relative, mut inpage) = (0, 0, 0);
    let mut broken = Vec::new();
    for target in links(&text) {
        if target.starts_with("http://")
            || target.starts_with("https://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        if let Some(anchor) = target.strip_prefix('#') {
            inpage += 1;
            if !heads.contains(anchor) {
                broken.push(format!("#{anchor}: no such heading"));
            }
            continue;
        }
        let path = target.split('#').next().unwrap();
        if path.ends_with(".png") || path.ends_with(".jpg") || path.ends_with(".svg") {
            images += 1;
        } else {
            relative += 1;
        }
        if !dir.join(path).exists() {
            broken.push(format!(
                "{target}: {} does not exist",
                dir.join(path).display()
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "{}: broken links:\n{}",
        file.display(),
        broken.join("\n")
    );
    (images, relative, inpage)
}

/// A command line split as a POSIX shell would for these simple lines: whitespace separates,
/// single and double quotes group, a `#` starting a word begins a comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    in_word = true;
                }
                '#' if !in_word => break,
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    assert!(quote.is_none(), "unclosed quote in: {line}");
    if in_word {
        words.push(word);
    }
    words
}

/// The `soudan …` lines of the guide's fenced code blocks (a leading `$ ` allowed).
fn command_lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            continue;
        }
        let l = line.trim().trim_start_matches("$ ");
        if l.starts_with("soudan ") || l == "soudan" {
            out.push(l.to_string());
        }
    }
    out
}

/// Why the real parser refuses `line`, or `None` when it accepts it. `soudan help A B` is
/// checked as `soudan A B --help` (what the binary's own help subcommand does).
fn refusal(line: &str) -> Option<String> {
    let mut words = shell_words(line);
    let help = words.get(1).is_some_and(|w| w == "help");
    if help {
        words.remove(1);
        words.push("--help".into());
    }
    match Cli::try_parse_from(&words) {
        Ok(_) if help => Some("help did not end in help".into()),
        Ok(_) => None,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => None,
        Err(e) => Some(e.to_string()),
    }
}

#[test]
fn the_guide_links_only_what_exists() {
    let (images, relative, inpage) = check_links(&guide_path());
    // The guide has screenshots, links to the format docs and a table of contents; counting
    // them makes a parser that finds nothing fail instead of passing.
    assert!(images >= 4, "only {images} images found in the guide");
    assert!(
        relative >= 2,
        "only {relative} relative links found in the guide"
    );
    assert!(
        inpage >= 10,
        "only {inpage} in-page links found in the guide"
    );
    for img in ["month-view", "slip-changed", "public-page", "poster"] {
        let png = root().join(format!("docs/ja/img/{img}.png"));
        let size = std::fs::metadata(&png)
            .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
            .len();
        assert!(size < 300 * 1024, "{}: {size} bytes", png.display());
    }
}

#[test]
fn readme_links_the_guide_in_both_sections() {
    let readme = read(&root().join("README.md"));
    let targets = links(&readme);
    let to_guide = targets
        .iter()
        .filter(|t| t.split('#').next() == Some("docs/ja/guide.md"))
        .count();
    assert!(
        to_guide >= 2,
        "README links docs/ja/guide.md {to_guide} times (the English and the Japanese section each need one)"
    );
    check_links(&root().join("README.md"));
}

#[test]
fn every_command_line_in_the_guide_parses() {
    let guide = read(&guide_path());
    let lines = command_lines(&guide);
    assert!(
        lines.len() >= 40,
        "only {} command lines found",
        lines.len()
    );
    let bad: Vec<String> = lines
        .iter()
        .filter_map(|l| refusal(l).map(|why| format!("{l}\n    {}", why.trim())))
        .collect();
    assert!(
        bad.is_empty(),
        "command lines the CLI refuses:\n{}",
        bad.join("\n")
    );
    // The guide walks the whole month: each of these must appear at least once.
    let used: BTreeSet<String> = lines
        .iter()
        .map(|l| {
            let w = shell_words(l);
            let pos: Vec<&String> = w[1..].iter().filter(|x| !x.starts_with('-')).collect();
            match pos.as_slice() {
                [a, b, ..]
                    if [
                        "agency",
                        "booking",
                        "contact",
                        "public",
                        "request",
                        "interpreter",
                        "feeds",
                    ]
                    .contains(&a.as_str()) =>
                {
                    format!("{a} {b}")
                }
                [a, ..] => a.to_string(),
                [] => String::new(),
            }
        })
        .collect();
    for needed in [
        "demo",
        "import",
        "check",
        "allocate",
        "view",
        "report",
        "contact list",
        "contact slips",
        "contact done",
        "slip",
        "public set",
        "public page",
        "public poster",
        "agency cancel-session",
        "agency move-session",
        "interpreter unavailable",
        "booking substitutes",
        "booking move",
        "request edit",
        "request cancel",
        "backup",
        "restore",
    ] {
        assert!(
            used.contains(needed),
            "the guide never shows `soudan {needed}`: {used:?}"
        );
    }
}

#[test]
fn the_command_check_catches_what_it_should() {
    // The checker itself: a misspelt subcommand, a foreign option and a missing argument
    // are refused; quotes group words; a trailing comment is no argument.
    assert!(refusal("soudan alocate --month 2027-02").is_some());
    assert!(refusal("soudan allocate --mnth 2027-02").is_some());
    assert!(refusal("soudan agency cancel-session immigration").is_some());
    assert!(refusal("soudan help nosuchcommand").is_some());
    assert!(refusal("soudan help booking move").is_none());
    assert!(refusal(r#"soudan request edit R-23 --windows "土;日"   # 曜日"#).is_none());
    assert_eq!(
        shell_words(r#"soudan interpreter unavailable "Liu Mei" --from 2/20 # 病欠"#),
        [
            "soudan",
            "interpreter",
            "unavailable",
            "Liu Mei",
            "--from",
            "2/20"
        ]
    );
    assert_eq!(
        slug(" 12. 相談会が前日に中止になったとき"),
        "12-相談会が前日に中止になったとき"
    );
    assert_eq!(
        slug(" 4. 相談日・通訳者・申込を確かめる"),
        "4-相談日通訳者申込を確かめる"
    );
}
