//! `--help` in the reader's language.
//!
//! clap's derive help strings are static English doc comments. At startup [`localize`] walks
//! the built command tree and replaces every subcommand's `about` and every visible
//! argument's `help` with the catalogue entry keyed by its path: `help-request-add` for
//! `soudan request add`, `help-request-add--date` for its `--date` (positionals by their
//! name: `help-agency-add-session--agency`), `help-soudan` and `help-soudan--db` at the root.
//! The doc comments stay: they document the code, and `cargo doc` shows them.
//!
//! clap's own words (headings, `[default: …]`, the `help` subcommand, parse errors) are
//! replaced too, by [`super::usage`].
//!
//! The language comes from `--lang`/`SOUDAN_LANG` only ([`super::output::early_lang`]): help
//! is printed before any database is opened, so the center's default is unknown then.

use super::usage;
use crate::i18n::{self, Lang};
use clap::Command;

/// The catalogue key of the command at `path` (`["request", "add"]`), or of its argument.
pub fn key(path: &[String], arg: Option<&str>) -> String {
    let mut k = if path.is_empty() {
        "help-soudan".to_string()
    } else {
        format!("help-{}", path.join("-"))
    };
    if let Some(a) = arg {
        k.push_str("--");
        k.push_str(a);
    }
    k
}

/// The name an argument is keyed by: its long flag, else its id (positionals).
fn arg_name(a: &clap::Arg) -> String {
    a.get_long()
        .map_or_else(|| a.get_id().to_string(), str::to_string)
}

/// Every key the (unbuilt) tree needs: for the completeness test.
#[cfg(test)]
fn keys(cmd: &Command) -> Vec<String> {
    fn walk(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
        out.push(key(path, None));
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            out.push(key(path, Some(&arg_name(a))));
        }
        for s in cmd.get_subcommands() {
            path.push(s.get_name().to_string());
            walk(s, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut Vec::new(), &mut out);
    out
}

/// `cmd` with its texts from the catalogue in `lang` (entries that are missing keep the
/// doc comment; the tests make sure none is). clap adds its own `--help` and `--version` only
/// when it builds the command, too late to reword them, so each command gets an explicit
/// `--help` (and the root a `--version`) with our words (`help-flag-help`,
/// `help-flag-version`). The command is not built here: building early would propagate the
/// global arguments before parsing and change how positionals are matched.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    fn walk(mut cmd: Command, lang: Lang, path: &mut Vec<String>) -> Command {
        let text = |k: &str| i18n::has(lang, k).then(|| i18n::message(lang, k, None));
        if let Some(t) = text(&key(path, None)) {
            cmd = cmd.about(t).long_about(None);
        }
        if path.is_empty()
            && let Some(t) = text("help-soudan-after")
        {
            cmd = cmd.after_help(t);
        }
        let args: Vec<(String, String)> = cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .map(|a| (a.get_id().to_string(), key(path, Some(&arg_name(a)))))
            .collect();
        for (id, k) in args {
            let t = text(&k);
            cmd = cmd.mut_arg(id, |a| {
                // clap's `[default: …]`, `[env: …]`, `[possible values: …]` are English: our
                // words replace them (`usage::spec_suffix`).
                let base = t.or_else(|| a.get_help().map(|h| h.to_string()));
                let help = format!(
                    "{}{}",
                    base.unwrap_or_default(),
                    usage::spec_suffix(lang, &a)
                );
                let a = a.help(help).long_help(None).hide_env(true);
                // clap asserts that only value-taking arguments hide their values.
                if a.get_action().takes_values() {
                    a.hide_default_value(true).hide_possible_values(true)
                } else {
                    a
                }
            });
        }
        if let Some(t) = text("help-flag-help") {
            cmd = cmd.disable_help_flag(true).arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help(t),
            );
        }
        if path.is_empty()
            && let Some(t) = text("help-flag-version")
        {
            cmd = cmd.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help(t),
            );
        }
        let subs: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in &subs {
            path.push(name.clone());
            let mut p = std::mem::take(path);
            cmd = cmd.mut_subcommand(name, |s| walk(s, lang, &mut p));
            *path = p;
            path.pop();
        }
        let positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
        if !subs.is_empty() {
            // clap's generated `help` subcommand speaks English; ours replaces it (`main`
            // turns it into `<path> --help`).
            cmd = cmd
                .subcommand_value_name(usage::command_token(lang))
                .disable_help_subcommand(true)
                .subcommand(usage::help_subcommand(lang));
        }
        cmd.help_template(usage::help_template(lang, !subs.is_empty(), positionals))
    }
    walk(cmd, lang, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every subcommand and visible argument has its help in both staff languages, so a new
    /// flag cannot ship with English-only (or no) help.
    #[test]
    fn every_command_and_argument_has_help_in_ja_and_en() {
        let cmd = super::super::Cli::command();
        let mut keys = keys(&cmd);
        keys.extend(["help-flag-help", "help-flag-version"].map(String::from));
        assert!(
            keys.len() > 100,
            "the walk found only {} entries",
            keys.len()
        );
        let mut missing = Vec::new();
        for lang in Lang::STAFF {
            for k in &keys {
                if !i18n::has(lang, k) {
                    missing.push(format!("{} {k}", lang.code()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "help entries missing:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn help_follows_the_language() {
        let ja = localize(super::super::Cli::command(), Lang::Ja);
        let sub = ja.find_subcommand("allocate").unwrap();
        assert!(sub.get_about().unwrap().to_string().contains("割り当"));
        let limit = sub
            .get_arguments()
            .find(|a| a.get_long() == Some("time-limit"))
            .unwrap();
        assert!(limit.get_help().unwrap().to_string().contains("秒"));
        let en = localize(super::super::Cli::command(), Lang::En);
        let sub = en.find_subcommand("allocate").unwrap();
        assert!(sub.get_about().unwrap().to_string().contains("Allocate"));
    }

    /// Prints the English texts of the tree as .ftl lines (a translator's starting point):
    /// `cargo test --lib cli::help::tests::dump -- --nocapture`.
    #[test]
    fn dump() {
        let cmd = super::super::Cli::command();
        fn walk(cmd: &Command, path: &mut Vec<String>) {
            let about = cmd.get_about().map(|s| s.to_string()).unwrap_or_default();
            println!("FTL {} = {}", key(path, None), about.replace('\n', " "));
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                println!(
                    "FTL {} = {}",
                    key(path, Some(&arg_name(a))),
                    help.replace('\n', " ")
                );
            }
            for s in cmd.get_subcommands() {
                path.push(s.get_name().to_string());
                walk(s, path);
                path.pop();
            }
        }
        walk(&cmd, &mut Vec::new());
    }
}
