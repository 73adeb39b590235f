//! `soudan import`, `soudan status`, `soudan languages`.

use super::output::{ui_lang, warn_published_in};
use crate::error::Result;
use crate::i18n::{self, Lang};
use crate::import::{self, ImportNote};
use crate::model::{Agency, Interpreter, LANGUAGES, Month, RequestStatus};
use crate::ops::change::{self, Change, Field, FieldValue, Item, Record};
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Folder with center.toml, agencies.toml, interpreters.csv and requests.csv.
    pub dir: PathBuf,
    /// For sample folders (center.toml has `reference_month`): the month to move the sample's
    /// dates to. Default: next month.
    #[arg(long)]
    pub month: Option<Month>,
    /// Show what the import would change (and which command-line changes it keeps), write
    /// nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import even if confirmed bookings lose their session or interpreter; they are listed
    /// and re-placed by the next `soudan allocate`.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (or an empty one).
    pub dir: PathBuf,
    /// The month the folder is for (`2027-01`, `2027-1`, `2027/1`, `2027年1月`). Default: next
    /// month.
    #[arg(long)]
    pub month: Option<Month>,
}

/// A month as staff write it (`2027年1月`, `1/2027`).
fn month_words(ui: Lang, m: Month) -> String {
    tr!(
        ui,
        "cli-month-words",
        year = m.year.to_string(),
        month = m.month.to_string()
    )
}

pub fn init(args: InitArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ui = ui_lang(flag, None);
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let header = tr!(ui, "cli-init-file-header", month = month_words(ui, month));
    let done = ops::init_folder(&args.dir, month, &header, now)?;
    println!(
        "{}",
        tr!(
            ui,
            "cli-init-done",
            dir = args.dir.display().to_string(),
            month = month_words(ui, done.month)
        )
    );
    for (file, name) in done.files.iter().zip(import::FILES) {
        let mut a = i18n::Args::new();
        a.set("file", file.display().to_string());
        let key = format!("cli-init-file-{}", name.replace('.', "-"));
        println!("  {}", i18n::message(ui, &key, Some(&a)));
    }
    println!("{}", tr!(ui, "cli-init-excel"));
    println!(
        "{}",
        tr!(ui, "cli-init-next", dir = args.dir.display().to_string())
    );
    Ok(())
}

pub fn import(db: &Path, args: ImportArgs, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let month = args.month.unwrap_or_else(|| ops::next_month(now));
    let mut data = import::load_dir(&args.dir, Some(month))?;
    let ctx = Ctx::open(db, &format!("soudan import {}", args.dir.display()))?;
    let prefix = format!("{}/", args.dir.display());
    let options = ops::ImportOptions {
        dry_run: args.dry_run,
        force: args.force,
    };
    // What the messages below need; the folder itself goes to the import, which drops it
    // before committing.
    let shift_jis_files = std::mem::take(&mut data.shift_jis_files);
    let shifted_days = data.shifted_days;
    let shifted = std::mem::take(&mut data.shifted);
    let reference_month = data.reference_month;
    let (agencies, interpreters) = (data.agencies.clone(), data.interpreters.clone());
    let done = ops::import(&ctx, data, &prefix, options, now)?;
    // After the import: the folder's own `language` is the center default from now on.
    let ui = ui_lang(flag, Some(&ctx));
    if let Some(published) = &done.published {
        warn_published_in(ui, published);
    }
    if args.dry_run {
        if done.diff.iter().all(Change::is_warning) && done.stranded.is_empty() {
            println!("{}", tr!(ui, "cli-import-dry-run-nothing"));
        } else {
            println!("{}", tr!(ui, "cli-import-dry-run-would"));
        }
    }
    // An interpreter the folder no longer lists (a change says they left) is named from the
    // database.
    let mut interpreters = interpreters;
    let listed: std::collections::HashSet<String> =
        interpreters.iter().map(|i| i.id.clone()).collect();
    interpreters.extend(
        ctx.store()
            .interpreters()?
            .into_iter()
            .filter(|i| !listed.contains(&i.id)),
    );
    let names = Names {
        agencies: &agencies,
        interpreters: &interpreters,
    };
    for change in &done.diff {
        println!("  {}", change_line(ui, change, &names));
    }
    for s in &done.stranded {
        let text = tr!(ui, "cli-import-stranded", text = s.words(ui));
        if args.dry_run {
            println!("{}", tr!(ui, "cli-import-would-strand", text = text));
        } else {
            println!("{text}");
        }
    }
    let summary = done.summary;
    for f in &shift_jis_files {
        println!("{}", tr!(ui, "cli-import-shift-jis", file = f.as_str()));
    }
    // Readings worth confirming (era dates, two-digit years): `file:line: field: 令和8年… → 2026-…`.
    for n in &summary.notes {
        println!("{}", note_line(ui, n));
    }
    // The sample shift, file by file: how many records, by how many days, from which month.
    if let (Some(from), true) = (reference_month, shifted_days != 0) {
        for f in &shifted {
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-import-shifted-file",
                    file = f.file.as_str(),
                    rows = f.rows,
                    days = shifted_days,
                    from = month_words(ui, from),
                    to = month_words(ui, month)
                )
            );
        }
        println!("{}", tr!(ui, "cli-import-shifted-hint"));
    }
    if args.dry_run {
        return Ok(());
    }
    println!(
        "{}",
        tr!(
            ui,
            "cli-import-done",
            agencies = summary.agencies,
            interpreters = summary.interpreters,
            new = summary.requests_new,
            unchanged = summary.requests_unchanged,
            feeds = summary.feeds_created,
            db = db.display().to_string()
        )
    );
    Ok(())
}

