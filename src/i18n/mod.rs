//! Every sentence a person reads, in their language: one message catalogue.
//!
//! The catalogue is [Fluent](https://projectfluent.org/): plain-text `.ftl` files under
//! `locales/<language>/<domain>.ftl` that a translator edits without touching Rust, embedded
//! into the binary by `build.rs` (so soudan still runs from one file). A *domain* is one
//! file name (`core`, `cli`, `slip`, ...); every key is unique across domains, so a message
//! is found by its key alone.
//!
//! Two audiences, two completeness rules (checked by the tests of this module):
//! - **staff** texts (CLI, reports, agency and coordinator calendars) exist in Japanese (the
//!   default) and English;
//! - **resident** texts (slips, public calendar, posters) exist in all [`Lang::ALL`]: a
//!   domain that has any language beyond ja/en must have every one, with the same keys.
//!
//! Lookups never panic: a key missing at run time (a bug the tests exist to catch) falls
//! back to English, then Japanese, then the key itself.

mod lang;

pub use lang::{Lang, ParseLangError};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// `(language code, domain, .ftl text)` for every file under `locales/`.
pub(crate) const SOURCES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

type Bundle = FluentBundle<FluentResource>;

/// Named values for a message's placeables (`{ $count }`).
#[derive(Default)]
pub struct Args(FluentArgs<'static>);

impl Args {
    pub fn new() -> Args {
        Args::default()
    }

    /// Sets `$name`. Strings, string slices and numbers convert; numbers select plural forms.
    pub fn set(&mut self, name: &'static str, value: impl IntoArg) -> &mut Args {
        self.0.set(name, value.into_arg());
        self
    }
}

/// A value a message can show: text or a number (numbers drive plural selection).
pub trait IntoArg {
    fn into_arg(self) -> FluentValue<'static>;
}

impl IntoArg for String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64, f64);

/// Looks up and formats one message: `tr!(lang, "language-name")`, or with placeables
/// `tr!(lang, "language-name-with-code", code = "ne")`.
///
/// Keys are string literals so that the catalogue test can find every key the code uses.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal $(,)?) => {
        $crate::i18n::message($lang, $key, None)
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $value); )+
        $crate::i18n::message($lang, $key, Some(&args))
    }};
}

/// Formats message `key` in `lang` (see [`tr!`]); for keys built at run time (one per
/// reason code, say), whose completeness the calling module's tests enumerate.
pub fn message(lang: Lang, key: &str, args: Option<&Args>) -> String {
    for candidate in lang.fallbacks() {
        if let Some(text) = format(candidate, key, args) {
            return text;
        }
    }
    tracing::debug!(
        key,
        lang = lang.code(),
        "message missing from the catalogue"
    );
    key.to_string()
}

/// True when `key` exists in `lang` itself (no fallback): for tests and for callers that
/// offer a language only where it is complete.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

fn format(lang: Lang, key: &str, args: Option<&Args>) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args.map(|a| &a.0), &mut errors);
    if !errors.is_empty() {
        tracing::debug!(
            key,
            lang = lang.code(),
            ?errors,
            "message formatted with errors"
        );
    }
    Some(text.into_owned())
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Lang::ALL.iter().map(|&l| build(l)).collect());
    &bundles[lang.index()]
}

/// One bundle per language with every domain of that language. A file that fails to parse
/// contributes what did parse (the tests reject any parse error), so a lookup never panics.
fn build(lang: Lang) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
    // Fluent wraps placeables in Unicode isolation marks by default; they show as stray
    // characters in terminals, CSV cells and calendar titles.
    bundle.set_use_isolating(false);
    for (code, _domain, text) in SOURCES {
        if *code != lang.code() {
            continue;
        }
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(r) => r,
            Err((partial, _)) => partial,
        };
        // Overriding keys are reported by the tests; at run time the first definition wins.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

#[cfg(test)]
mod tests;
