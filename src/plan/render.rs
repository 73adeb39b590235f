//! A [`PlanReport`] for people: an aligned table (ja/en), CSV for Excel (UTF-8 with BOM so
//! Excel-JP opens it right), and an HTML fragment the month view includes. JSON is the
//! report's serde form.

use super::{PlanReport, Scenario};
use crate::html::escape;
use crate::i18n::Lang;
use crate::model::Mode;
use crate::tr;

fn mode_name(mode: Mode, lang: Lang) -> &'static str {
    match lang.staff() {
        Lang::Ja => mode.name_ja(),
        _ => mode.name_en(),
    }
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn num(x: f64) -> String {
    format!("{x:.1}")
}

fn scenario_name(s: &Scenario, lang: Lang) -> String {
    match s.name.as_str() {
        "current" => tr!(lang, "plan-scenario-current"),
        "recommended" => tr!(lang, "plan-scenario-recommended"),
        other => other.to_string(),
    }
}

/// Terminal columns of `s`: East Asian wide characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            if (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Rows aligned in columns (first column left, the others right).
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        out.push_str("  ");
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c].saturating_sub(width(cell)));
            if c == 0 {
                out.push_str(cell);
                out.push_str(&pad);
            } else {
                out.push_str("  ");
                out.push_str(&pad);
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}

/// The sections as rows: (title, header, rows).
fn sections(r: &PlanReport, lang: Lang) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    out.push((
        tr!(lang, "plan-section-sessions"),
        vec![
            tr!(lang, "plan-col-agency"),
            tr!(lang, "plan-col-forecast"),
            tr!(lang, "plan-col-places"),
            tr!(lang, "plan-col-current"),
            tr!(lang, "plan-col-recommended"),
        ],
        r.sessions
            .iter()
            .map(|s| {
                vec![
                    match lang {
                        Lang::En => s.agency_name_en.clone(),
                        _ => s.agency_name_ja.clone(),
                    },
                    num(s.forecast_requests),
                    num(s.places_per_session),
                    s.current_sessions.to_string(),
                    s.recommended_sessions.to_string(),
                ]
            })
            .collect(),
    ));
    out.push((
        tr!(lang, "plan-section-interpreters"),
        vec![
            tr!(lang, "plan-col-language"),
            tr!(lang, "plan-col-mode"),
            tr!(lang, "plan-col-forecast"),
            tr!(lang, "plan-col-needed-hours"),
            tr!(lang, "plan-col-current-hours"),
            tr!(lang, "plan-col-recommended-hours"),
        ],
        r.interpreters
            .iter()
            .map(|i| {
                vec![
                    crate::words::lang_name(lang, &i.language),
                    mode_name(i.mode, lang).to_string(),
                    num(i.forecast_requests),
                    num(i.needed_hours),
                    num(i.current_hours),
                    num(i.recommended_hours),
                ]
            })
            .collect(),
    ));
    let base = r.current.placement.median;
    out.push((
        tr!(lang, "plan-section-simulation"),
        vec![
            tr!(lang, "plan-col-scenario"),
            tr!(lang, "plan-col-requests"),
            tr!(lang, "plan-col-median"),
            tr!(lang, "plan-col-p10"),
            tr!(lang, "plan-col-band"),
            tr!(lang, "plan-col-change"),
        ],
        std::iter::once(&r.current)
            .chain(std::iter::once(&r.recommended))
            .chain(r.what_ifs.iter())
            .map(|s| {
                vec![
                    scenario_name(s, lang),
                    num(s.mean_requests),
                    pct(s.placement.median),
                    pct(s.placement.p10),
                    format!("{}–{}", pct(s.placement.p5), pct(s.placement.p95)),
                    format!("{:+.1}", (s.placement.median - base) * 100.0),
                ]
            })
            .collect(),
    ));
    out.push((
        tr!(lang, "plan-section-topics"),
        vec![
            tr!(lang, "plan-col-agency"),
            tr!(lang, "plan-col-topic"),
            tr!(lang, "plan-col-forecast"),
        ],
        r.by_topic
            .iter()
            .map(|t| vec![t.agency.clone(), t.topic.clone(), num(t.expected)])
            .collect(),
    ));
    out.push((
        tr!(lang, "plan-section-languages"),
        vec![
            tr!(lang, "plan-col-language"),
            tr!(lang, "plan-col-mode"),
            tr!(lang, "plan-col-forecast"),
            tr!(lang, "plan-col-interpreter"),
        ],
        r.by_language
            .iter()
            .map(|l| {
                vec![
                    l.language.clone(),
                    mode_name(l.mode, lang).to_string(),
                    num(l.expected),
                    num(l.with_interpreter),
                ]
            })
            .collect(),
    ));
    out
}

