use std::fmt;

/// One problem in a coordinator file, reported as `file:line: field: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportError {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}: {}", self.file, self.field, self.message)
        } else {
            write!(
                f,
                "{}:{}: {}: {}",
                self.file, self.line, self.field, self.message
            )
        }
    }
}

/// Every problem found in a folder. An import with any of them changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors(pub Vec<ImportError>);

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
                    format!("{date} is outside the folder's reference month {m}"),
                );
            }
        }
    }

    pub fn push(&mut self, line: usize, field: &str, message: impl Into<String>) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            line,
            field: bounded(field),
            message: bounded(&message.into()),
        });
    }

    /// Records the error of `result`, if any, and passes the value on.
    pub fn check<T>(&mut self, line: usize, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.push(line, field, m);
                None
            }
        }
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
