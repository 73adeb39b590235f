//! The one error type at the top: what every use case ([`crate::ops`]) and every command can
//! fail with, and the exit code each failure maps to.
//!
//! Each variant knows whether it is a *refusal* (exit 1: the user can fix it — bad input, an
//! unknown id, a conflict, a database in use) or an *internal* failure (exit 2: I/O, damaged
//! data, a bug). The mapping is a `match` over the variants (and over the library errors they
//! wrap), so a new variant does not compile until someone decides its code; nothing falls to
//! "internal" by omission. Sources are kept (`#[source]`), so the CLI prints the whole chain.
//!
//! **Language.** Errors stay typed (a [`Refusal`] kind with its data, import problems as
//! [`crate::import::Msg`] keys) and become text only at the edge, in the reader's language:
//! [`Error::message`] takes a [`Lang`] (the CLI's `--lang`/`SOUDAN_LANG`; Japanese by
//! default). There is no language setting inside the library. `Display` is English, for
//! logs and source chains. The texts live in `locales/{ja,en}/errors.ftl`, each refusal with
//! what to do about it.

use crate::alloc::InstanceError;
use crate::backup::BackupError;
use crate::fsio::ReadError;
use crate::i18n::{self, Lang};
use crate::import::ImportErrors;
use crate::plan::WhatIfProblem;
use crate::publish::PublishError;
use crate::server::ServerError;
use crate::store::StoreError;
use crate::tr;
use std::path::PathBuf;

