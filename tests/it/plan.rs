//! `soudan plan`: forecast, recommendation and simulation on the Sendai sample with twelve
//! months of history generated from the profile (`soudan::plan::gen`).

use crate::common::{TEST_NOW, assert_refused, ok, sample, soudan};
use soudan::model::Month;
use soudan::plan::{self, History, Profile};
use std::path::Path;

const MONTH: &str = "2026-12";
/// Few samples keep the debug-build test quick; the bench runs the default 200.
const SAMPLES: &str = "16";

fn month() -> Month {
    MONTH.parse().unwrap()
}

fn history_months() -> Vec<Month> {
    let mut m = month();
    let mut out = Vec::new();
    for _ in 0..12 {
        m = m.prev();
        out.push(m);
    }
    out.reverse();
    out
}

fn topics() -> Vec<String> {
    [
        "residence",
        "naturalization",
        "family",
        "debt",
        "accident",
        "housing",
        "labour",
        "tax",
        "business",
        "pension",
    ]
    .map(String::from)
    .to_vec()
}

/// A sample folder whose requests.csv holds `requests`, imported into a new database.
fn import_with(dir: &Path, requests: &[soudan::model::Request]) -> std::path::PathBuf {
    let folder = dir.join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    for f in ["center.toml", "agencies.toml", "interpreters.csv"] {
        std::fs::copy(sample().join(f), folder.join(f)).unwrap();
    }
    std::fs::write(
        folder.join("requests.csv"),
        plan::r#gen::to_requests_csv(requests),
    )
    .unwrap();
    let db = dir.join("db");
    ok(&db, &["import", folder.to_str().unwrap(), "--month", MONTH]);
    db
}

fn plan_json(db: &Path, extra: &[&str]) -> serde_json::Value {
    // No solver time limit: the same seed gives the same result on a loaded machine too.
    let mut args = vec![
        "plan",
        "--month",
        MONTH,
        "--samples",
        SAMPLES,
        "--time-limit-ms",
        "0",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(db, &args)).unwrap()
}

fn ne_hours(v: &serde_json::Value) -> f64 {
    v["interpreters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["language"] == "ne")
        .map(|l| l["recommended_hours"].as_f64().unwrap())
        .sum()
}

fn agency<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["agency"] == id)
        .unwrap()
}

#[test]
fn a_seeded_shift_in_the_history_moves_the_recommendation() {
    let base = Profile::sendai();
    let shifted = base.scaled("NP", "留学", 2.0);
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    let db_a = import_with(
        &a,
        &plan::r#gen::history(&base, &topics(), &history_months(), 7),
    );
    let db_b = import_with(
        &b,
        &plan::r#gen::history(&shifted, &topics(), &history_months(), 7),
    );
    // Both plans read the same (built-in) profile: the shift is only in the history.
    let va = plan_json(&db_a, &[]);
    let vb = plan_json(&db_b, &[]);
    assert_eq!(va["history_months"], 12);
    assert_eq!(va["seasonal_from_history"], true);
    let (ia, ib) = (agency(&va, "immigration"), agency(&vb, "immigration"));
    assert!(
        ib["forecast_requests"].as_f64() > ia["forecast_requests"].as_f64(),
        "{ia} {ib}"
    );
    assert!(
        ib["recommended_sessions"].as_u64() >= ia["recommended_sessions"].as_u64(),
        "{ia} {ib}"
    );
    assert!(
        ne_hours(&vb) > ne_hours(&va),
        "{} {}",
        ne_hours(&va),
        ne_hours(&vb)
    );
    // The recommended plan reaches the target's median, or at least beats the current one.
    let rec = vb["recommended"]["placement"]["median"].as_f64().unwrap();
    let cur = vb["current"]["placement"]["median"].as_f64().unwrap();
    assert!(rec >= 0.9 || rec > cur, "recommended {rec}, current {cur}");

    // The profile alone (no history) moves it too: a database without requests.
    let fresh = t.path().join("fresh");
    let db = import_with(&fresh, &[]);
    let profile = t.path().join("shifted.csv");
    let mut csv = String::from("nationality,residence_status,age_band,residents,source\n");
    for r in &shifted.rows {
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            r.nationality, r.residence_status, r.age_band, r.residents, r.source
        ));
    }
    std::fs::write(&profile, csv).unwrap();
    let p0 = plan_json(&db, &[]);
    let p1 = plan_json(&db, &["--profile", profile.to_str().unwrap()]);
    assert!(ne_hours(&p1) > ne_hours(&p0));
    assert!(
        agency(&p1, "immigration")["forecast_requests"].as_f64()
            > agency(&p0, "immigration")["forecast_requests"].as_f64()
    );
}

