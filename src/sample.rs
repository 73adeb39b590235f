//! The Sendai sample, compiled into the binary so `soudan demo` works from any directory.
//!
//! The same files live in `fixtures/sendai/`, where coordinators can read and copy them.

use crate::import::{self, Dataset, ImportErrors};
use crate::model::Month;

const FILES: [(&str, &str); 4] = [
    (
        import::CENTER_FILE,
        include_str!("../fixtures/sendai/center.toml"),
    ),
    (
        import::AGENCIES_FILE,
        include_str!("../fixtures/sendai/agencies.toml"),
    ),
    (
        import::INTERPRETERS_FILE,
        include_str!("../fixtures/sendai/interpreters.csv"),
    ),
    (
        import::REQUESTS_FILE,
        include_str!("../fixtures/sendai/requests.csv"),
    ),
];

/// The sample with its dates moved to `month`.
pub fn load(month: Month) -> Result<Dataset, ImportErrors> {
    import::load(
        "sample/",
        |name| {
            FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| format!("{name} is not part of the built-in sample"))
        },
        Some(month),
    )
}