/// Where the names of a change's records come from: the folder being imported (every record a
/// change names is in it, also on a dry run, when the database does not have it yet), and the
/// database for an interpreter the folder no longer lists.
pub(super) struct Names<'a> {
    pub agencies: &'a [Agency],
    pub interpreters: &'a [Interpreter],
}

/// One reading worth confirming (`import-note`): the same words for `import` and `request add`.
pub(super) fn note_line(ui: Lang, n: &ImportNote) -> String {
    let place = if n.line == 0 {
        n.file.clone()
    } else {
        format!("{}:{}", n.file, n.line)
    };
    tr!(
        ui,
        "import-note",
        place = place,
        field = n.field.as_str(),
        written = n.written.as_str(),
        read = n.read.as_str()
    )
}

/// A record as staff know it: its name, and its id to type back (`機関「仙台弁護士会」（bar）`).
fn record_words(ui: Lang, record: &Record, names: &Names) -> String {
    match record {
        Record::Agency(id) => tr!(
            ui,
            "import-change-agency",
            name = words::agency_name(ui, names.agencies, id),
            id = id.as_str()
        ),
        Record::Interpreter(id) => {
            let name = names
                .interpreters
                .iter()
                .find(|i| &i.id == id)
                .map_or(id.as_str(), |i| i.name.as_str());
            tr!(
                ui,
                "import-change-interpreter",
                name = name,
                id = id.as_str()
            )
        }
        Record::Request(id) => tr!(ui, "import-change-request", id = id.as_str()),
    }
}

/// Words from the catalogue for a key built from a code (`import-field-name`); the unit
/// tests enumerate every code.
fn coded(ui: Lang, prefix: &str, code: &str) -> String {
    i18n::message(ui, &format!("{prefix}{code}"), None)
}

/// [`value_words`], a time zone as people say it (its offset today).
fn field_words(ui: Lang, field: Field, value: &FieldValue) -> String {
    match (field, value) {
        (Field::Timezone, FieldValue::Text(zone)) => words::zone(ui, zone, Utc::now()),
        _ => value_words(ui, value),
    }
}

fn value_words(ui: Lang, value: &FieldValue) -> String {
    let sep = tr!(ui, "cli-list-sep");
    let list = |items: Vec<String>| {
        if items.is_empty() {
            tr!(ui, "import-value-none")
        } else {
            items.join(sep.as_str())
        }
    };
    match value {
        FieldValue::Flag(true) => tr!(ui, "import-value-yes"),
        FieldValue::Flag(false) => tr!(ui, "import-value-no"),
        FieldValue::Text(t) => t.clone(),
        FieldValue::Languages(codes) => {
            list(codes.iter().map(|c| words::lang_name(ui, c)).collect())
        }
        FieldValue::Modes(modes) => list(modes.iter().map(|m| words::mode_name(ui, *m)).collect()),
        FieldValue::Weekly(windows) => list(
            windows
                .iter()
                .map(|w| {
                    format!(
                        "{} {}",
                        words::weekday(ui, w.day),
                        time_span(w.start, w.end, w.end_of_day)
                    )
                })
                .collect(),
        ),
        FieldValue::Limit(None) => tr!(ui, "import-value-no-limit"),
        FieldValue::Limit(Some(n)) => n.to_string(),
        FieldValue::Costs(c) => tr!(
            ui,
            "import-value-costs",
            in_person = c.in_person,
            video = c.video,
            phone = c.phone
        ),
    }
}

