//! clap's own words in the reader's language: help headings and parse errors.
//!
//! Coordinators are not programmers; a typo must be explained in Japanese, with what to type
//! instead. clap writes its headings (`Usage:`, `Options:`, …) and its errors (`error:
//! unexpected argument …`) in English and offers no translation hook, so:
//!
//! - the headings come from [`help_template`], a per-command template with our words in place
//!   of `{usage-heading}` and `{all-args}` (whose headings are hard-coded English), and
//!   [`spec_suffix`] replaces clap's `[default: …]`, `[env: …]` and `[possible values: …]`;
//! - clap's generated `help` subcommand (English about, added only when the tree is built) is
//!   disabled and replaced by [`help_subcommand`], which [`help_path`] recognizes after
//!   parsing so that `soudan help request add` still shows `soudan request add --help`;
//! - a parse error is caught at the edge and rendered by [`render`] from its
//!   [`ErrorKind`] and context values (the argument, clap's suggestion, the valid values,
//!   the usage line), so nothing clap knew is lost. Kinds soudan's tree cannot produce, or that
//!   a future clap adds, fall back to a Japanese first line followed by clap's own text
//!   ([`FALLBACK_KINDS`]).
//!
//! Usage errors keep exit code 1 ([`EXIT_REFUSED`], "bad usage" in the README's table);
//! `--help` and `--version` print to stdout and exit 0.

use super::{EXIT_OK, EXIT_REFUSED};
use crate::i18n::Lang;
use crate::tr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};
use std::ffi::OsString;

/// The kinds rendered by the documented fallback: a first line in the reader's language, then
/// clap's own (English) text, so the information is never lost. soudan's tree cannot produce
/// them from the command line (`Io`/`Format` are write failures of help itself).
// Read by the tests (and documented here): the `_` arm of `render` is what applies it.
#[cfg_attr(not(test), allow(dead_code))]
pub const FALLBACK_KINDS: &[ErrorKind] = &[ErrorKind::Io, ErrorKind::Format];

/// What to print for a parse outcome clap reported as an error.
#[derive(Debug)]
pub struct Rendered {
    pub text: String,
    /// `--help`/`--version`: stdout; everything else: stderr.
    pub stdout: bool,
    pub code: i32,
}

/// The help template of a command: clap's default layout with our headings. `{all-args}`
/// would print clap's English headings, so the sections are spelled out, and only those the
/// command has (an empty heading would confuse).
pub fn help_template(lang: Lang, subcommands: bool, positionals: bool) -> String {
    let mut t = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n",
        tr!(lang, "usage-heading")
    );
    if subcommands {
        t.push_str(&format!(
            "\n{}\n{{subcommands}}\n",
            tr!(lang, "usage-commands")
        ));
    }
    if positionals {
        t.push_str(&format!(
            "\n{}\n{{positionals}}\n",
            tr!(lang, "usage-arguments")
        ));
    }
    t.push_str(&format!("\n{}\n{{options}}", tr!(lang, "usage-options")));
    t.push_str("{after-help}");
    t
}

/// What clap would append to an argument's help (`[default: soudan.db]`, `[env: SOUDAN_DB=]`,
/// `[possible values: …]`) in our words; the caller hides clap's own. Empty when there is
/// nothing to say.
pub fn spec_suffix(lang: Lang, a: &Arg) -> String {
    let mut parts = Vec::new();
    if let Some(env) = a.get_env()
        && !a.is_hide_env_set()
    {
        parts.push(tr!(
            lang,
            "usage-env",
            name = env.to_string_lossy().into_owned()
        ));
    }
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_possible_values_set() {
        let values: Vec<String> = a
            .get_possible_values()
            .into_iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_string())
            .collect();
        if !values.is_empty() {
            parts.push(tr!(lang, "usage-possible", values = values.join(", ")));
        }
    }
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        parts.push(tr!(lang, "usage-default", value = values.join(", ")));
    }
    parts
        .into_iter()
        .map(|p| format!(" [{p}]"))
        .collect::<String>()
}

