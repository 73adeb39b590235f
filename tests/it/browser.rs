//! A real headless Chromium for the page tests (slips, month view, public page, posters).
//!
//! Like `ics_python`: without Chromium a test prints a loud warning past the output capture
//! and passes, except under `CI=true`, where it fails; Chromium, `pdfinfo` and the fonts are
//! checked together, so a machine with Chromium but without poppler skips too (CI installs `chromium`, the Noto fonts and
//! `poppler-utils` in `.ci/run`). Chromium runs with no network access of its own
//! (`--disable-background-networking` and friends) and a fresh profile per call.
#![allow(dead_code)] // each page test uses its own subset

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The font families our pages name after the Windows ones (see `soudan::html::FONT_STACK`)
/// and that CI installs: glyph coverage is checked against these.
pub const FONT_FAMILIES: &[&str] = &["Noto Sans CJK JP", "Noto Sans Devanagari", "Noto Sans"];

pub struct Browser {
    exe: PathBuf,
}

/// True when `name` is on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let out = Command::new("which").arg(name).output().ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

/// The font families of [`FONT_FAMILIES`] that fontconfig does not know (all of them when
/// `fc-list` is missing).
fn missing_fonts() -> Vec<&'static str> {
    let listed = Command::new("fc-list")
        .args([":", "family"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    FONT_FAMILIES
        .iter()
        .copied()
        .filter(|f| !listed.lines().any(|l| l.split(',').any(|n| n.trim() == *f)))
        .collect()
}

/// The browser, or `None` when this machine lacks any tool the page tests need together
/// (Chromium, poppler's `pdfinfo`, the fonts of [`FONT_FAMILIES`]): outside CI (env `CI` not
/// `true`) that is a loud warning and a skip; under `CI=true` it fails.
pub fn browser() -> Option<Browser> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| on_path(name));
    let mut missing: Vec<String> = Vec::new();
    if found.is_none() {
        missing.push("chromium".into());
    }
    if on_path("pdfinfo").is_none() {
        missing.push("pdfinfo (poppler-utils)".into());
    }
    missing.extend(missing_fonts().iter().map(|f| format!("font {f}")));
    match found {
        Some(exe) if missing.is_empty() => Some(Browser { exe }),
        _ => {
            let why = format!("missing: {}", missing.join(", "));
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{why}; CI must install it: apt-get install chromium fonts-noto-cjk fonts-noto-core poppler-utils"
                );
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "\nWARNING: a headless-browser test was SKIPPED: {why}\n         install: apt-get install chromium fonts-noto-cjk fonts-noto-core poppler-utils\n"
            );
            None
        }
    }
}

fn file_url(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).expect("page file exists");
    format!("file://{}", abs.display())
}

impl Browser {
    fn command(&self, profile: &Path) -> Command {
        let mut cmd = Command::new(&self.exe);
        cmd.args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--mute-audio",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
        cmd
    }