fn time_span(start: NaiveTime, end: NaiveTime, end_of_day: bool) -> String {
    let end = if end_of_day {
        "24:00".to_string()
    } else {
        end.format("%H:%M").to_string()
    };
    format!("{}-{end}", start.format("%H:%M"))
}

/// A set's items: runs of consecutive dates as one range each, windows one by one.
fn items_words(ui: Lang, items: &[Item]) -> String {
    let dates: Vec<NaiveDate> = items
        .iter()
        .filter_map(|i| match i {
            Item::Date(d) => Some(*d),
            Item::Window { .. } => None,
        })
        .collect();
    let mut out: Vec<String> = change::date_runs(&dates)
        .into_iter()
        .map(|(first, last)| words::date_range(ui, first, last))
        .collect();
    for i in items {
        if let Item::Window {
            date,
            start,
            end,
            end_of_day,
        } = i
        {
            out.push(format!(
                "{} {}",
                words::date(ui, *date),
                time_span(*start, *end, *end_of_day)
            ));
        }
    }
    out.join(tr!(ui, "cli-list-sep").as_str())
}

/// One change of an import as a line in `ui`.
pub(super) fn change_line(ui: Lang, change: &Change, names: &Names) -> String {
    match change {
        Change::NewDatabase {
            agencies,
            interpreters,
            requests,
        } => tr!(
            ui,
            "import-change-new-database",
            agencies = *agencies,
            interpreters = *interpreters,
            requests = *requests
        ),
        Change::New(record) => tr!(
            ui,
            "import-change-new",
            record = record_words(ui, record, names)
        ),
        Change::Left(record) => tr!(
            ui,
            "import-change-left",
            record = record_words(ui, record, names)
        ),
        Change::NewRequests(count) => tr!(ui, "import-change-new-requests", count = *count),
        Change::PatternsReplaced { agency } => tr!(
            ui,
            "import-change-patterns",
            record = record_words(ui, &Record::Agency(agency.clone()), names)
        ),
        Change::FromFolder {
            record,
            field,
            was,
            now,
        } => tr!(
            ui,
            "import-change-from-folder",
            record = record_words(ui, record, names),
            field = coded(ui, "import-field-", field.code()),
            was = field_words(ui, *field, was),
            now = field_words(ui, *field, now)
        ),
        Change::KeptField {
            record,
            field,
            ours,
            folder,
        } => tr!(
            ui,
            "import-change-kept-field",
            record = record_words(ui, record, names),
            field = coded(ui, "import-field-", field.code()),
            ours = field_words(ui, *field, ours),
            folder = field_words(ui, *field, folder)
        ),
        Change::Set { record, set, parts } => {
            let parts: Vec<String> = parts
                .iter()
                .map(|(outcome, items)| {
                    let mut args = i18n::Args::new();
                    args.set("items", items_words(ui, items));
                    i18n::message(
                        ui,
                        &format!("import-change-set-{}", outcome.code()),
                        Some(&args),
                    )
                })
                .collect();
            tr!(
                ui,
                "import-change-set",
                record = record_words(ui, record, names),
                set = coded(ui, "import-set-", set.code()),
                parts = parts.join(tr!(ui, "import-change-part-sep").as_str())
            )
        }
        Change::Cp932Lost {
            record,
            file,
            line,
            column,
            stored,
            written,
        } => {
            // By id: the folder's name is the one with `?` in it.
            let record = match record {
                Record::Interpreter(id) => tr!(ui, "import-record-interpreter", id = id.as_str()),
                other => record_words(ui, other, names),
            };
            tr!(
                ui,
                "import-change-cp932-lost",
                place = format!("{file}:{line}"),
                field = *column,
                record = record,
                stored = crate::import::for_terminal(stored).into_owned(),
                written = crate::import::for_terminal(written).into_owned()
            )
        }
    }
}