/// The `help` subcommand, in our words (clap's own is disabled: its about is English and is
/// only added when the tree is built, too late to reword it).
pub fn help_subcommand(lang: Lang) -> Command {
    Command::new("help")
        .about(tr!(lang, "usage-help-about"))
        .disable_help_flag(true)
        .arg(
            Arg::new("subcommand")
                .action(clap::ArgAction::Append)
                .num_args(..)
                .value_name(command_token(lang))
                .help(tr!(lang, "usage-help-subcommand")),
        )
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(tr!(lang, "help-flag-help")),
        )
        .help_template(help_template(lang, false, true))
}

/// When the matches are a `help` subcommand: the command path whose help is asked for
/// (`soudan request help add` and `soudan help request add` both give `["request", "add"]`).
pub fn help_path(m: &clap::ArgMatches) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut m = m;
    while let Some((name, sub)) = m.subcommand() {
        if name == "help" {
            if let Ok(Some(words)) = sub.try_get_many::<String>("subcommand") {
                path.extend(words.cloned());
            }
            return Some(path);
        }
        path.push(name.to_string());
        m = sub;
    }
    None
}

/// clap's `[OPTIONS]` placeholder, hard-coded in its usage line, in our words (`<COMMAND>` is
/// reworded through `subcommand_value_name` in `help::localize`). Applied to what clap
/// renders for help and usage; the fallback keeps clap's text untouched.
fn placeholders(lang: Lang, text: &str) -> String {
    text.replace(
        "[OPTIONS]",
        &format!("[{}]", tr!(lang, "usage-options-token")),
    )
}

/// `<COMMAND>` in the reader's language, as clap wants it: `&'static str` (its `Str` takes
/// no `String` without the `string` feature). Made once per language, for all of them.
pub fn command_token(lang: Lang) -> &'static str {
    static TOKENS: std::sync::OnceLock<Vec<(Lang, String)>> = std::sync::OnceLock::new();
    let tokens = TOKENS.get_or_init(|| {
        Lang::ALL
            .into_iter()
            .map(|l| (l, tr!(l, "usage-command-token")))
            .collect()
    });
    tokens
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("COMMAND", |(_, t)| t.as_str())
}

/// The subcommand path `argv` names (`soudan --db x request add --fo` gives `request add`):
/// for "run `soudan request add --help`". Words that are not a subcommand of the current
/// command (option values, positionals) are skipped; `--` ends the walk.
pub fn command_path(cmd: &Command, argv: &[OsString]) -> Vec<String> {
    let mut path = Vec::new();
    let mut cur = cmd;
    for word in argv.iter().skip(1).filter_map(|a| a.to_str()) {
        if word == "--" {
            break;
        }
        if word.starts_with('-') {
            continue;
        }
        if let Some(sub) = cur.find_subcommand(word) {
            path.push(sub.get_name().to_string());
            cur = sub;
        }
    }
    path
}

/// The strings of one context value (a single string, a list, styled text, a number).
fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        Some(ContextValue::Bool(b)) => vec![b.to_string()],
        _ => Vec::new(),
    }
}

fn first(e: &clap::Error, kind: ContextKind) -> String {
    strings(e, kind).into_iter().next().unwrap_or_default()
}

/// Items as the reader's language lists them: `「a」、「b」` / `'a', 'b'`.
/// clap's suggestions of `kind` (similar commands, arguments, values), if it has any, as a tip.
fn did_you_mean(lang: Lang, e: &clap::Error, kind: ContextKind, tips: &mut Vec<String>) {
    let similar = strings(e, kind);
    if !similar.is_empty() {
        tips.push(tr!(
            lang,
            "usage-did-you-mean",
            suggestion = quoted(lang, &similar)
        ));
    }
}

fn quoted(lang: Lang, items: &[String]) -> String {
    items
        .iter()
        .map(|i| tr!(lang, "usage-quoted", text = i.as_str()))
        .collect::<Vec<_>>()
        .join(&tr!(lang, "usage-list-sep"))
}