    fn run(&self, extra: &[String], target: &str) -> std::process::Output {
        let profile = tempfile::tempdir().unwrap();
        let out = self
            .command(profile.path())
            .args(extra)
            .arg(target)
            .output()
            .expect("chromium runs");
        assert!(
            out.status.success(),
            "chromium failed on {target}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Renders `page` (a file, or an `http://127.0.0.1` URL) into a PNG of `width`×`height`.
    pub fn screenshot(&self, page: &str, png: &Path, width: u32, height: u32) {
        let target = self.target(page);
        self.run(
            &[
                format!("--window-size={width},{height}"),
                format!("--screenshot={}", png.display()),
            ],
            &target,
        );
        assert!(png.exists(), "no screenshot written for {page}");
    }

    /// Prints `page` to PDF as the center's printer would (no header or footer).
    pub fn print_pdf(&self, page: &str, pdf: &Path) {
        let target = self.target(page);
        self.run(
            &[
                "--no-pdf-header-footer".to_string(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
            &target,
        );
        assert!(pdf.exists(), "no PDF written for {page}");
    }

    /// The DOM after the page's scripts ran (serialised HTML).
    pub fn dump_dom(&self, page: &str) -> String {
        let target = self.target(page);
        let out = self.run(
            &[
                "--dump-dom".to_string(),
                "--virtual-time-budget=3000".to_string(),
            ],
            &target,
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `expression` (JavaScript, evaluated after load) in a copy of the HTML file `page`
    /// and returns its value as JSON text, e.g. to measure overflowing elements.
    pub fn evaluate(&self, page: &Path, expression: &str) -> String {
        let html = std::fs::read_to_string(page).expect("page readable");
        let probe = format!(
            "<script>window.addEventListener('load', () => {{ const v = JSON.stringify(({expression})); \
             const p = document.createElement('pre'); p.id = 'soudan-probe'; p.textContent = v; \
             document.body.appendChild(p); }});</script>"
        );
        let with_probe = match html.rfind("</body>") {
            Some(at) => format!("{}{probe}{}", &html[..at], &html[at..]),
            None => format!("{html}{probe}"),
        };
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("probe.html");
        std::fs::write(&copy, with_probe).unwrap();
        let dom = self.dump_dom(copy.to_str().unwrap());
        let start = dom
            .find("<pre id=\"soudan-probe\">")
            .unwrap_or_else(|| panic!("probe did not run in {}", page.display()));
        let rest = &dom[start + "<pre id=\"soudan-probe\">".len()..];
        let end = rest.find("</pre>").expect("probe closed");
        unescape(&rest[..end])
    }

    fn target(&self, page: &str) -> String {
        if page.starts_with("http://") {
            assert!(
                page.starts_with("http://127.0.0.1") || page.starts_with("http://[::1]"),
                "browser tests use loopback only: {page}"
            );
            page.to_string()
        } else {
            file_url(Path::new(page))
        }
    }
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Pages in a PDF (poppler's `pdfinfo`).
pub fn pdf_pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count: {info}"))
}

/// The page size of a PDF's first page in points, e.g. (595, 842) for A4 portrait.
pub fn pdf_page_size(pdf: &Path) -> (u32, u32) {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&out.stdout);
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("pdfinfo page size");
    let nums: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0].round() as u32, nums[1].round() as u32)
}

/// The characters of `text` that none of [`FONT_FAMILIES`] can draw: each would print as an
/// empty box ("tofu"), which a screenshot test would not notice.
pub fn uncovered_chars(text: &str) -> Vec<char> {
    let mut ranges = Vec::new();
    for family in FONT_FAMILIES {
        let out = Command::new("fc-list")
            .args(["--format", "%{charset}\n", family])
            .output()
            .expect("fc-list (fontconfig) runs");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            for part in line.split_whitespace() {
                let (lo, hi) = part.split_once('-').unwrap_or((part, part));
                if let (Ok(lo), Ok(hi)) = (u32::from_str_radix(lo, 16), u32::from_str_radix(hi, 16))
                {
                    ranges.push((lo, hi));
                }
            }
        }
    }
    let chars: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    chars
        .into_iter()
        .filter(|&c| {
            !ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)))
        })
        .collect()
}

/// Every `src`, `href` or CSS `url(...)` of `html` that would leave the page (http, https,
/// protocol-relative, or a local file): a self-contained page has none.
pub fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for marker in ["src=\"", "href=\"", "url(", "src='", "href='", "@import"] {
        let mut rest = html;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let value: String = rest
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ')' | ' ' | '>'))
                .collect();
            let v = value.trim_start_matches(['"', '\'']);
            let leaves = marker == "@import"
                || v.starts_with("http:")
                || v.starts_with("https:")
                || v.starts_with("//")
                || v.starts_with("file:")
                || (!v.is_empty()
                    && !v.starts_with('#')
                    && !v.starts_with("data:")
                    && !v.starts_with("mailto:")
                    && !v.starts_with("tel:"));
            if leaves {
                found.push(format!("{marker}{value}"));
            }
        }
    }
    found
}

#[test]
fn the_browser_renders_all_counter_scripts_with_installed_fonts() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("scripts.html");
    let text = "相談 予約 中文咨询 상담 예약 Tư vấn đặt lịch परामर्श बुकिङ Consultation";
    std::fs::write(
        &page,
        soudan::html::page(
            soudan::i18n::Lang::Ja,
            "scripts",
            "@page { size: A4; margin: 15mm; }",
            &format!("<p>{}</p>", soudan::html::escape(text)),
        ),
    )
    .unwrap();
    assert_eq!(uncovered_chars(text), Vec::<char>::new());
    let pdf = dir.path().join("scripts.pdf");
    browser.print_pdf(page.to_str().unwrap(), &pdf);
    assert_eq!(pdf_pages(&pdf), 1);
    assert_eq!(pdf_page_size(&pdf), (595, 842), "A4 portrait");
    let width = browser.evaluate(&page, "document.body.scrollWidth > 0");
    assert_eq!(width, "true");
    assert!(external_references(&std::fs::read_to_string(&page).unwrap()).is_empty());
}

#[test]
fn uncovered_chars_finds_a_glyph_no_font_has() {
    if browser().is_none() {
        return;
    }
    // U+E000 is private use: no Noto family draws it.
    assert_eq!(uncovered_chars("ok \u{E000}"), vec!['\u{E000}']);
}