/// Exit code of a successful command.
pub const EXIT_OK: i32 = 0;
/// Exit code of a refusal: the user can fix it.
pub const EXIT_REFUSED: i32 = 1;
/// Exit code of an internal failure: I/O, damaged data, a bug.
pub const EXIT_INTERNAL: i32 = 2;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A refusal a coordinator meets in daily work (an unknown id, a conflict), typed so it
    /// can be told in their language with what to do.
    #[error("{0}")]
    Refusal(Refusal),
    /// A refusal explained in one English sentence (bad usage of an option, a malformed
    /// file named on the command line): shown as is in every language.
    #[error("{0}")]
    Refused(String),
    /// A coordinator folder or intake with problems; nothing was written.
    #[error("{} problem{} found; nothing was {what}:\n{errors}", errors.0.len(), if errors.0.len() == 1 { "" } else { "s" })]
    Invalid {
        what: &'static str,
        errors: ImportErrors,
    },
    /// A file the user named could not be read (or is not a regular file).
    #[error("cannot read {}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: ReadError,
    },
    /// An allocation instance (a file, or the month built from the database) is invalid.
    #[error("{what}: {source}")]
    Instance {
        what: String,
        /// Boxed: an instance error carries its whole context and would make every
        /// `Result` in soudan as large.
        #[source]
        source: Box<InstanceError>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Server(#[from] ServerError),
    /// A backup that cannot be written, or a restore refused before anything changed.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// The change is committed, but the feeds were not published.
    #[error(
        "the change is saved, but publishing the calendar feeds failed; run `soudan feeds list` to retry"
    )]
    Publish(#[source] PublishError),
    /// The OS random source failed (feed secrets).
    #[error("the operating system's random source failed")]
    Random(#[source] getrandom::Error),
    /// Any other internal failure (writing an output file, encoding a report), with its cause.
    #[error("{what}")]
    Internal {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An internal failure without an underlying error (e.g. a restored backup that does not
    /// decode).
    #[error("{0}")]
    Damaged(String),
    /// The shared interpreter pool (PostgreSQL) refused or could not be reached; nothing was
    /// changed in this center's database.
    #[error(transparent)]
    Pool(#[from] crate::pool::PoolError),
}

impl Error {
    /// The process exit code for this error: [`EXIT_REFUSED`] or [`EXIT_INTERNAL`].
    pub fn code(&self) -> i32 {
        if self.is_refusal() {
            EXIT_REFUSED
        } else {
            EXIT_INTERNAL
        }
    }

    /// True when the user can fix it (exit 1).
    pub fn is_refusal(&self) -> bool {
        match self {
            Error::Refusal(_)
            | Error::Refused(_)
            | Error::Invalid { .. }
            | Error::Instance { .. } => true,
            Error::Unreadable { source, .. } => source.is_refusal(),
            Error::Store(e) => store_refusal(e),
            Error::Backup(e) => e.is_refusal(),
            Error::Server(e) => match e {
                ServerError::NotLoopback(_)
                | ServerError::Bind { .. }
                | ServerError::InvalidHeaderName(_) => true,
                ServerError::Task(_) => false,
            },
            Error::Publish(_) | Error::Random(_) | Error::Internal { .. } | Error::Damaged(_) => {
                false
            }
            Error::Pool(e) => !matches!(e, crate::pool::PoolError::Db(_)),
        }
    }

    /// A refusal with this message.
    pub fn refused(message: impl Into<String>) -> Error {
        Error::Refused(message.into())
    }

    /// An internal failure: `what` went wrong because of `source`.
    pub fn internal(
        what: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Error {
        Error::Internal {
            what: what.into(),
            source: source.into(),
        }
    }
}

impl Error {
    /// The message for a person reading `lang` (a staff language: Japanese or English; any
    /// other falls back to its staff language). Refusals say what to do; an internal failure
    /// gets a first line in `lang` and keeps its English detail (for whoever debugs it).
    pub fn message(&self, lang: Lang) -> String {
        let lang = lang.staff();
        match self {
            Error::Refusal(r) => r.message(lang),
            Error::Invalid { what, errors } => {
                let mut count = i18n::Args::new();
                count.set("count", errors.0.len());
                let head = i18n::message(
                    lang,
                    match *what {
                        "recorded" => "errors-invalid-recorded",
                        "changed" => "errors-invalid-changed",
                        _ => "errors-invalid-imported",
                    },
                    Some(&count),
                );
                format!("{head}\n{}", errors.render(lang))
            }
            Error::Store(e) => match e {
                StoreError::Locked { dir, holder } => tr!(
                    lang,
                    "errors-store-locked",
                    dir = dir.display().to_string(),
                    holder = holder.to_string(),
                    pid = holder.pid
                ),
                StoreError::LockedUnknown(dir) => tr!(
                    lang,
                    "errors-store-locked-unknown",
                    dir = dir.display().to_string()
                ),
                StoreError::NewerSchema { dir, found } => tr!(
                    lang,
                    "errors-store-newer-schema",
                    dir = dir.display().to_string(),
                    found = *found,
                    supported = crate::store::SCHEMA_VERSION
                ),
                StoreError::NotADatabase { dir, reason } => tr!(
                    lang,
                    "errors-store-not-a-database",
                    dir = dir.display().to_string(),
                    reason = reason
                ),
                other => internal_message(lang, other),
            },
            Error::Unreadable { path, source } if source.is_refusal() => {
                unreadable(lang, path, source.why())
            }
            Error::Backup(BackupError::Read { path, source }) if source.is_refusal() => {
                unreadable(lang, path, source.why())
            }
            Error::Backup(BackupError::NotRegular { path, kind }) => unreadable(
                lang,
                path,
                if *kind == "a folder" {
                    crate::fsio::Why::Folder
                } else {
                    crate::fsio::Why::Special
                },
            ),
            Error::Backup(b) if b.is_refusal() => backup_refusal(lang, b),
            Error::Pool(e) => pool_message(lang, e),
            e if !e.is_refusal() => internal_message(lang, e),
            e => e.to_string(),
        }
    }
}

/// A backup that cannot be restored (the file is wrong, or the database is not empty): in
/// the reader's language, with what to do; nothing was changed.
fn backup_refusal(lang: Lang, e: &BackupError) -> String {
    let p = |path: &std::path::Path| path.display().to_string();
    match e {
        BackupError::TooLarge(path) => tr!(lang, "errors-backup-too-large", path = p(path)),
        BackupError::BadHeader(path) => tr!(lang, "errors-backup-bad-header", path = p(path)),
        BackupError::Truncated(path) | BackupError::Checksum(path) => {
            tr!(lang, "errors-backup-damaged", path = p(path))
        }
        BackupError::Decode { path, .. } | BackupError::UnknownTable { path, .. } => {
            tr!(lang, "errors-backup-damaged", path = p(path))
        }
        BackupError::NewerSchema { path, .. } => {
            tr!(lang, "errors-backup-newer", path = p(path))
        }
        BackupError::DamagedRecords { path, count, .. } => tr!(
            lang,
            "errors-backup-damaged-records",
            path = p(path),
            count = *count
        ),
        BackupError::Inconsistent { path, errors } => tr!(
            lang,
            "errors-backup-inconsistent",
            path = p(path),
            count = errors.len()
        ),
        BackupError::NotEmpty(dir) => tr!(lang, "errors-backup-not-empty", dir = p(dir)),
        other => other.to_string(),
    }
}

/// A pool refusal in `lang`; a database error keeps its English detail.
fn pool_message(lang: Lang, e: &crate::pool::PoolError) -> String {
    use crate::pool::PoolError as P;
    match e {
        P::Unreachable { url, source } => {
            tr!(
                lang,
                "errors-pool-unreachable",
                url = url.as_str(),
                detail = source.to_string()
            )
        }
        P::NoSchema { url } => tr!(lang, "errors-pool-no-schema", url = url.as_str()),
        P::NewerSchema { url, found } => tr!(
            lang,
            "errors-pool-newer-schema",
            url = url.as_str(),
            found = *found,
            supported = crate::pool::SCHEMA_VERSION
        ),
        P::OlderSchema { url, found } => tr!(
            lang,
            "errors-pool-older-schema",
            url = url.as_str(),
            found = *found,
            supported = crate::pool::SCHEMA_VERSION
        ),
        P::BadUrl(url) => tr!(lang, "errors-pool-bad-url", url = url.as_str()),
        P::CenterTaken(id) => tr!(lang, "errors-pool-center-taken", center = id.as_str()),
        P::NotJoined(id) => tr!(lang, "errors-pool-not-joined", center = id.as_str()),
        P::Taken(t) => {
            let list = t
                .iter()
                .map(|t| format!("{} {}–{} ({})", t.interpreter, t.start, t.end, t.by))
                .collect::<Vec<_>>()
                .join(", ");
            tr!(lang, "errors-pool-taken", list = list)
        }
        P::Db(_) => internal_message(lang, e),
    }
}

/// A file the user named that cannot be read: which file, what happened, what to do.
fn unreadable(lang: Lang, path: &std::path::Path, why: crate::fsio::Why) -> String {
    use crate::fsio::Why;
    let path = path.display().to_string();
    match why {
        Why::Missing => tr!(lang, "errors-unreadable-missing", path = path),
        Why::Permission => tr!(lang, "errors-unreadable-permission", path = path),
        Why::NotAFolder => tr!(lang, "errors-unreadable-not-a-folder", path = path),
        Why::Folder => tr!(lang, "errors-unreadable-folder", path = path),
        Why::Special => tr!(lang, "errors-unreadable-special", path = path),
        Why::TooLarge | Why::Other => tr!(lang, "errors-unreadable", path = path),
    }
}

impl Error {
    /// True when [`Error::message`] already says what the operating system reported (a
    /// file that cannot be read, in words): its English causes add nothing for the reader.
    pub fn explained(&self) -> bool {
        match self {
            Error::Unreadable { source, .. } => {
                source.is_refusal() && source.why() != crate::fsio::Why::Other
            }
            Error::Backup(BackupError::Read { source, .. }) => {
                source.is_refusal() && source.why() != crate::fsio::Why::Other
            }
            Error::Backup(BackupError::NotRegular { .. }) => true,
            _ => false,
        }
    }
}

/// An internal failure: a first line in `lang`, then the English detail.
fn internal_message(lang: Lang, e: &dyn std::fmt::Display) -> String {
    format!("{}\n  {e}", tr!(lang, "errors-internal"))
}

/// One of the values a typed name could mean, shown as `name (code)` in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
}

impl Choice {
    pub fn new(code: &str, name_ja: &str, name_en: &str) -> Choice {
        Choice {
            code: code.to_string(),
            name_ja: name_ja.to_string(),
            name_en: name_en.to_string(),
        }
    }

    /// `ベトナム語 (vi)`; a name that is the code itself is shown once.
    pub fn told(&self, lang: Lang) -> String {
        let name = if lang == Lang::En {
            &self.name_en
        } else {
            &self.name_ja
        };
        if name == &self.code || name.is_empty() {
            self.code.clone()
        } else {
            format!("{name} ({})", self.code)
        }
    }

    fn list(choices: &[Choice], lang: Lang) -> String {
        let sep = if lang == Lang::En { ", " } else { "、" };
        choices
            .iter()
            .map(|c| c.told(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// What a typed name was for, so an ambiguity is told in the right words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Language,
    Topic,
    Interpreter,
}

/// The refusals a coordinator meets in daily work. Each is one catalogue key of
/// `errors.ftl` (`errors-refusal-...`) whose placeables are the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The database has no center yet.
    EmptyDatabase,
    UnknownRequest {
        id: String,
    },
    UnknownBooking {
        number: String,
    },
    UnknownAgency {
        id: String,
    },
    UnknownInterpreter {
        id: String,
    },
    UnknownContact {
        id: String,
    },
    /// `staff add` with a name already taken.
    StaffExists {
        name: String,
    },
    UnknownStaff {
        name: String,
    },
    /// A login name that is empty, too long or has control characters / edge spaces.
    BadStaffName {
        name: String,
    },
    /// A password shorter than [`crate::password::MIN_CHARS`] characters.
    WeakPassword {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    /// The two entries on a terminal differ.
    PasswordsDiffer,
    /// The console's form was made before a change by someone else (the CLI, another
    /// screen) to what it changes: `what` names the record.
    ChangedMeanwhile {
        what: String,
    },
    /// An allocation confirmed after a preview: what the month's allocation reads changed
    /// since the preview (`parts`: `requests`, `bookings`, `interpreters`, `agencies`,
    /// `center`, `pins`, `weights`); nothing was applied.
    MonthChanged {
        month: String,
        parts: Vec<String>,
    },
    /// Only a waiting request is placed by hand (`request place`); a booked one is moved.
    RequestNotWaiting {
        id: String,
        status: String,
    },
    /// The shared pool: another center booked this interpreter at this time, and allocating
    /// again without it did not settle within the rounds allowed. Names and local times.
    PoolTaken {
        interpreter: String,
        start: String,
        center: String,
    },
    /// `pool join --center ID`: an id is 1 to 64 characters without control characters.
    PoolCenterId {
        center: String,
    },
    /// `pool join` of a database that is in the pool as another center.
    PoolOtherCenter {
        center: String,
    },
    /// `allocate` with the pool unreachable and `--without-pool-interpreters`, but this
    /// database never synced with the pool: which interpreters are shared is not known.
    PoolNeverSynced,
    /// `allocate` with the pool unreachable (and without `--without-pool-interpreters`):
    /// nothing was changed; the message names the option.
    PoolUnreachableAllocate {
        url: String,
        detail: String,
    },
    UnknownFeed {
        kind: String,
        id: String,
    },
    /// `request add` of an id the database holds.
    RequestExists {
        source: String,
        id: String,
    },
    /// `request add` without a required field.
    MissingField {
        source: String,
        field: String,
        flag: String,
    },
    RequestCancelled {
        id: String,
    },
    RequestAlreadyCancelled {
        id: String,
    },
    /// `request cancel` or `request edit` of a request whose booking has started: the
    /// consultation is history ([`crate::model::Clock::is_history`]).
    ConsultationTookPlace {
        id: String,
        number: String,
        /// Center local time.
        start: chrono::NaiveDateTime,
    },
    IdCannotChange,
    NothingToChange {
        id: String,
    },
    ContactAlreadyDone {
        id: String,
    },
    /// A booking move of a booking that is no longer live.
    BookingCancelled {
        number: String,
        status: String,
    },
    BookingPast {
        number: String,
        /// Center local time.
        start: chrono::NaiveDateTime,
    },
    NoOpenSession {
        session: String,
    },
    NotASessionId {
        id: String,
    },
    PinNotConfirmed {
        number: String,
    },
    AlreadyPinned {
        number: String,
    },
    NotPinned {
        number: String,
    },
    NoSessionOnDate {
        agency: String,
        date: String,
    },
    /// The confirmed bookings a re-import would leave without session or interpreter.
    ImportStrands {
        bookings: Vec<Strand>,
    },
    /// `public set`: a URL option that is not an http(s) URL of at most `max` characters.
    PublicNotUrl {
        flag: &'static str,
        value: String,
        max: usize,
    },
    /// `public set --phone`: not a phone number.
    PublicNotPhone {
        value: String,
    },
    /// `--to` before `--from`.
    RangeReversed {
        from: String,
        to: String,
    },
    RangeTooLong,
    /// A new session that would start before now.
    SessionInPast {
        date: String,
        start: String,
        now: String,
    },
    /// Cancelling a session that has started.
    SessionStarted {
        session: String,
        start: String,
        now: String,
    },
    EndNotAfterStart {
        start: String,
        end: String,
    },
    SlotDoesNotFit {
        slot: u32,
        minutes: i64,
    },
    BoothsOrModes {
        min: u32,
        max: u32,
    },
    /// `last` is the last slot counted from 1, as `--to SESSION/N` takes it.
    SlotOutOfRange {
        session: String,
        last: u32,
    },
    /// A hand move the checker refuses; `reasons` are the checker's (English) lines;
    /// `slot` counted from 1.
    CannotMove {
        number: String,
        session: String,
        slot: u32,
        /// The interpreter by name.
        interpreter: Option<String>,
        /// What the move would break (interpreters by name, slots as 0-based indices).
        reasons: Vec<crate::alloc::Fault>,
    },
    /// `booking substitutes` for a booking whose session or slot is gone: no slot to fill.
    NoSlotForSubstitutes {
        number: String,
    },
    /// `agency move-session`: no confirmed booking (not started) of the agency on the date.
    NothingToMoveOnDate {
        agency: String,
        date: String,
    },
    /// `agency move-session`: no later session of the agency to move to.
    NoNextSession {
        agency: String,
        date: String,
    },
    /// `agency move-session --to` the date it moves from.
    MoveSessionSameDate {
        date: String,
    },
    AgencyPersonalDetails,
    InterpreterPersonalDetails,
    SessionBlocksAgencyOnly,
    /// A numeric option outside its range (`--samples 0`).
    OptionRange {
        option: String,
        value: String,
        min: String,
        max: String,
    },
    /// `plan --target` not a share in (0, 1].
    PlanTarget {
        value: String,
    },
    /// A `plan --what-if` that cannot be read.
    WhatIf {
        spec: String,
        problem: WhatIfProblem,
    },
    /// A `plan --what-if` naming an agency the database lacks.
    WhatIfUnknownAgency {
        spec: String,
        id: String,
        agencies: String,
    },
    /// A regional profile forecasting more requests than `plan` simulates.
    ForecastTooLarge {
        total: u64,
        month: String,
        max: u64,
    },
    /// `public --base-url` not an http(s) URL of bounded length.
    BaseUrl {
        url: String,
        max: usize,
    },
    /// A public output that cannot be rendered (a QR code for an overlong URL, the center's
    /// zone); `detail` is the renderer's own (English) text.
    PublicRender {
        detail: String,
    },
    /// Standard output closed or failing (a pipe to a closed reader).
    WriteStdout {
        reason: String,
    },
    /// An output file or folder that cannot be written; `reason` is the system's.
    CannotWrite {
        path: String,
        reason: String,
    },
    /// `--out` naming no file (`/`, `..`).
    OutNamesNoFile {
        path: String,
    },
    /// `--out` naming a file where a folder is needed.
    OutNotAFolder {
        path: String,
    },
    /// `soudan init FOLDER`: the folder already holds files (nothing is overwritten).
    InitNotEmpty {
        path: String,
    },
    /// `soudan init FOLDER`: a file, not a folder.
    InitNotAFolder {
        path: String,
    },
    /// A booking whose request is missing: damaged data `soudan check` reports.
    DanglingBooking {
        number: String,
        request: String,
    },
    /// A feed's join text (`--phone`, `--video`) too long or with control characters.
    JoinText {
        field: String,
        max: usize,
    },
    /// `feeds options --window-days` over its maximum.
    WindowDays {
        max: u32,
    },
    /// An intake file (`request add --from`) that cannot be read as text.
    IntakeFile {
        path: String,
        problem: crate::import::Msg,
    },
    /// An intake file that is not TOML or JSON; `detail` is the parser's (English) text.
    IntakeSyntax {
        path: String,
        line: usize,
        detail: String,
    },
    /// An intake file whose top level is not a table of fields.
    IntakeNotATable {
        path: String,
    },
    /// `request list --status` of an unknown status.
    UnknownStatus {
        value: String,
    },
    /// An option that takes a time of day (`--start 9時`).
    NotATime {
        option: String,
        value: String,
    },
    /// `--modes` with a word other than in_person, video, phone.
    UnknownMode {
        value: String,
    },
    /// `booking move --to` not `SESSION/SLOT`.
    MoveTarget {
        value: String,
    },
    /// A language as typed (`--language`) that is no known name or code
    /// ([`crate::input::language`]); `suggestion` is the nearest known one.
    UnknownLanguage {
        value: String,
        suggestion: Option<Choice>,
    },
    /// A topic as typed that is no topic of center.toml; every valid one is listed.
    UnknownTopic {
        value: String,
        suggestion: Option<Choice>,
        choices: Vec<Choice>,
    },
    /// A name (or start of one) that fits more than one language, topic or interpreter.
    Ambiguous {
        what: InputKind,
        value: String,
        choices: Vec<Choice>,
    },
    /// A date as typed that is none of the forms staff write.
    InputDate {
        option: String,
        value: String,
    },
    /// `--feed` not `KIND ID`, or of an unknown kind.
    FeedArgs {
        value: String,
    },
    /// `--time-limit` not a positive number of seconds.
    TimeLimit {
        value: String,
    },
    /// `gen --knobs` of an unknown preset.
    UnknownKnobs {
        value: String,
        presets: String,
    },
    /// An allocation instance that is not UTF-8.
    NotUtf8 {
        path: String,
        offset: usize,
    },
}

/// The catalogue key of a what-if problem: each says which forms are accepted.
fn what_if_key(problem: WhatIfProblem) -> &'static str {
    match problem {
        WhatIfProblem::Form => "errors-refusal-what-if-form",
        WhatIfProblem::AgencyId => "errors-refusal-what-if-agency-id",
        WhatIfProblem::HoursForm => "errors-refusal-what-if-hours-form",
        WhatIfProblem::Mode => "errors-refusal-what-if-mode",
        WhatIfProblem::Language => "errors-refusal-what-if-language",
        WhatIfProblem::Hours => "errors-refusal-what-if-hours",
        WhatIfProblem::UnknownKind => "errors-refusal-what-if-unknown-kind",
    }
}

/// One broken allocation rule in `lang` (`booking move` refusals): requests by number,
/// interpreters as the fault names them (ops puts their names in), languages by name, slots
/// counted from 1.
pub fn fault(lang: Lang, f: &crate::alloc::Fault) -> String {
    use crate::alloc::Fault as F;
    use crate::words::lang_name;
    let slot = |i: i64| i.saturating_add(1);
    match f {
        F::Invalid => tr!(lang, "errors-fault-invalid"),
        F::UnknownRequest { request } => {
            tr!(lang, "errors-fault-unknown-request", request = request)
        }
        F::NotOnce { request, times } => {
            tr!(
                lang,
                "errors-fault-not-once",
                request = request,
                times = *times
            )
        }
        F::UnknownSession { request, session } => tr!(
            lang,
            "errors-fault-unknown-session",
            request = request,
            session = session
        ),
        F::SlotOutOfRange {
            request,
            session,
            slot: s,
        } => tr!(
            lang,
            "errors-fault-slot-out-of-range",
            request = request,
            session = session,
            slot = slot(*s)
        ),
        F::TopicNotServed { request, session } => tr!(
            lang,
            "errors-fault-topic-not-served",
            request = request,
            session = session
        ),
        F::OutsideWindows { request } => {
            tr!(lang, "errors-fault-outside-windows", request = request)
        }
        F::AfterDeadline { request } => tr!(lang, "errors-fault-after-deadline", request = request),
        F::InterpreterNotNeeded { request } => {
            tr!(
                lang,
                "errors-fault-interpreter-not-needed",
                request = request
            )
        }
        F::InterpreterNeeded { request } => {
            tr!(lang, "errors-fault-interpreter-needed", request = request)
        }
        F::UnknownInterpreter {
            request,
            interpreter,
        } => tr!(
            lang,
            "errors-fault-unknown-interpreter",
            request = request,
            interpreter = interpreter
        ),
        F::DoesNotSpeak {
            request,
            interpreter,
            language,
        } => tr!(
            lang,
            "errors-fault-does-not-speak",
            request = request,
            interpreter = interpreter,
            language = lang_name(lang, language)
        ),
        F::ModeNotAccepted { request, mode } => {
            let mode = mode
                .parse::<crate::model::Mode>()
                .map_or_else(|_| mode.clone(), |m| crate::words::mode_name(lang, m));
            tr!(
                lang,
                "errors-fault-mode-not-accepted",
                request = request,
                mode = mode
            )
        }
        F::NotAvailable {
            request,
            interpreter,
        } => tr!(
            lang,
            "errors-fault-not-available",
            request = request,
            interpreter = interpreter
        ),
        F::OverBooths {
            session,
            slot: s,
            count,
            booths,
        } => tr!(
            lang,
            "errors-fault-over-booths",
            session = session,
            slot = slot(i64::from(*s)),
            count = *count,
            booths = *booths
        ),
        F::Overlap {
            interpreter,
            first,
            second,
        } => tr!(
            lang,
            "errors-fault-overlap",
            interpreter = interpreter,
            first = first,
            second = second
        ),
        F::OverMaxPerDay {
            interpreter,
            count,
            max,
        } => tr!(
            lang,
            "errors-fault-over-max-per-day",
            interpreter = interpreter,
            count = *count,
            max = *max
        ),
        F::PinNotKept { request } => tr!(lang, "errors-fault-pin-not-kept", request = request),
        F::Objective => tr!(lang, "errors-fault-objective"),
    }
}

impl Refusal {
    /// The catalogue key and its values (a value that is itself a message, in `lang`).
    fn parts(&self, lang: Lang) -> (&'static str, i18n::Args) {
        let mut a = i18n::Args::new();
        let key = match self {
            Refusal::EmptyDatabase => "errors-refusal-empty-database",
            Refusal::UnknownRequest { id } => {
                a.set("id", id);
                "errors-refusal-unknown-request"
            }
            Refusal::UnknownBooking { number } => {
                a.set("number", number);
                "errors-refusal-unknown-booking"
            }
            Refusal::UnknownAgency { id } => {
                a.set("id", id);
                "errors-refusal-unknown-agency"
            }
            Refusal::UnknownInterpreter { id } => {
                a.set("id", id);
                "errors-refusal-unknown-interpreter"
            }
            Refusal::UnknownContact { id } => {
                a.set("id", id);
                "errors-refusal-unknown-contact"
            }
            Refusal::StaffExists { name } => {
                a.set("name", name);
                "errors-refusal-staff-exists"
            }
            Refusal::UnknownStaff { name } => {
                a.set("name", name);
                "errors-refusal-unknown-staff"
            }
            Refusal::BadStaffName { name } => {
                a.set("name", name);
                "errors-refusal-bad-staff-name"
            }
            Refusal::WeakPassword { min } => {
                a.set("min", *min);
                "errors-refusal-weak-password"
            }
            Refusal::PasswordTooLong { max } => {
                a.set("max", *max);
                "errors-refusal-password-too-long"
            }
            Refusal::PasswordsDiffer => "errors-refusal-passwords-differ",
            Refusal::ChangedMeanwhile { what } => {
                a.set("what", what);
                "errors-refusal-changed-meanwhile"
            }
            Refusal::MonthChanged { month, parts } => {
                let words: Vec<String> = parts
                    .iter()
                    .map(|p| i18n::message(lang, &format!("errors-month-part-{p}"), None))
                    .collect();
                a.set("month", month).set(
                    "parts",
                    words.join(if lang == Lang::Ja { "、" } else { ", " }),
                );
                "errors-refusal-month-changed"
            }
            Refusal::RequestNotWaiting { id, status } => {
                a.set("id", id)
                    .set("status", crate::words::code_word(lang, "status", status));
                "errors-refusal-request-not-waiting"
            }
            Refusal::PoolTaken {
                interpreter,
                start,
                center,
            } => {
                a.set("interpreter", interpreter)
                    .set("start", start)
                    .set("center", center);
                "errors-refusal-pool-taken"
            }
            Refusal::PoolCenterId { center } => {
                a.set("center", center);
                "errors-refusal-pool-center-id"
            }
            Refusal::PoolOtherCenter { center } => {
                a.set("center", center);
                "errors-refusal-pool-other-center"
            }
            Refusal::PoolNeverSynced => "errors-refusal-pool-never-synced",
            Refusal::PoolUnreachableAllocate { url, detail } => {
                a.set("url", url).set("detail", detail);
                "errors-refusal-pool-unreachable-allocate"
            }
            Refusal::UnknownFeed { kind, id } => {
                a.set("kind", kind).set("id", id);
                "errors-refusal-unknown-feed"
            }
            Refusal::RequestExists { source, id } => {
                a.set("source", source).set("id", id);
                "errors-refusal-request-exists"
            }
            Refusal::MissingField {
                source,
                field,
                flag,
            } => {
                a.set("source", source)
                    .set("field", field)
                    .set("flag", flag);
                "errors-refusal-missing-field"
            }
            Refusal::RequestCancelled { id } => {
                a.set("id", id);
                "errors-refusal-request-cancelled"
            }
            Refusal::RequestAlreadyCancelled { id } => {
                a.set("id", id);
                "errors-refusal-request-already-cancelled"
            }
            Refusal::ConsultationTookPlace { id, number, start } => {
                a.set("id", id)
                    .set("number", number)
                    .set("start", crate::words::date_time(lang, *start));
                "errors-refusal-consultation-took-place"
            }
            Refusal::IdCannotChange => "errors-refusal-id-cannot-change",
            Refusal::NothingToChange { id } => {
                a.set("id", id);
                "errors-refusal-nothing-to-change"
            }
            Refusal::ContactAlreadyDone { id } => {
                a.set("id", id);
                "errors-refusal-contact-done"
            }
            Refusal::BookingCancelled { number, status } => {
                a.set("number", number).set("status", status);
                "errors-refusal-booking-cancelled"
            }
            Refusal::BookingPast { number, start } => {
                a.set("number", number)
                    .set("start", crate::words::date_time(lang, *start));
                "errors-refusal-booking-past"
            }
            Refusal::NoOpenSession { session } => {
                a.set("session", session);
                "errors-refusal-no-open-session"
            }
            Refusal::NotASessionId { id } => {
                a.set("id", id);
                "errors-refusal-not-a-session-id"
            }
            Refusal::PinNotConfirmed { number } => {
                a.set("number", number);
                "errors-refusal-pin-not-confirmed"
            }
            Refusal::AlreadyPinned { number } => {
                a.set("number", number);
                "errors-refusal-already-pinned"
            }
            Refusal::NotPinned { number } => {
                a.set("number", number);
                "errors-refusal-not-pinned"
            }
            Refusal::NoSessionOnDate { agency, date } => {
                a.set("agency", agency).set("date", date);
                "errors-refusal-no-session-on-date"
            }
            Refusal::ImportStrands { bookings } => {
                let list: Vec<String> = bookings.iter().map(|s| s.words(lang)).collect();
                // Fluent drops the indent before a placeable that starts a line: the
                // first line's indent comes with the list.
                a.set("count", bookings.len())
                    .set("list", format!("  {}", list.join("\n  ")));
                "errors-refusal-import-strands"
            }
            Refusal::PublicNotUrl { flag, value, max } => {
                a.set("flag", *flag).set("value", value).set("max", *max);
                "errors-refusal-public-not-url"
            }
            Refusal::PublicNotPhone { value } => {
                a.set("value", value);
                "errors-refusal-public-not-phone"
            }
            Refusal::RangeReversed { from, to } => {
                a.set("from", from).set("to", to);
                "errors-refusal-range-reversed"
            }
            Refusal::RangeTooLong => "errors-refusal-range-too-long",
            Refusal::SessionInPast { date, start, now } => {
                a.set("date", date).set("start", start).set("now", now);
                "errors-refusal-session-in-past"
            }
            Refusal::SessionStarted {
                session,
                start,
                now,
            } => {
                a.set("session", session)
                    .set("start", start)
                    .set("now", now);
                "errors-refusal-session-started"
            }
            Refusal::EndNotAfterStart { start, end } => {
                a.set("start", start).set("end", end);
                "errors-refusal-end-not-after-start"
            }
            Refusal::SlotDoesNotFit { slot, minutes } => {
                a.set("slot", *slot).set("minutes", *minutes);
                "errors-refusal-slot-does-not-fit"
            }
            Refusal::BoothsOrModes { min, max } => {
                a.set("min", *min).set("max", *max);
                "errors-refusal-booths-or-modes"
            }
            Refusal::SlotOutOfRange { session, last } => {
                a.set("session", session).set("last", *last);
                "errors-refusal-slot-out-of-range"
            }
            Refusal::CannotMove {
                number,
                session,
                slot,
                interpreter,
                reasons,
            } => {
                let reasons: Vec<String> = reasons.iter().map(|f| fault(lang, f)).collect();
                a.set("number", number)
                    .set("session", session)
                    .set("slot", *slot)
                    .set("reasons", reasons.join("\n  "));
                match interpreter {
                    Some(i) => {
                        a.set("interpreter", i);
                        "errors-refusal-cannot-move-with"
                    }
                    None => "errors-refusal-cannot-move",
                }
            }
            Refusal::NoSlotForSubstitutes { number } => {
                a.set("number", number);
                "errors-refusal-no-slot-for-substitutes"
            }
            Refusal::NothingToMoveOnDate { agency, date } => {
                a.set("agency", agency).set("date", date);
                "errors-refusal-nothing-to-move-on-date"
            }
            Refusal::NoNextSession { agency, date } => {
                a.set("agency", agency).set("date", date);
                "errors-refusal-no-next-session"
            }
            Refusal::MoveSessionSameDate { date } => {
                a.set("date", date);
                "errors-refusal-move-session-same-date"
            }
            Refusal::AgencyPersonalDetails => "errors-refusal-agency-personal-details",
            Refusal::InterpreterPersonalDetails => "errors-refusal-interpreter-personal-details",
            Refusal::SessionBlocksAgencyOnly => "errors-refusal-session-blocks-agency-only",
            Refusal::OptionRange {
                option,
                value,
                min,
                max,
            } => {
                a.set("option", option)
                    .set("value", value)
                    .set("min", min)
                    .set("max", max);
                "errors-refusal-option-range"
            }
            Refusal::PlanTarget { value } => {
                a.set("value", value);
                "errors-refusal-plan-target"
            }
            Refusal::WhatIf { spec, problem } => {
                a.set("spec", spec);
                what_if_key(*problem)
            }
            Refusal::WhatIfUnknownAgency { spec, id, agencies } => {
                a.set("spec", spec).set("id", id).set("agencies", agencies);
                "errors-refusal-what-if-unknown-agency"
            }
            Refusal::ForecastTooLarge { total, month, max } => {
                a.set("total", *total).set("month", month).set("max", *max);
                "errors-refusal-forecast-too-large"
            }
            Refusal::BaseUrl { url, max } => {
                a.set("url", url).set("max", *max);
                "errors-refusal-base-url"
            }
            Refusal::PublicRender { detail } => {
                a.set("detail", detail);
                "errors-refusal-public-render"
            }
            Refusal::WriteStdout { reason } => {
                a.set("reason", reason);
                "errors-refusal-write-stdout"
            }
            Refusal::CannotWrite { path, reason } => {
                a.set("path", path).set("reason", reason);
                "errors-refusal-cannot-write"
            }
            Refusal::OutNamesNoFile { path } => {
                a.set("path", path);
                "errors-refusal-out-names-no-file"
            }
            Refusal::OutNotAFolder { path } => {
                a.set("path", path);
                "errors-refusal-out-not-a-folder"
            }
            Refusal::InitNotEmpty { path } => {
                a.set("path", path);
                "errors-refusal-init-not-empty"
            }
            Refusal::InitNotAFolder { path } => {
                a.set("path", path);
                "errors-refusal-init-not-a-folder"
            }
            Refusal::DanglingBooking { number, request } => {
                a.set("number", number).set("request", request);
                "errors-refusal-dangling-booking"
            }
            Refusal::JoinText { field, max } => {
                a.set("field", field).set("max", *max);
                "errors-refusal-join-text"
            }
            Refusal::WindowDays { max } => {
                a.set("max", *max);
                "errors-refusal-window-days"
            }
            Refusal::IntakeFile { path, problem } => {
                a.set("path", path).set("detail", problem.render(lang));
                "errors-refusal-intake-file"
            }
            Refusal::IntakeSyntax { path, line, detail } => {
                a.set("path", path).set("line", *line).set("detail", detail);
                "errors-refusal-intake-syntax"
            }
            Refusal::IntakeNotATable { path } => {
                a.set("path", path);
                "errors-refusal-intake-not-a-table"
            }
            Refusal::UnknownStatus { value } => {
                a.set("value", value);
                "errors-refusal-unknown-status"
            }
            Refusal::NotATime { option, value } => {
                a.set("option", option).set("value", value);
                "errors-refusal-not-a-time"
            }
            Refusal::UnknownMode { value } => {
                a.set("value", value);
                "errors-refusal-unknown-mode"
            }
            Refusal::MoveTarget { value } => {
                a.set("value", value);
                "errors-refusal-move-target"
            }
            Refusal::UnknownLanguage { value, suggestion } => {
                a.set("value", value);
                match suggestion {
                    Some(c) => {
                        a.set("suggestion", c.told(lang));
                        "errors-refusal-unknown-language-suggest"
                    }
                    None => "errors-refusal-unknown-language",
                }
            }
            Refusal::UnknownTopic {
                value,
                suggestion,
                choices,
            } => {
                a.set("value", value)
                    .set("choices", Choice::list(choices, lang));
                match suggestion {
                    Some(c) => {
                        a.set("suggestion", c.told(lang));
                        "errors-refusal-unknown-topic-suggest"
                    }
                    None => "errors-refusal-unknown-topic",
                }
            }
            Refusal::Ambiguous {
                what,
                value,
                choices,
            } => {
                a.set("value", value)
                    .set("choices", Choice::list(choices, lang));
                match what {
                    InputKind::Language => "errors-refusal-ambiguous-language",
                    InputKind::Topic => "errors-refusal-ambiguous-topic",
                    InputKind::Interpreter => "errors-refusal-ambiguous-interpreter",
                }
            }
            Refusal::InputDate { option, value } => {
                a.set("option", option).set("value", value);
                "errors-refusal-input-date"
            }
            Refusal::FeedArgs { value } => {
                a.set("value", value);
                "errors-refusal-feed-args"
            }
            Refusal::TimeLimit { value } => {
                a.set("value", value);
                "errors-refusal-time-limit"
            }
            Refusal::UnknownKnobs { value, presets } => {
                a.set("value", value).set("presets", presets);
                "errors-refusal-unknown-knobs"
            }
            Refusal::NotUtf8 { path, offset } => {
                a.set("path", path).set("offset", *offset);
                "errors-refusal-not-utf8"
            }
        };
        (key, a)
    }

    pub fn message(&self, lang: Lang) -> String {
        let lang = lang.staff();
        let (key, args) = self.parts(lang);
        i18n::message(lang, key, Some(&args))
    }
}

/// English, for logs and source chains.
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        Error::Refusal(r)
    }
}

/// Which store errors the user can fix: another process holds the database, or the directory
/// is not (this version's) database. Exhaustive on purpose: a new variant needs a decision.
fn store_refusal(e: &StoreError) -> bool {
    match e {
        StoreError::Locked { .. }
        | StoreError::LockedUnknown(_)
        | StoreError::NewerSchema { .. }
        | StoreError::NotADatabase { .. } => true,
        StoreError::Damaged { .. }
        | StoreError::Encode { .. }
        | StoreError::Open { .. }
        | StoreError::Sled(_)
        | StoreError::Io { .. }
        | StoreError::Recover { .. } => false,
    }
}

impl From<ImportErrors> for Error {
    fn from(errors: ImportErrors) -> Error {
        Error::Invalid {
            what: "imported",
            errors,
        }
    }
}

/// Writing into a `String` fails only if a `Display` impl does: a bug, hence internal.
impl From<std::fmt::Error> for Error {
    fn from(e: std::fmt::Error) -> Error {
        Error::internal("formatting output", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ImportError;
    use std::net::SocketAddr;

    #[test]
    fn every_variant_has_its_code() {
        let addr: SocketAddr = "10.0.0.1:80".parse().unwrap();
        let io = || std::io::Error::other("disk on fire");
        let cases: Vec<(Error, i32)> = vec![
            (Error::refused("no request R-1"), 1),
            (
                ImportErrors(vec![ImportError {
                    file: "f".into(),
                    line: 1,
                    field: "x".into(),
                    message: "bad".into(),
                }])
                .into(),
                1,
            ),
            (
                Error::Unreadable {
                    path: "x".into(),
                    source: ReadError::TooLarge { limit: 1 },
                },
                1,
            ),
            (
                Error::Unreadable {
                    path: "x".into(),
                    source: ReadError::Io(io()),
                },
                2,
            ),
            (Error::Server(ServerError::NotLoopback(addr)), 1),
            (Error::Server(ServerError::Task("panicked".into())), 2),
            (
                Error::Store(StoreError::LockedUnknown(PathBuf::from("db"))),
                1,
            ),
            (
                Error::Store(StoreError::Io {
                    path: "db".into(),
                    source: io(),
                }),
                2,
            ),
            (Error::internal("cannot write out.json", io()), 2),
            (Error::Damaged("restored data does not decode".into()), 2),
        ];
        for (e, code) in cases {
            assert_eq!(e.code(), code, "{e}");
        }
    }

    #[test]
    fn sources_are_kept() {
        let e = Error::internal(
            "cannot write out.json",
            std::io::Error::other("disk on fire"),
        );
        let source = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("disk on fire"));
    }

    /// One of every refusal kind and every store refusal, each told in Japanese and in
    /// English, the two different; and every `errors-refusal-` key of the catalogue is used
    /// by some kind (a kind added to the catalogue but not here fails).
    #[test]
    fn every_refusal_is_told_in_japanese_and_english() {
        let s = |x: &str| x.to_string();
        let refusals = vec![
            Refusal::EmptyDatabase,
            Refusal::UnknownRequest { id: s("R-1") },
            Refusal::UnknownBooking { number: s("B-1") },
            Refusal::UnknownAgency { id: s("bar") },
            Refusal::UnknownInterpreter { id: s("i-1") },
            Refusal::UnknownContact { id: s("C-1") },
            Refusal::StaffExists { name: s("佐藤") },
            Refusal::UnknownStaff { name: s("佐藤") },
            Refusal::BadStaffName { name: s(" ") },
            Refusal::WeakPassword { min: 10 },
            Refusal::PasswordTooLong { max: 1024 },
            Refusal::PasswordsDiffer,
            Refusal::ChangedMeanwhile { what: s("B-00001") },
            Refusal::MonthChanged {
                month: s("2026-12"),
                parts: vec![s("requests"), s("bookings")],
            },
            Refusal::RequestNotWaiting {
                id: s("R-1"),
                status: s("booked"),
            },
            Refusal::PoolTaken {
                interpreter: s("Test Sharma"),
                start: s("2026-12-12 13:00"),
                center: s("prefecture"),
            },
            Refusal::PoolCenterId { center: s("") },
            Refusal::PoolOtherCenter { center: s("city") },
            Refusal::PoolNeverSynced,
            Refusal::PoolUnreachableAllocate {
                url: s("postgres://soudan:***@127.0.0.1:5432/pool"),
                detail: s("connection refused"),
            },
            Refusal::UnknownFeed {
                kind: s("agency"),
                id: s("bar"),
            },
            Refusal::RequestExists {
                source: s("command line"),
                id: s("R-1"),
            },
            Refusal::MissingField {
                source: s("command line"),
                field: s("residence_status"),
                flag: s("residence-status"),
            },
            Refusal::RequestCancelled { id: s("R-1") },
            Refusal::RequestAlreadyCancelled { id: s("R-1") },
            Refusal::ConsultationTookPlace {
                id: s("R-1"),
                number: s("B-1"),
                start: chrono::NaiveDate::from_ymd_opt(2026, 12, 12)
                    .unwrap()
                    .and_hms_opt(13, 0, 0)
                    .unwrap(),
            },
            Refusal::IdCannotChange,
            Refusal::NothingToChange { id: s("R-1") },
            Refusal::ContactAlreadyDone { id: s("C-1") },
            Refusal::BookingCancelled {
                number: s("B-1"),
                status: s("cancelled"),
            },
            Refusal::BookingPast {
                number: s("B-1"),
                start: chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            },
            Refusal::NoOpenSession {
                session: s("bar-2026-12-19"),
            },
            Refusal::NotASessionId { id: s("x") },
            Refusal::PinNotConfirmed { number: s("B-1") },
            Refusal::AlreadyPinned { number: s("B-1") },
            Refusal::NotPinned { number: s("B-1") },
            Refusal::NoSessionOnDate {
                agency: s("bar"),
                date: s("2026-12-19"),
            },
            Refusal::ImportStrands {
                bookings: Vec::new(),
            },
            Refusal::PublicNotUrl {
                flag: "--base-url",
                value: s("ftp://x"),
                max: 200,
            },
            Refusal::PublicNotPhone { value: s("abc") },
            Refusal::RangeReversed {
                from: s("2026-12-10"),
                to: s("2026-12-01"),
            },
            Refusal::RangeTooLong,
            Refusal::SessionInPast {
                date: s("2026-12-01"),
                start: s("09:00"),
                now: s("2026-12-02 10:00"),
            },
            Refusal::SessionStarted {
                session: s("bar-2026-12-01"),
                start: s("2026-12-01 09:00"),
                now: s("2026-12-02 10:00"),
            },
            Refusal::EndNotAfterStart {
                start: s("13:00"),
                end: s("12:00"),
            },
            Refusal::SlotDoesNotFit {
                slot: 90,
                minutes: 60,
            },
            Refusal::BoothsOrModes { min: 1, max: 50 },
            Refusal::SlotOutOfRange {
                session: s("bar-2026-12-19"),
                last: 5,
            },
            Refusal::CannotMove {
                number: s("B-1"),
                session: s("bar-2026-12-19"),
                slot: 2,
                interpreter: None,
                reasons: vec![crate::alloc::Fault::OverBooths {
                    session: s("bar-2026-12-19"),
                    slot: 1,
                    count: 3,
                    booths: 2,
                }],
            },
            Refusal::CannotMove {
                number: s("B-1"),
                session: s("bar-2026-12-19"),
                slot: 2,
                interpreter: Some(s("staff-zh-01")),
                reasons: vec![crate::alloc::Fault::OverBooths {
                    session: s("bar-2026-12-19"),
                    slot: 1,
                    count: 3,
                    booths: 2,
                }],
            },
            Refusal::NoSlotForSubstitutes { number: s("B-1") },
            Refusal::NothingToMoveOnDate {
                agency: s("bar"),
                date: s("2026-12-19"),
            },
            Refusal::NoNextSession {
                agency: s("bar"),
                date: s("2026-12-19"),
            },
            Refusal::MoveSessionSameDate {
                date: s("2026-12-19"),
            },
            Refusal::AgencyPersonalDetails,
            Refusal::InterpreterPersonalDetails,
            Refusal::SessionBlocksAgencyOnly,
            Refusal::OptionRange {
                option: s("samples"),
                value: s("0"),
                min: s("1"),
                max: s("10000"),
            },
            Refusal::PlanTarget { value: s("1.5") },
            Refusal::WhatIfUnknownAgency {
                spec: s("add-session=court"),
                id: s("court"),
                agencies: s("bar, tax"),
            },
            Refusal::ForecastTooLarge {
                total: 90_000,
                month: s("2026-12"),
                max: 20_000,
            },
            Refusal::BaseUrl {
                url: s("ftp://x"),
                max: 200,
            },
            Refusal::PublicRender { detail: s("QR") },
            Refusal::WriteStdout {
                reason: s("Broken pipe"),
            },
            Refusal::CannotWrite {
                path: s("out.html"),
                reason: s("Permission denied"),
            },
            Refusal::OutNamesNoFile { path: s("/") },
            Refusal::OutNotAFolder { path: s("x.txt") },
            Refusal::InitNotEmpty { path: s("folder") },
            Refusal::InitNotAFolder { path: s("x.txt") },
            Refusal::DanglingBooking {
                number: s("B-1"),
                request: s("R-1"),
            },
            Refusal::JoinText {
                field: s("phone"),
                max: 200,
            },
            Refusal::WindowDays { max: 366 },
            Refusal::IntakeFile {
                path: s("in.toml"),
                problem: crate::import::Msg::new("import-not-text").arg("offset", 3),
            },
            Refusal::IntakeSyntax {
                path: s("in.json"),
                line: 2,
                detail: s("expected value"),
            },
            Refusal::IntakeNotATable { path: s("in.json") },
            Refusal::UnknownStatus { value: s("done") },
            Refusal::NotATime {
                option: s("start"),
                value: s("9"),
            },
            Refusal::UnknownMode { value: s("fax") },
            Refusal::MoveTarget { value: s("x") },
            Refusal::UnknownLanguage {
                value: s("x"),
                suggestion: None,
            },
            Refusal::UnknownLanguage {
                value: s("betonamu"),
                suggestion: Some(Choice::new("vi", "ベトナム語", "Vietnamese")),
            },
            Refusal::UnknownTopic {
                value: s("x"),
                suggestion: None,
                choices: vec![Choice::new("labour", "労働", "Labour")],
            },
            Refusal::UnknownTopic {
                value: s("labor"),
                suggestion: Some(Choice::new("labour", "労働", "Labour")),
                choices: vec![Choice::new("labour", "労働", "Labour")],
            },
            Refusal::Ambiguous {
                what: InputKind::Language,
                value: s("ウ"),
                choices: vec![Choice::new("uk", "ウクライナ語", "Ukrainian")],
            },
            Refusal::Ambiguous {
                what: InputKind::Topic,
                value: s("x"),
                choices: vec![Choice::new("labour", "労働", "Labour")],
            },
            Refusal::Ambiguous {
                what: InputKind::Interpreter,
                value: s("Liu"),
                choices: vec![Choice::new("staff-zh-01", "Liu Mei", "Liu Mei")],
            },
            Refusal::InputDate {
                option: s("--date"),
                value: s("x"),
            },
            Refusal::FeedArgs { value: s("x") },
            Refusal::TimeLimit { value: s("-1") },
            Refusal::UnknownKnobs {
                value: s("x"),
                presets: s("plain, random"),
            },
            Refusal::NotUtf8 {
                path: s("i.json"),
                offset: 7,
            },
        ];
        let refusals: Vec<Refusal> = refusals
            .into_iter()
            .chain(WhatIfProblem::ALL.map(|problem| Refusal::WhatIf {
                spec: s("x"),
                problem,
            }))
            .collect();
        let mut used = std::collections::BTreeSet::new();
        for r in &refusals {
            let (key, _) = r.parts(Lang::En);
            used.insert(key);
            assert!(
                i18n::has(Lang::Ja, key) && i18n::has(Lang::En, key),
                "{key}"
            );
            let (ja, en) = (r.message(Lang::Ja), r.message(Lang::En));
            assert_ne!(ja, en, "{key}");
            assert!(!ja.contains("{ $") && !en.contains("{ $"), "{ja} / {en}");
            // Every value given is shown (nothing of the refusal is lost in translation).
            let e = Error::from(r.clone());
            assert_eq!(e.code(), EXIT_REFUSED);
            assert_eq!(e.message(Lang::Ja), ja);
            assert_eq!(e.to_string(), en);
        }
        let catalogue: std::collections::BTreeSet<&str> = i18n::SOURCES
            .iter()
            .filter(|(lang, domain, _)| *lang == "en" && *domain == "errors")
            .flat_map(|(_, _, text)| text.lines())
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .filter(|k| k.starts_with("errors-refusal-"))
            .collect();
        assert_eq!(catalogue, used);

        let holder = crate::store::Holder {
            pid: 4242,
            command: s("soudan serve"),
            since: s("2026-12-01T00:00:00Z"),
        };
        let stores = vec![
            StoreError::Locked {
                dir: "db".into(),
                holder,
            },
            StoreError::LockedUnknown("db".into()),
            StoreError::NewerSchema {
                dir: "db".into(),
                found: 9,
            },
            StoreError::NotADatabase {
                dir: "db".into(),
                reason: s("no conf"),
            },
        ];
        for e in stores.into_iter().map(Error::Store) {
            assert_eq!(e.code(), EXIT_REFUSED);
            let (ja, en) = (e.message(Lang::Ja), e.message(Lang::En));
            assert_ne!(ja, en);
            assert_eq!(en, e.to_string(), "the English text stays the store's own");
        }
        let unreadable = Error::Unreadable {
            path: "x.csv".into(),
            source: ReadError::TooLarge { limit: 1 },
        };
        assert_eq!(unreadable.message(Lang::En), unreadable.to_string());
        assert_eq!(unreadable.message(Lang::Ja), "x.csv を読めません");
        let locked = Error::Store(StoreError::LockedUnknown("db".into()));
        assert!(locked.message(Lang::Ja).contains("使用中"));
        // Internal: a first line in the reader's language, the English detail kept.
        let e = Error::internal(
            "cannot write out.json",
            std::io::Error::other("disk on fire"),
        );
        let ja = e.message(Lang::Ja);
        assert!(ja.starts_with("内部エラー"), "{ja}");
        assert!(ja.contains("cannot write out.json"), "{ja}");
        // Import problems: the header and each message in the reader's language; the
        // `file:line: field:` prefix as in the file.
        let e: Error = ImportErrors(vec![ImportError {
            file: "requests.csv".into(),
            line: 4,
            field: "received".into(),
            message: crate::import::Msg::new("import-not-datetime").arg("value", "昨日"),
        }])
        .into();
        let ja = e.message(Lang::Ja);
        assert!(ja.starts_with("問題が 1 件見つかりました"), "{ja}");
        assert!(
            ja.contains("requests.csv:4: received: `昨日` は日時として読めません"),
            "{ja}"
        );
        assert_eq!(e.message(Lang::En), e.to_string());
    }
}

/// A confirmed booking an import would strand, with the names a coordinator reads
/// ([`Refusal::ImportStrands`]): the agency in both languages, the interpreter it loses as
/// `name (id)` (from the store, since the folder no longer has them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strand {
    pub booking: crate::model::Booking,
    pub agency_ja: String,
    pub agency_en: String,
    /// The interpreter the booking loses (`session_gone` false), as staff know them.
    pub interpreter: Option<String>,
    /// The folder no longer has the booking's session (else: its interpreter is gone).
    pub session_gone: bool,
}

impl Strand {
    /// `予約 B-00020（申込 R-0021）: 宮城県行政書士会 2026年12月5日(土) 13:45-14:30 — …`.
    pub fn words(&self, lang: Lang) -> String {
        let b = &self.booking;
        let mut l = i18n::Args::new();
        l.set("number", b.number.as_str())
            .set("request", b.request.as_str())
            .set(
                "agency",
                if lang == Lang::En {
                    self.agency_en.as_str()
                } else {
                    self.agency_ja.as_str()
                },
            )
            .set("when", crate::words::date_span(lang, b.start, b.end));
        match (&self.interpreter, self.session_gone) {
            (Some(i), false) => {
                l.set("interpreter", i.as_str());
                i18n::message(lang, "errors-strand-interpreter", Some(&l))
            }
            _ => i18n::message(lang, "errors-strand-session", Some(&l)),
        }
    }
}