/// clap's English tips (`Suggested` context) in our words. clap builds them with `format!`,
/// so they are recognized by their fixed English frame and the quoted parts are kept; a tip
/// of an unknown shape is shown as clap wrote it (information is never dropped).
fn tip(lang: Lang, tip: &str) -> String {
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    if tip.starts_with("to pass '") && quoted.len() >= 2 {
        tr!(
            lang,
            "usage-tip-as-value",
            arg = quoted[0],
            typed = quoted[1]
        )
    } else if tip.starts_with("subcommand '") && !quoted.is_empty() {
        tr!(lang, "usage-tip-remove-dashes", command = quoted[0])
    } else if tip.starts_with('\'') && tip.ends_with("' exists") && !quoted.is_empty() {
        tr!(lang, "usage-tip-exists", typed = quoted[0])
    } else {
        tip.to_string()
    }
}

/// Parses the reason of a `ValueValidation` error where it is one we can say in the reader's
/// language (numbers); other reasons are soudan's own parsers' text, kept as written.
fn reason(lang: Lang, e: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(e) else {
        return String::new();
    };
    if let Some(p) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        return match p.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                tr!(lang, "usage-reason-too-large")
            }
            _ => tr!(lang, "usage-reason-not-integer"),
        };
    }
    if source
        .downcast_ref::<crate::i18n::ParseLangError>()
        .is_some()
    {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        return tr!(lang, "usage-reason-language", known = known.join(", "));
    }
    if source
        .downcast_ref::<crate::model::MonthParseError>()
        .is_some()
    {
        return tr!(lang, "usage-reason-month");
    }
    // `gen --shape` / `--scale`: the names it takes, said in the reader's language.
    let names = |all: Vec<&str>| all.join(&tr!(lang, "usage-list-sep"));
    if source
        .downcast_ref::<crate::alloc::shapes::ShapeError>()
        .is_some()
    {
        let known = names(crate::alloc::Shape::ALL.iter().map(|s| s.name()).collect());
        return tr!(lang, "usage-reason-shape", known = known);
    }
    if source
        .downcast_ref::<crate::alloc::r#gen::ScaleError>()
        .is_some()
    {
        let known = names(crate::alloc::Scale::ALL.iter().map(|s| s.name()).collect());
        return tr!(lang, "usage-reason-scale", known = known);
    }
    if let Some(p) = source.downcast_ref::<crate::input::InputDateError>() {
        return if p.no_such_date {
            tr!(lang, "usage-reason-no-such-date")
        } else {
            tr!(lang, "usage-reason-date")
        };
    }
    // Other chrono values are dates (`NaiveDate`: YYYY-MM-DD).
    if let Some(p) = source.downcast_ref::<chrono::format::ParseError>() {
        use chrono::format::ParseErrorKind;
        return match p.kind() {
            ParseErrorKind::OutOfRange | ParseErrorKind::Impossible => {
                tr!(lang, "usage-reason-no-such-date")
            }
            _ => tr!(lang, "usage-reason-date"),
        };
    }
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        return tr!(lang, "usage-reason-not-number");
    }
    source.to_string()
}

/// clap's usage line(s) without its English `Usage:` heading, under ours.
fn usage_line(lang: Lang, e: &clap::Error) -> Option<String> {
    let usage = first(e, ContextKind::Usage);
    let usage = usage.trim();
    let body = usage.strip_prefix("Usage:").unwrap_or(usage).trim_start();
    (!body.is_empty()).then(|| {
        format!(
            "{} {}",
            tr!(lang, "usage-heading"),
            placeholders(lang, body)
        )
    })
}