/// A short description of what the database holds, in `ui`.
pub fn describe(ctx: &Ctx, ui: Lang, now: DateTime<Utc>) -> Result<String> {
    use std::fmt::Write;
    let store = ctx.store();
    let mut out = String::new();
    let Some(center) = store.center()? else {
        return Ok(tr!(ui, "cli-status-empty"));
    };
    let agencies = store.agencies()?;
    let interpreters = store.interpreters()?;
    let requests = store.requests()?;
    let bookings = store.bookings()?;
    let (first, second) = if ui == Lang::En {
        (&center.name_en, &center.name_ja)
    } else {
        (&center.name_ja, &center.name_en)
    };
    writeln!(
        out,
        "{first} ({second}), {}",
        words::zone(ui, &center.timezone, now)
    )?;
    writeln!(
        out,
        "{}",
        tr!(ui, "cli-status-agencies", count = agencies.len())
    )?;
    for a in &agencies {
        let topics: Vec<String> = a
            .topics
            .iter()
            .map(|t| words::topic_name(ui, Some(&center), t))
            .collect();
        writeln!(
            out,
            "  {} {} — {}",
            words::pad(&a.id, 12),
            words::agency_name(ui, &agencies, &a.id),
            tr!(
                ui,
                "cli-status-topics",
                topics = topics.join(tr!(ui, "cli-list-sep").as_str())
            )
        )?;
    }
    let mut langs: Vec<&str> = interpreters
        .iter()
        .flat_map(|i| i.languages.iter().map(String::as_str))
        .filter(|l| !center.languages.iter().any(|c| c == l))
        .collect();
    langs.sort_unstable();
    langs.dedup();
    let abroad = interpreters
        .iter()
        .filter(|i| i.timezone != center.timezone)
        .count();
    writeln!(
        out,
        "{}",
        tr!(
            ui,
            "cli-status-interpreters",
            count = interpreters.len(),
            abroad = abroad,
            languages = langs.len()
        )
    )?;
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &requests {
        *by_status.entry(r.status.code()).or_default() += 1;
        if r.status != RequestStatus::Cancelled {
            *by_lang.entry(r.language.as_str()).or_default() += 1;
        }
    }
    let sep = tr!(ui, "cli-list-sep");
    let status: Vec<String> = by_status
        .iter()
        .map(|(k, v)| {
            tr!(
                ui,
                "cli-count-of",
                what = words::code_word(ui, "status", k),
                count = *v
            )
        })
        .collect();
    writeln!(
        out,
        "{}",
        tr!(
            ui,
            "cli-status-requests",
            count = requests.len(),
            detail = status.join(sep.as_str())
        )
    )?;
    let mut top: Vec<(&str, usize)> = by_lang.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(8)
        .map(|(l, n)| {
            tr!(
                ui,
                "cli-count-of",
                what = words::lang_name(ui, l),
                count = *n
            )
        })
        .collect();
    writeln!(
        out,
        "  {}",
        tr!(ui, "cli-status-by-language", list = top.join(sep.as_str()))
    )?;
    let confirmed = bookings
        .iter()
        .filter(|b| b.status == crate::model::BookingStatus::Confirmed)
        .count();
    write!(out, "{}", tr!(ui, "cli-status-bookings", count = confirmed))?;
    Ok(out)
}

pub fn status(db: &Path, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan status")?;
    let ui = ui_lang(flag, Some(&ctx));
    println!("{}", describe(&ctx, ui, now)?);
    Ok(())
}

