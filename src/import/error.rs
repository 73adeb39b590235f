use crate::i18n::{self, Lang};
use std::fmt;

/// What is wrong with a value, kept typed (a catalogue key and its values) until it is
/// shown: the library does not know the reader's language, the edge does
/// ([`ImportError::render`]). Keys live in `locales/{ja,en}/import.ftl`.
///
/// `Text` carries a message made elsewhere (a TOML or CSV parser's own English sentence, a
/// model type's refusal) that has no key yet; it is shown as is in every language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Key {
        key: &'static str,
        args: Vec<(&'static str, String)>,
    },
    Text(String),
}

impl Msg {
    /// The message `key` of `import.ftl` (a string literal: the tests find every key used).
    pub fn new(key: &'static str) -> Msg {
        Msg::Key {
            key,
            args: Vec::new(),
        }
    }

    /// Sets the placeable `$name`.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        if let Msg::Key { args, .. } = &mut self {
            args.push((name, value.to_string()));
        }
        self
    }

    pub fn key(&self) -> Option<&'static str> {
        match self {
            Msg::Key { key, .. } => Some(key),
            Msg::Text(_) => None,
        }
    }

    /// The message in `lang` (a staff language: Japanese or English).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Msg::Key { key, args } => {
                let mut a = i18n::Args::new();
                for (name, value) in args {
                    a.set(name, value.as_str());
                }
                i18n::message(lang.staff(), key, Some(&a))
            }
            Msg::Text(t) => t.clone(),
        }
    }

    /// Every value cut to one bounded terminal line (see [`bounded`]).
    fn bounded(self) -> Msg {
        match self {
            Msg::Key { key, args } => Msg::Key {
                key,
                args: args.into_iter().map(|(n, v)| (n, bounded(&v))).collect(),
            },
            Msg::Text(t) => Msg::Text(bounded(&t)),
        }
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Msg {
        Msg::Text(s)
    }
}

impl From<&str> for Msg {
    fn from(s: &str) -> Msg {
        Msg::Text(s.to_string())
    }
}

/// English, as in logs and `Display` chains.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// One problem in a coordinator file, reported as `file:line: field: message`. The field is
/// the column or key as written in the file (so it can be found), in every language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportError {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub field: String,
    pub message: Msg,
}

impl ImportError {
    /// `file:line: field: message` with the message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let message = self.message.render(lang);
        // Typed on the command line (`request add/edit`): the field as the form calls it and
        // the option that sets it (来られる時間（--windows）), not a file and a column name.
        if self.file == COMMAND_LINE && self.line == 0 && !self.field.is_empty() {
            let key = format!("cli-field-{}", self.field);
            let staff = lang.staff();
            let option = format!("--{}", self.field.replace('_', "-"));
            return if i18n::has(staff, &key) {
                let label = i18n::message(staff, &key, None);
                if staff == Lang::En {
                    format!("{label} ({option}): {message}")
                } else {
                    format!("{label}（{option}）: {message}")
                }
            } else {
                format!("{option}: {message}")
            };
        }
        if self.line == 0 && self.field.is_empty() {
            format!("{}: {}", self.file, message)
        } else if self.line == 0 {
            format!("{}: {}: {}", self.file, self.field, message)
        } else {
            format!("{}:{}: {}: {}", self.file, self.line, self.field, message)
        }
    }
}

/// The `file` of problems with values typed on the command line.
pub const COMMAND_LINE: &str = "command line";

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A value read in a way worth confirming (an era date, a two-digit year):
/// `requests.csv:4: received: 令和8年12月1日 → 2026-12-01`. Not a problem: the import goes on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportNote {
    pub file: String,
    pub line: usize,
    pub field: String,
    /// The value as written in the file.
    pub written: String,
    /// How soudan read it (ISO 8601).
    pub read: String,
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: ", self.file)?;
        } else {
            write!(f, "{}:{}: ", self.file, self.line)?;
        }
        write!(f, "{}: {} → {}", self.field, self.written, self.read)
    }
}

/// Every problem found in a folder. An import with any of them changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors(pub Vec<ImportError>);

impl ImportErrors {
    /// One line per problem, messages in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let lines: Vec<String> = self.0.iter().map(|e| e.render(lang)).collect();
        lines.join("\n")
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Longest message or field name shown, in characters.
const MAX_MESSAGE_CHARS: usize = 400;

/// `text` fit for one line of a terminal: messages quote the offending value, which may be a
/// 300 KB cell or carry escape sequences. Control characters are shown escaped and the text
/// is cut at [`MAX_MESSAGE_CHARS`].
fn bounded(text: &str) -> String {
    let shown = super::text::for_terminal(text).replace('\n', "\\n");
    match shown.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => shown,
        Some((cut, _)) => format!(
            "{}… ({} more characters)",
            &shown[..cut],
            shown[cut..].chars().count()
        ),
    }
}

/// Collects errors for one file.
pub(crate) struct Sink<'a> {
    pub file: &'a str,
    pub errors: &'a mut Vec<ImportError>,
    /// A sample folder's reference month: its dates must fall in it (a date elsewhere is a
    /// typo that the week shift would carry into the wrong month).
    pub month: Option<crate::model::Month>,
    /// Readings worth confirming, reported with the dataset.
    pub notes: Vec<ImportNote>,
}

impl Sink<'_> {
    /// Reports `date` when the folder has a reference month and the date is more than
    /// `slack_days` outside it.
    pub fn in_month(&mut self, line: usize, field: &str, date: chrono::NaiveDate, slack_days: i64) {
        if let Some(m) = self.month {
            let first = m.first_day() - chrono::TimeDelta::days(slack_days);
            let last = m.next().first_day() + chrono::TimeDelta::days(slack_days - 1);
            if date < first || date > last {
                self.push(
                    line,
                    field,
                    Msg::new("import-outside-month")
                        .arg("date", date)
                        .arg("month", m),
                );
            }
        }
    }

    pub fn push(&mut self, line: usize, field: &str, message: impl Into<Msg>) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            line,
            field: bounded(field),
            message: message.into().bounded(),
        });
    }

    /// Records the error of `result`, if any, and passes the value on.
    pub fn check<T, E: Into<Msg>>(
        &mut self,
        line: usize,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.push(line, field, m);
                None
            }
        }
    }

    /// As [`Sink::check`] for a parser that reports readings worth confirming: they become
    /// notes of this file, line and field.
    pub fn check_noted<T>(
        &mut self,
        line: usize,
        field: &str,
        parse: impl FnOnce(&mut super::fields::Notes) -> Result<T, Msg>,
    ) -> Option<T> {
        let mut notes = Vec::new();
        let result = parse(&mut notes);
        if result.is_ok() {
            for (written, read) in notes {
                self.notes.push(ImportNote {
                    file: self.file.to_string(),
                    line,
                    field: bounded(field),
                    written: bounded(&written),
                    read,
                });
            }
        }
        self.check(line, field, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards error lines against huge or hostile quoted values.
    #[test]
    fn messages_are_one_bounded_line_without_controls() {
        assert_eq!(bounded("`x` is not an id"), "`x` is not an id");
        assert_eq!(bounded("a\u{1b}[2J\nb"), "a\\u{1b}[2J\\nb");
        let long = bounded(&"相".repeat(1000));
        assert!(long.starts_with(&"相".repeat(400)));
        assert!(long.ends_with("… (600 more characters)"), "{long}");
    }
}
