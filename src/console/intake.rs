//! 受付: the detailed intake form (予約受付時の詳細な聞き取り) and its POST. The form's
//! fields are requests.csv's, read by the same `ops::intake_field` + `ops::request_add` as
//! `soudan request add`; an error is shown next to its field and nothing is saved.

use super::page::{self, csrf_input, esc};
use super::{Response, Visit};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{LANGUAGES, Mode};
use crate::ops::{self, Ctx};
use crate::{tr, words};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Days of the week as the windows field writes them, Monday first.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// What the form held (to show it again after an error) and the problems by field.
#[derive(Debug, Default)]
pub(crate) struct Filled {
    pub values: BTreeMap<String, String>,
    pub modes: Vec<String>,
    pub days: BTreeMap<String, (String, String)>,
    pub errors: BTreeMap<String, Vec<String>>,
}

impl Filled {
    fn from_form(v: &Visit<'_>) -> Filled {
        let mut f = Filled::default();
        for name in [
            "name",
            "contact",
            "language",
            "nationality",
            "residence_status",
            "topic",
            "agency",
            "deadline",
            "priority",
            "summary",
            "tried",
        ] {
            if let Some(val) = v.req.field(name) {
                f.values.insert(name.into(), val.to_string());
            }
        }
        f.modes = v
            .req
            .fields("modes")
            .into_iter()
            .map(str::to_string)
            .collect();
        for day in DAYS {
            if v.req.field(&format!("day_{day}")).is_some() {
                let from = v.req.field(&format!("from_{day}")).unwrap_or("09:00");
                let to = v.req.field(&format!("to_{day}")).unwrap_or("17:00");
                f.days
                    .insert(day.into(), (from.to_string(), to.to_string()));
            }
        }
        f
    }