/// Renders a parse outcome clap reports as an error. `path` is the command the reader was
/// typing ([`command_path`]), for the "run `soudan … --help`" line.
pub fn render(lang: Lang, e: &clap::Error, path: &[String]) -> Rendered {
    let command = std::iter::once("soudan".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let refused = |text: String| Rendered {
        text,
        stdout: false,
        code: EXIT_REFUSED,
    };
    let arg = || first(e, ContextKind::InvalidArg);
    let mut lines: Vec<String> = Vec::new();
    let mut tips: Vec<String> = Vec::new();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Rendered {
                text: placeholders(lang, &e.render().to_string()),
                stdout: true,
                code: EXIT_OK,
            };
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // The help itself is already in the reader's language (`help::localize`).
            let help = placeholders(lang, &e.render().to_string());
            return refused(format!(
                "{}\n\n{}",
                tr!(lang, "usage-incomplete", command = command.as_str()),
                help.trim_end()
            ));
        }
        ErrorKind::InvalidSubcommand => {
            lines.push(tr!(
                lang,
                "usage-unknown-command",
                command = first(e, ContextKind::InvalidSubcommand)
            ));
            did_you_mean(lang, e, ContextKind::SuggestedSubcommand, &mut tips);
        }
        ErrorKind::UnknownArgument => {
            lines.push(tr!(lang, "usage-unknown-argument", arg = arg()));
            did_you_mean(lang, e, ContextKind::SuggestedArg, &mut tips);
            did_you_mean(lang, e, ContextKind::SuggestedSubcommand, &mut tips);
        }
        ErrorKind::InvalidValue => {
            let value = first(e, ContextKind::InvalidValue);
            if value.is_empty() {
                lines.push(tr!(lang, "usage-value-missing", arg = arg()));
            } else {
                lines.push(tr!(lang, "usage-invalid-value", arg = arg(), value = value));
            }
            let valid = strings(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(tr!(
                    lang,
                    "usage-valid-values",
                    values = quoted(lang, &valid)
                ));
            }
            did_you_mean(lang, e, ContextKind::SuggestedValue, &mut tips);
        }
        ErrorKind::ValueValidation => {
            lines.push(tr!(
                lang,
                "usage-value-rejected",
                arg = arg(),
                value = first(e, ContextKind::InvalidValue),
                reason = reason(lang, e)
            ));
        }
        ErrorKind::NoEquals => {
            lines.push(tr!(lang, "usage-no-equals", arg = arg()));
        }
        ErrorKind::TooManyValues => {
            lines.push(tr!(
                lang,
                "usage-too-many-values",
                arg = arg(),
                value = first(e, ContextKind::InvalidValue)
            ));
        }
        ErrorKind::TooFewValues => {
            lines.push(tr!(
                lang,
                "usage-too-few-values",
                arg = arg(),
                expected = first(e, ContextKind::MinValues),
                actual = first(e, ContextKind::ActualNumValues)
            ));
        }
        ErrorKind::WrongNumberOfValues => {
            lines.push(tr!(
                lang,
                "usage-wrong-number-of-values",
                arg = arg(),
                expected = first(e, ContextKind::ExpectedNumValues),
                actual = first(e, ContextKind::ActualNumValues)
            ));
        }
        ErrorKind::ArgumentConflict => {
            let what = strings(e, ContextKind::InvalidArg)
                .into_iter()
                .chain(strings(e, ContextKind::InvalidSubcommand))
                .next()
                .unwrap_or_default();
            let prior = strings(e, ContextKind::PriorArg);
            if prior.is_empty() {
                lines.push(tr!(lang, "usage-conflict-others", arg = what));
            } else if prior.iter().all(|p| *p == what) {
                lines.push(tr!(lang, "usage-conflict-repeated", arg = what));
            } else {
                lines.push(tr!(
                    lang,
                    "usage-conflict",
                    arg = what,
                    others = quoted(lang, &prior)
                ));
            }
        }
        ErrorKind::MissingRequiredArgument => {
            lines.push(tr!(lang, "usage-missing-arguments"));
            for a in strings(e, ContextKind::InvalidArg) {
                lines.push(format!("  {a}"));
            }
        }
        ErrorKind::MissingSubcommand => {
            lines.push(tr!(
                lang,
                "usage-missing-command",
                command = first(e, ContextKind::InvalidSubcommand)
            ));
            let valid = strings(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                tips.push(tr!(
                    lang,
                    "usage-valid-commands",
                    commands = quoted(lang, &valid)
                ));
            }
        }
        ErrorKind::InvalidUtf8 => {
            lines.push(tr!(lang, "usage-invalid-utf8"));
        }
        _ => {
            // FALLBACK_KINDS and kinds of a newer clap: our first line, clap's own text.
            return refused(format!(
                "{}\n{}",
                tr!(lang, "usage-fallback"),
                e.render().to_string().trim_end()
            ));
        }
    }
    for t in strings(e, ContextKind::Suggested) {
        tips.push(tip(lang, &t));
    }
    // The first line is framed like every other refusal (`エラー: …`, `cli-error`).
    if let Some(head) = lines.first_mut() {
        *head = tr!(lang, "cli-error", message = head.as_str());
    }
    let mut text = lines.join("\n");
    for t in tips {
        text.push_str("\n  ");
        text.push_str(&t);
    }
    if let Some(u) = usage_line(lang, e) {
        text.push_str("\n\n");
        text.push_str(&u);
    }
    text.push_str("\n\n");
    text.push_str(&tr!(lang, "usage-more", command = command.as_str()));
    refused(text)
}