#[test]
fn same_seed_same_plan_and_what_ifs_show_a_difference() {
    let t = tempfile::tempdir().unwrap();
    let db = import_with(
        t.path(),
        &plan::r#gen::history(&Profile::sendai(), &topics(), &history_months(), 3),
    );
    let what = [
        "--what-if",
        "add-session=immigration",
        "--what-if",
        "remove-session=immigration",
    ];
    let a = plan_json(&db, &what);
    let b = plan_json(&db, &what);
    assert_eq!(a, b);
    let c = plan_json(&db, &["--seed", "2"]);
    assert_ne!(a["current"]["placement"], c["current"]["placement"]);
    let cur = a["current"]["placement"]["median"].as_f64().unwrap();
    let add = a["what_ifs"][0]["placement"]["mean"].as_f64().unwrap();
    let remove = a["what_ifs"][1]["placement"]["mean"].as_f64().unwrap();
    let cur_mean = a["current"]["placement"]["mean"].as_f64().unwrap();
    assert!(
        add >= cur_mean && remove < cur_mean,
        "{remove} {cur_mean} {add} ({cur})"
    );
    // Table (Japanese by default, English on request) and CSV with BOM.
    let table = ok(&db, &["plan", "--month", MONTH, "--samples", "5"]);
    assert!(table.contains("専門相談会の計画 2026-12"), "{table}");
    let en = ok(
        &db,
        &["--lang", "en", "plan", "--month", MONTH, "--samples", "5"],
    );
    assert!(en.contains("Sessions per agency"), "{en}");
    let csv = ok(
        &db,
        &[
            "plan",
            "--month",
            MONTH,
            "--samples",
            "5",
            "--format",
            "csv",
        ],
    );
    assert!(csv.starts_with('\u{feff}'));
}

#[test]
fn the_simulated_rate_brackets_a_held_out_month_allocated_for_real() {
    let t = tempfile::tempdir().unwrap();
    let hist = plan::r#gen::history(&Profile::sendai(), &topics(), &history_months(), 11);
    let db = import_with(&t.path().join("h"), &hist);
    let v = plan_json(&db, &[]);
    let (p5, p95) = (
        v["current"]["placement"]["p5"].as_f64().unwrap(),
        v["current"]["placement"]["p95"].as_f64().unwrap(),
    );
    // The same forecast the command made, sampled with a seed it did not use.
    let history = History {
        requests: hist
            .iter()
            .map(|r| (Month::of(r.received.date()).next(), r.clone()))
            .collect(),
    };
    let f = plan::forecast(month(), &Profile::sendai(), &history);
    let held_out = plan::simulate::sample_month(&f, 987_654, 0);
    let db2 = import_with(&t.path().join("held"), &held_out);
    let ctx = soudan::ops::Ctx::open(&db2, "test").unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(TEST_NOW)
        .unwrap()
        .to_utc();
    let a = soudan::ops::allocate(
        &ctx,
        month(),
        soudan::ops::AllocateOptions {
            dry_run: true,
            ..Default::default()
        },
        now,
    )
    .unwrap();
    let rate = a.report.solution.assignments.len() as f64 / held_out.len() as f64;
    assert!(
        (p5..=p95).contains(&rate),
        "held-out month placed {rate:.3}, simulated 5th-95th percentile {p5:.3}-{p95:.3}"
    );
}