    fn value(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    /// The windows field: `sat 10:00-17:00;sun 09:00-12:00`, empty for "any time".
    fn windows(&self) -> String {
        DAYS.iter()
            .filter_map(|d| {
                let (from, to) = self.days.get(*d)?;
                Some(format!("{d} {from}-{to}"))
            })
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// Accepts a nationality as its code or its Japanese or English name.
fn nationality_code(typed: &str) -> String {
    let t = typed.trim();
    crate::feeds::NATIONALITIES
        .iter()
        .find(|(c, ja, en)| c.eq_ignore_ascii_case(t) || *ja == t || en.eq_ignore_ascii_case(t))
        .map(|(c, _, _)| (*c).to_string())
        .unwrap_or_else(|| t.to_string())
}

pub(crate) fn create(ctx: &Ctx, v: &Visit<'_>) -> Result<Response> {
    let l = v.lang;
    let mut filled = Filled::from_form(v);
    let mut fields: Vec<(String, String)> = Vec::new();
    for (name, value) in &filled.values {
        if value.trim().is_empty() {
            continue;
        }
        let value = if name == "nationality" {
            nationality_code(value)
        } else {
            value.clone()
        };
        match ops::intake_field(ctx, name, &value, v.now) {
            Ok(read) => fields.push((name.clone(), read)),
            Err(e) => filled
                .errors
                .entry(name.clone())
                .or_default()
                .push(e.message(l)),
        }
    }
    if filled.modes.is_empty() {
        filled
            .errors
            .entry("modes".into())
            .or_default()
            .push(tr!(l, "console-intake-need-mode"));
    } else {
        fields.push(("modes".into(), filled.modes.join(";")));
    }
    let windows = filled.windows();
    if !windows.is_empty() {
        fields.push(("windows".into(), windows));
    }
    for required in ["language", "topic", "nationality"] {
        if filled.value(required).trim().is_empty() {
            filled
                .errors
                .entry(required.into())
                .or_default()
                .push(tr!(l, "console-intake-required"));
        }
    }
    if !filled.errors.is_empty() {
        return form_with_status(ctx, v, &filled, 422);
    }
    match ops::request_add(ctx, &tr!(l, "console-intake-source"), fields, v.now) {
        Ok(done) => Ok(Response::redirect(&format!(
            "/console/requests/{}?recorded=1",
            done.request.id
        ))),
        Err(Error::Invalid { errors, .. }) => {
            for e in &errors.0 {
                let field = if e.field == "windows" {
                    "days"
                } else {
                    e.field.as_str()
                };
                filled
                    .errors
                    .entry(field.to_string())
                    .or_default()
                    .push(e.message.render(l));
            }
            form_with_status(ctx, v, &filled, 422)
        }
        Err(e) => Err(e),
    }
}

pub(crate) fn form(ctx: &Ctx, v: &Visit<'_>, filled: &Filled) -> Result<Response> {
    form_with_status(ctx, v, filled, 200)
}

fn form_with_status(ctx: &Ctx, v: &Visit<'_>, filled: &Filled, status: u16) -> Result<Response> {
    let l = v.lang;
    let center = ctx.center()?;
    let agencies = ctx.store().agencies()?;
    let interpreters = ctx.store().interpreters()?;
    let mut body = String::new();
    if !filled.errors.is_empty() {
        let _ = write!(
            body,
            "<p class=\"problem\" role=\"alert\">{}</p>",
            esc(&tr!(
                l,
                "console-intake-has-errors",
                count = filled.errors.values().map(Vec::len).sum::<usize>()
            ))
        );
    }
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/console/requests\" novalidate>{}",
        csrf_input(v)
    );
    let err = |name: &str| -> String {
        filled
            .errors
            .get(name)
            .map(|es| {
                es.iter()
                    .map(|e| format!("<p class=\"field-error\" id=\"err-{name}\">{}</p>", esc(e)))
                    .collect::<String>()
            })
            .unwrap_or_default()
    };
    let described = |name: &str| {
        if filled.errors.contains_key(name) {
            format!(" aria-invalid=\"true\" aria-describedby=\"err-{name}\"")
        } else {
            String::new()
        }
    };
    let text = |body: &mut String, name: &str, key: &str, list: Option<&str>| {
        let _ = write!(
            body,
            "<label for=\"{name}\">{}</label>{}<input type=\"text\" id=\"{name}\" name=\"{name}\" value=\"{}\"{}{}>",
            esc(&crate::i18n::message(l, key, None)),
            err(name),
            esc(filled.value(name)),
            list.map(|id| format!(" list=\"{id}\"")).unwrap_or_default(),
            described(name)
        );
    };

    // The language: any language by name or code; those with interpreters on the roster
    // first in the suggestions.
    let mut spoken: Vec<&str> = interpreters
        .iter()
        .flat_map(|i| i.languages.iter().map(String::as_str))
        .collect();
    spoken.sort_unstable();
    spoken.dedup();
    let name_of = |lang: &crate::model::Language| {
        if l == Lang::En {
            lang.name_en
        } else {
            lang.name_ja
        }
    };
    let mut options: Vec<&crate::model::Language> = LANGUAGES.iter().collect();
    options.sort_by_key(|x| (!spoken.contains(&x.code), x.code));
    body.push_str("<datalist id=\"languages\">");
    for x in options {
        let _ = write!(
            body,
            "<option value=\"{}\">{} ({})</option>",
            esc(name_of(x)),
            esc(if l == Lang::En { x.name_ja } else { x.name_en }),
            esc(x.code)
        );
    }
    body.push_str("</datalist><datalist id=\"nationalities\">");
    for (code, ja, en) in crate::feeds::NATIONALITIES {
        let _ = write!(
            body,
            "<option value=\"{}\">{}</option>",
            esc(if l == Lang::En { en } else { ja }),
            esc(code)
        );
    }
    body.push_str("</datalist><datalist id=\"statuses\">");
    for (ja, en) in crate::feeds::RESIDENCE_STATUSES {
        let _ = write!(body, "<option value=\"{}\">{}</option>", esc(ja), esc(en));
    }
    body.push_str("</datalist>");

    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-intake-who")));
    text(&mut body, "name", "console-field-name", None);
    text(&mut body, "contact", "console-field-contact", None);
    text(
        &mut body,
        "language",
        "console-field-language",
        Some("languages"),
    );
    text(
        &mut body,
        "nationality",
        "console-field-nationality",
        Some("nationalities"),
    );
    text(
        &mut body,
        "residence_status",
        "console-field-residence-status",
        Some("statuses"),
    );

    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-intake-what")));
    let select = |body: &mut String, name: &str, key: &str, choices: &[(String, String)]| {
        let _ = write!(
            body,
            "<label for=\"{name}\">{}</label>{}<select id=\"{name}\" name=\"{name}\"{}>",
            esc(&crate::i18n::message(l, key, None)),
            err(name),
            described(name)
        );
        for (value, label) in choices {
            let _ = write!(
                body,
                "<option value=\"{}\"{}>{}</option>",
                esc(value),
                if filled.value(name) == value {
                    " selected"
                } else {
                    ""
                },
                esc(label)
            );
        }
        body.push_str("</select>");
    };
    let mut topics = vec![(String::new(), tr!(l, "console-choose"))];
    topics.extend(
        center
            .topics
            .iter()
            .map(|t| (t.id.clone(), words::topic_name(l, Some(&center), &t.id))),
    );
    select(&mut body, "topic", "console-field-topic", &topics);
    let mut agency_choices = vec![(String::new(), tr!(l, "console-agency-any"))];
    agency_choices.extend(
        agencies
            .iter()
            .map(|a| (a.id.clone(), words::agency_name(l, &agencies, &a.id))),
    );
    select(&mut body, "agency", "console-field-agency", &agency_choices);
    let priorities: Vec<(String, String)> = ["normal", "high", "urgent"]
        .iter()
        .map(|p| (p.to_string(), words::code_word(l, "priority", p)))
        .collect();
    select(&mut body, "priority", "console-field-priority", &priorities);
    let _ = write!(
        body,
        "<label for=\"summary\">{}</label>{}<textarea id=\"summary\" name=\"summary\"{}>{}</textarea>\
         <label for=\"tried\">{}</label>{}<textarea id=\"tried\" name=\"tried\"{}>{}</textarea>",
        esc(&tr!(l, "console-field-summary")),
        err("summary"),
        described("summary"),
        esc(filled.value("summary")),
        esc(&tr!(l, "console-field-tried")),
        err("tried"),
        described("tried"),
        esc(filled.value("tried")),
    );

    let _ = write!(body, "<h2>{}</h2>", esc(&tr!(l, "console-intake-when")));
    let _ = write!(
        body,
        "<fieldset><legend>{}</legend>{}",
        esc(&tr!(l, "console-field-modes")),
        err("modes")
    );
    let fresh = filled.values.is_empty();
    for m in Mode::ALL {
        let checked = fresh || filled.modes.iter().any(|x| x == m.code());
        let _ = write!(
            body,
            "<label><input type=\"checkbox\" name=\"modes\" value=\"{}\"{}> {}</label>",
            m.code(),
            if checked { " checked" } else { "" },
            esc(&words::mode_name(l, m))
        );
    }
    body.push_str("</fieldset>");
    let _ = write!(
        body,
        "<fieldset><legend>{}</legend>{}<p class=\"muted\">{}</p><table>",
        esc(&tr!(l, "console-field-days")),
        err("days"),
        esc(&tr!(l, "console-field-days-hint"))
    );
    let times: Vec<String> = (8..=20)
        .flat_map(|h| [format!("{h:02}:00"), format!("{h:02}:30")])
        .filter(|t| t.as_str() <= "20:00")
        .collect();
    for day in DAYS {
        let (from, to) = filled
            .days
            .get(day)
            .cloned()
            .unwrap_or_else(|| ("09:00".into(), "17:00".into()));
        let pick = |name: String, current: &str, label: String| {
            let mut s = format!(
                "<select class=\"time\" name=\"{name}\" aria-label=\"{}\">",
                esc(&label)
            );
            for t in &times {
                let _ = write!(
                    s,
                    "<option{}>{t}</option>",
                    if t == current { " selected" } else { "" }
                );
            }
            s.push_str("</select>");
            s
        };
        let day_name = crate::i18n::message(l, &format!("console-day-{day}"), None);
        let _ = write!(
            body,
            "<tr><td><label><input type=\"checkbox\" name=\"day_{day}\" value=\"1\"{}> {}</label></td><td>{} – {}</td></tr>",
            if filled.days.contains_key(day) {
                " checked"
            } else {
                ""
            },
            esc(&day_name),
            pick(
                format!("from_{day}"),
                &from,
                tr!(l, "console-from", day = day_name.as_str())
            ),
            pick(
                format!("to_{day}"),
                &to,
                tr!(l, "console-to", day = day_name.as_str())
            ),
        );
    }
    body.push_str("</table></fieldset>");
    let _ = write!(
        body,
        "<label for=\"deadline\">{}</label>{}<input type=\"date\" id=\"deadline\" name=\"deadline\" value=\"{}\"{}>\
         <p class=\"muted\">{}</p>",
        esc(&tr!(l, "console-field-deadline")),
        err("deadline"),
        esc(filled.value("deadline")),
        described("deadline"),
        esc(&tr!(l, "console-field-deadline-hint"))
    );
    for (name, _) in filled.errors.iter() {
        if ![
            "name",
            "contact",
            "language",
            "nationality",
            "residence_status",
            "topic",
            "agency",
            "priority",
            "summary",
            "tried",
            "modes",
            "days",
            "deadline",
        ]
        .contains(&name.as_str())
        {
            body.push_str(&err(name));
        }
    }
    let _ = write!(
        body,
        "<p><button type=\"submit\">{}</button></p></form>",
        esc(&tr!(l, "console-intake-save"))
    );
    let mut r = page::ok(v, &tr!(l, "console-intake-title"), &body);
    r.status = status;
    Ok(r)
}