/// Prints a parse outcome and returns the exit code.
pub fn report(lang: Lang, e: &clap::Error, path: &[String]) -> i32 {
    use std::io::Write;
    let r = render(lang, e, path);
    if r.stdout {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(r.text.as_bytes());
        let _ = out.flush();
    } else {
        eprintln!("{}", r.text);
    }
    r.code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, help};
    use clap::CommandFactory;

    fn parse(lang: Lang, args: &[&str]) -> (clap::Error, Vec<String>) {
        let argv: Vec<OsString> = std::iter::once("soudan")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        let cmd = help::localize(Cli::command(), lang);
        let path = command_path(&cmd, &argv);
        let e = cmd
            .try_get_matches_from(&argv)
            .expect_err("these arguments are wrong");
        (e, path)
    }

    /// One command line per kind soudan's tree can produce; each must render from the
    /// catalogue (no clap English left), keep clap's data and name the command to ask.
    fn cases() -> Vec<(ErrorKind, Vec<&'static str>, Vec<&'static str>)> {
        vec![
            (
                ErrorKind::InvalidSubcommand,
                vec!["reqest"],
                vec!["reqest", "request"],
            ),
            (
                ErrorKind::UnknownArgument,
                vec!["request", "add", "--fo"],
                vec!["--fo", "--from", "soudan request add --help"],
            ),
            (
                ErrorKind::UnknownArgument,
                vec!["report", "--month", "2026-12", "extra"],
                vec!["extra", "soudan report --help"],
            ),
            (
                ErrorKind::InvalidValue,
                vec!["report", "--table", "agences"],
                vec!["agences", "--table", "agencies", "no-interpreter"],
            ),
            (
                ErrorKind::InvalidValue,
                vec!["report", "--month"],
                vec!["--month"],
            ),
            (
                ErrorKind::ValueValidation,
                vec!["gen", "--seed", "abc"],
                vec!["abc", "--seed"],
            ),
            (
                ErrorKind::ValueValidation,
                vec!["--lang", "xx-unknown", "status"],
                vec!["xx-unknown", "--lang", "ja-x-easy"],
            ),
            (
                ErrorKind::ValueValidation,
                vec!["report", "--month", "2026-13"],
                vec!["2026-13", "--month", "YYYY-MM"],
            ),
            (
                ErrorKind::ValueValidation,
                vec!["interpreter", "unavailable", "x", "--from", "2026-02-30"],
                vec!["2026-02-30", "--from"],
            ),
            (
                ErrorKind::ValueValidation,
                // `12/19` is a date now (the coming 19 December); `13/19` is none.
                vec!["interpreter", "unavailable", "x", "--from", "13/19"],
                vec!["13/19", "YYYY-MM-DD"],
            ),
            (
                ErrorKind::MissingRequiredArgument,
                vec!["interpreter", "unavailable"],
                vec!["--from", "<ID>", "soudan interpreter unavailable --help"],
            ),
            (
                ErrorKind::WrongNumberOfValues,
                vec!["ics", "--feed", "agency"],
                vec!["--feed", "2", "1"],
            ),
            (
                ErrorKind::ArgumentConflict,
                vec!["report", "--month", "2026-12", "--month", "2026-11"],
                vec!["--month"],
            ),
            (
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
                vec!["request"],
                vec!["add", "soudan request"],
            ),
        ]
    }

    #[test]
    fn every_reachable_kind_renders_from_the_catalogue() {
        for lang in Lang::STAFF {
            for (kind, args, needles) in cases() {
                let (e, path) = parse(lang, &args);
                if kind == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    // A `SOUDAN_DB`/`SOUDAN_NOW` in the environment counts as an argument
                    // given, and clap then reports the missing command instead.
                    assert!(
                        matches!(e.kind(), ErrorKind::MissingSubcommand) || e.kind() == kind,
                        "{args:?}: {e}"
                    );
                } else {
                    assert_eq!(e.kind(), kind, "{args:?}: {e}");
                }
                let r = render(lang, &e, &path);
                assert_eq!(r.code, EXIT_REFUSED, "{args:?}");
                assert!(!r.stdout);
                for n in needles {
                    assert!(r.text.contains(n), "{args:?} lacks {n:?}:\n{}", r.text);
                }
                if lang == Lang::Ja {
                    for english in [
                        "error:",
                        "Usage:",
                        "For more information",
                        "tip:",
                        "found",
                        "[OPTIONS]",
                        "<COMMAND>",
                    ] {
                        assert!(
                            !r.text.contains(english),
                            "{args:?} keeps clap's {english:?}:\n{}",
                            r.text
                        );
                    }
                }
            }
        }
    }

    /// Every kind clap has is either rendered by its own catalogue entry (the match in
    /// [`render`]) or listed in [`FALLBACK_KINDS`], whose rendering keeps clap's text.
    #[test]
    fn every_error_kind_maps_to_the_catalogue_or_the_fallback() {
        let all = [
            ErrorKind::InvalidValue,
            ErrorKind::UnknownArgument,
            ErrorKind::InvalidSubcommand,
            ErrorKind::NoEquals,
            ErrorKind::ValueValidation,
            ErrorKind::TooManyValues,
            ErrorKind::TooFewValues,
            ErrorKind::WrongNumberOfValues,
            ErrorKind::ArgumentConflict,
            ErrorKind::MissingRequiredArgument,
            ErrorKind::MissingSubcommand,
            ErrorKind::InvalidUtf8,
            ErrorKind::DisplayHelp,
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
            ErrorKind::DisplayVersion,
            ErrorKind::Io,
            ErrorKind::Format,
        ];
        let cmd = help::localize(Cli::command(), Lang::Ja);
        for kind in all {
            // An error of this kind with no context: what a kind-only error renders to.
            let e = clap::Error::raw(kind, "clap's own words\n").with_cmd(&cmd);
            let r = render(Lang::Ja, &e, &[]);
            if FALLBACK_KINDS.contains(&kind) {
                assert!(r.text.contains("clap's own words"), "{kind:?}: {}", r.text);
                assert!(r.text.starts_with(&tr!(Lang::Ja, "usage-fallback")));
            } else if matches!(kind, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                assert_eq!(r.code, EXIT_OK);
                assert!(r.stdout);
            } else {
                assert!(
                    !r.text.starts_with(&tr!(Lang::Ja, "usage-fallback")),
                    "{kind:?} fell back"
                );
                assert!(
                    r.text.chars().any(|c| c > '\u{3000}'),
                    "{kind:?} has no Japanese: {}",
                    r.text
                );
            }
            if !matches!(kind, ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                assert_eq!(r.code, EXIT_REFUSED, "{kind:?}");
            }
        }
    }

    #[test]
    fn clap_tips_are_reworded_and_keep_their_data() {
        let t = tip(Lang::Ja, "to pass '--x' as a value, use '-- --x'");
        assert!(
            t.contains("--x") && t.contains("-- --x") && !t.contains("to pass"),
            "{t}"
        );
        let t = tip(Lang::Ja, "'request add --from' exists");
        assert!(
            t.contains("request add --from") && !t.contains("exists"),
            "{t}"
        );
        let t = tip(
            Lang::Ja,
            "subcommand 'status' exists; to use it, remove the '--' before it",
        );
        assert!(t.contains("status") && !t.contains("remove"), "{t}");
        // An unknown shape is kept verbatim rather than lost.
        assert_eq!(tip(Lang::Ja, "something new"), "something new");
    }

    #[test]
    fn help_subcommand_path_is_found() {
        let cmd = help::localize(Cli::command(), Lang::Ja);
        let m = cmd
            .clone()
            .try_get_matches_from(["soudan", "request", "help", "add"])
            .unwrap();
        assert_eq!(help_path(&m), Some(vec!["request".into(), "add".into()]));
        let m = cmd
            .try_get_matches_from(["soudan", "help", "feeds", "set"])
            .unwrap();
        assert_eq!(help_path(&m), Some(vec!["feeds".into(), "set".into()]));
    }
}