/// The language table, names in the reader's language first. Languages that also have
/// resident texts (slips, public pages) are marked with their catalogue tag.
pub fn languages(lang: Lang) {
    for l in LANGUAGES {
        let (first, second) = match lang {
            Lang::En => (l.name_en, l.name_ja),
            _ => (l.name_ja, l.name_en),
        };
        let catalogue = Lang::ALL
            .iter()
            .find(|c| c.code() == l.code)
            .map(|c| format!("  [{}]", c.native_name()))
            .unwrap_or_default();
        println!("{:<3} {first}  {second}{catalogue}", l.code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Costs, Mode, WeeklyWindow};
    use crate::ops::change::{Field, Outcome, Set};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Keys built from codes (`import-field-…`, `import-set-…`, `import-change-set-…`) exist
    /// for every code in both staff languages.
    #[test]
    fn every_coded_key_exists() {
        for lang in Lang::STAFF {
            let mut keys: Vec<String> = Field::ALL
                .iter()
                .map(|f| format!("import-field-{}", f.code()))
                .collect();
            keys.extend(Set::ALL.iter().map(|s| format!("import-set-{}", s.code())));
            keys.extend(
                Outcome::ALL
                    .iter()
                    .map(|o| format!("import-change-set-{}", o.code())),
            );
            for key in keys {
                assert!(i18n::has(lang, &key), "{} lacks {key}", lang.code());
            }
        }
    }

    #[test]
    fn a_set_reads_as_ranges_and_windows_with_names() {
        let agencies: Vec<Agency> = Vec::new();
        let interpreters = vec![Interpreter {
            id: "staff-vi-01".into(),
            name: "Nguyen Thi Kim Oanh".into(),
            languages: vec!["vi".into()],
            modes: vec![Mode::InPerson],
            timezone: "Asia/Tokyo".into(),
            weekly: Vec::new(),
            dates_off: Vec::new(),
            extra_windows: Vec::new(),
            max_per_day: None,
            cost: Costs::default(),
        }];
        let names = Names {
            agencies: &agencies,
            interpreters: &interpreters,
        };
        let mut off: Vec<Item> = (14..=31)
            .map(|day| Item::Date(d(&format!("2026-12-{day}"))))
            .collect();
        off.push(Item::Date(d("2026-12-05")));
        off.sort();
        let record = Record::Interpreter("staff-vi-01".into());
        let change = Change::Set {
            record: record.clone(),
            set: Set::DatesOff,
            parts: vec![
                (Outcome::Added, vec![Item::Date(d("2026-12-03"))]),
                (Outcome::Kept, off),
            ],
        };
        assert_eq!(
            change_line(Lang::Ja, &change, &names),
            "通訳者 Nguyen Thi Kim Oanh（staff-vi-01）の休み: 2026年12月3日(木) を追加（フォルダー）。\
             2026年12月5日(土)、2026年12月14日～31日 はそのまま残します（コマンドで追加済み）"
        );
        assert_eq!(
            change_line(Lang::En, &change, &names),
            "interpreter Nguyen Thi Kim Oanh (staff-vi-01), days off: adds Thu 3 Dec 2026 (folder); \
             keeps Sat 5 Dec 2026, 14–31 Dec 2026 (added on the command line)"
        );
        let window = Change::Set {
            record: Record::Agency("bar".into()),
            set: Set::ExtraWindows,
            parts: vec![(
                Outcome::Removed,
                vec![Item::Window {
                    date: d("2026-12-26"),
                    start: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
                    end: NaiveTime::MIN,
                    end_of_day: true,
                }],
            )],
        };
        // An agency the folder does not name shows its id.
        assert_eq!(
            change_line(Lang::En, &window, &names),
            "agency bar (bar), extra hours: removes Sat 26 Dec 2026 18:00-24:00 (folder)"
        );
    }

    #[test]
    fn field_values_read_as_words() {
        let weekly = FieldValue::Weekly(vec![WeeklyWindow {
            day: chrono::Weekday::Sat,
            start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            end_of_day: false,
        }]);
        assert_eq!(value_words(Lang::Ja, &weekly), "土 10:00-17:00");
        assert_eq!(value_words(Lang::En, &weekly), "Sat 10:00-17:00");
        assert_eq!(value_words(Lang::Ja, &FieldValue::Limit(None)), "上限なし");
        assert_eq!(
            value_words(
                Lang::Ja,
                &FieldValue::Languages(vec!["ne".into(), "vi".into()])
            ),
            "ネパール語、ベトナム語"
        );
        assert_eq!(
            value_words(Lang::En, &FieldValue::Modes(vec![Mode::Video, Mode::Phone])),
            "video, phone"
        );
        let costs = FieldValue::Costs(Costs {
            in_person: 3,
            video: 2,
            phone: 1,
        });
        assert_eq!(value_words(Lang::Ja, &costs), "対面 3・ビデオ 2・電話 1");
        assert_eq!(
            value_words(Lang::Ja, &FieldValue::Languages(Vec::new())),
            "なし"
        );
    }
}