#[test]
fn bad_profile_and_bad_flags_are_refused() {
    let t = tempfile::tempdir().unwrap();
    let db = import_with(t.path(), &[]);
    let bad = t.path().join("bad.csv");
    std::fs::write(
        &bad,
        "nationality,residence_status,age_band,residents\nCN,留学,20-29,10\nNP,留学,twenty,5\n",
    )
    .unwrap();
    let o = soudan(&db)
        .args(["plan", "--month", MONTH, "--profile", bad.to_str().unwrap()])
        .output();
    assert_refused(&o, &format!("{}:3: age_band:", bad.display()));
    // A profile far beyond a municipality is refused before anything is sampled.
    let huge = t.path().join("huge.csv");
    std::fs::write(
        &huge,
        "nationality,residence_status,age_band,residents\nCN,留学,20-29,4000000000\n",
    )
    .unwrap();
    let o = soudan(&db)
        .args([
            "plan",
            "--month",
            MONTH,
            "--profile",
            huge.to_str().unwrap(),
        ])
        .output();
    // Japanese by default, the same refusal in English with --lang en.
    assert_refused(&o, "soudan が計画できる月 20000 件を超えます");
    let o = soudan(&db)
        .args([
            "--lang",
            "en",
            "plan",
            "--month",
            MONTH,
            "--profile",
            huge.to_str().unwrap(),
        ])
        .output();
    assert_refused(&o, "soudan plans up to 20000 a month");
    let o = soudan(&db)
        .args(["plan", "--month", MONTH, "--what-if", "add-session=nobody"])
        .output();
    assert_refused(&o, "機関 nobody はありません");
    let o = soudan(&db)
        .args(["plan", "--month", MONTH, "--target", "1.5"])
        .output();
    assert_refused(&o, "--target");
    let o = soudan(&db)
        .args([
            "plan",
            "--month",
            MONTH,
            "--what-if",
            "interpreter-hours=ne",
        ])
        .output();
    assert_refused(
        &o,
        "--what-if `interpreter-hours=ne`: 言語[:方法]:+時間 の形で",
    );
}

#[test]
fn html_section_is_self_contained_and_escaped() {
    let t = tempfile::tempdir().unwrap();
    let db = import_with(t.path(), &[]);
    let ctx = soudan::ops::Ctx::open(&db, "test").unwrap();
    let base = soudan::ops::plan_base(&ctx).unwrap();
    let f = plan::forecast(month(), &Profile::sendai(), &History::default());
    let r = plan::plan(
        &base,
        &Profile::sendai(),
        &f,
        &plan::PlanOptions {
            samples: 4,
            what_ifs: vec![plan::WhatIf::parse("remove-session=<b>").unwrap()],
            ..Default::default()
        },
    )
    .unwrap();
    let html = plan::html_section(&r, soudan::i18n::Lang::Ja);
    assert!(html.starts_with("<section class=\"soudan-plan\" lang=\"ja\">"));
    assert!(
        html.contains("&lt;b&gt;") && !html.contains("<b>"),
        "{html}"
    );
    assert!(crate::browser::external_references(&html).is_empty());
}

/// `plan --view-out` puts the plan into the month view: the view's sessions and the plan's
/// section in one self-contained page.
#[test]
fn the_month_view_carries_the_plan_as_its_last_section() {
    let t = tempfile::tempdir().unwrap();
    let db = import_with(t.path(), &[]);
    let out = t.path().join("month.html");
    let mut args = vec!["plan", "--month", MONTH, "--samples", "2"];
    args.extend(["--time-limit-ms", "0", "--view-out"]);
    args.push(out.to_str().unwrap());
    ok(&db, &args);
    let html = std::fs::read_to_string(&out).unwrap();
    let section = html
        .find("<section class=\"soudan-plan\"")
        .expect("the plan section is in the view");
    assert!(html.contains("計画（2026-12）"), "heading in Japanese");
    assert!(
        html.find("data-session").is_some_and(|at| at < section),
        "the calendar comes first"
    );
    assert!(crate::browser::external_references(&html).is_empty());
}