fn summary(r: &PlanReport, lang: Lang) -> Vec<String> {
    let season = if r.seasonal_from_history {
        tr!(lang, "plan-season-history")
    } else {
        tr!(lang, "plan-season-prior")
    };
    vec![
        tr!(
            lang,
            "plan-target",
            target = pct(r.target),
            samples = r.samples.to_string(),
            seed = r.seed.to_string()
        ),
        tr!(
            lang,
            "plan-basis",
            residents = r.profile_residents.to_string(),
            months = r.history_months,
            weight = format!("{:.2}", r.history_weight),
            season = season
        ),
        tr!(lang, "plan-forecast-total", count = num(r.forecast_total)),
    ]
}

/// The aligned table `soudan plan` prints.
pub fn to_table(r: &PlanReport, lang: Lang) -> String {
    let mut out = format!("{} {}\n", tr!(lang, "plan-title"), r.month);
    for line in summary(r, lang) {
        out.push_str(&line);
        out.push('\n');
    }
    for (title, header, rows) in sections(r, lang) {
        out.push_str(&format!("\n■ {title}\n"));
        let mut all = vec![header];
        all.extend(rows);
        out.push_str(&table(&all));
    }
    out
}

/// CSV, one block per section (title row, header row, rows), UTF-8 with BOM.
pub fn to_csv(r: &PlanReport, lang: Lang) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record([format!("{} {}", tr!(lang, "plan-title"), r.month)])?;
    for line in summary(r, lang) {
        w.write_record([line])?;
    }
    for (title, header, rows) in sections(r, lang) {
        w.write_record([""])?;
        w.write_record([title])?;
        w.write_record(&header)?;
        for row in rows {
            w.write_record(&row)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// The plan as a self-contained HTML fragment (a `<section>` with its own scoped style, no
/// external references) for the month view.
pub fn html_section(r: &PlanReport, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<section class=\"soudan-plan\" lang=\"{}\">\n<style>.soudan-plan table{{border-collapse:collapse;margin:.5em 0 1em}}.soudan-plan th,.soudan-plan td{{border:1px solid #999;padding:.2em .5em}}.soudan-plan td.n{{text-align:right}}</style>\n",
        lang.code()
    ));
    out.push_str(&format!(
        "<h2>{} {}</h2>\n",
        escape(&tr!(lang, "plan-title")),
        escape(&r.month)
    ));
    for line in summary(r, lang) {
        out.push_str(&format!("<p>{}</p>\n", escape(&line)));
    }
    for (i, (title, header, rows)) in sections(r, lang).into_iter().enumerate() {
        // The month view shows what to decide: sessions, interpreters, simulation.
        if i >= 3 {
            break;
        }
        out.push_str(&format!("<h3>{}</h3>\n<table>\n<tr>", escape(&title)));
        for h in &header {
            out.push_str(&format!("<th>{}</th>", escape(h)));
        }
        out.push_str("</tr>\n");
        for row in rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                let class = if c == 0 { "" } else { " class=\"n\"" };
                out.push_str(&format!("<td{class}>{}</td>", escape(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
    out
}
