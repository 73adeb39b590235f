//! The console's choosing pages (issue 23): place a waiting request, move a booking by a
//! listed choice, give a booking another interpreter, allocate with a preview and a confirm
//! (a stale confirm refused, nothing applied), the month's outputs; `<script>` in a resident's
//! name escaped; a viewer's POST refused. `Console::handle` is called directly on a real sled
//! database made from the Sendai sample (December 2026, the clock on 12-02). And the oracle of
//! `ops::move_choices`: every choice it lists is accepted by the check of `booking move`, and
//! every candidate it leaves out is refused by it.

use soudan::console::{Console, ConsoleOptions, Method, Request, Response, SESSION_COOKIE};
use soudan::model::{BookingStatus, EventKind, Mode, Month, RequestStatus, Role};
use soudan::ops::{self, AllocateOptions, ChoicesFor, Ctx, MoveTo};
use soudan::store::Batch;
use std::path::Path;
use std::time::Instant;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-02T09:00:00+09:00")
        .unwrap()
        .to_utc()
}

fn month() -> Month {
    "2026-12".parse().unwrap()
}

const PASSWORD: &str = "console pages password";

/// The sample for December, allocated or not, with a coordinator 佐藤 and a viewer 鈴木.
fn database(dir: &Path, allocated: bool) {
    let ctx = Ctx::open(dir, "test").unwrap();
    ops::load_sample(&ctx, month(), now()).unwrap();
    if allocated {
        ops::allocate(&ctx, month(), AllocateOptions::default(), now()).unwrap();
    }
    ops::staff_add(&ctx, "佐藤", Role::Coordinator, PASSWORD, now()).unwrap();
    ops::staff_add(&ctx, "鈴木", Role::Viewer, PASSWORD, now()).unwrap();
}

fn request(
    method: Method,
    target: &str,
    cookies: &[(String, String)],
    form: &[(&str, &str)],
) -> Request {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Request {
        method,
        path: path.into(),
        query: query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        cookies: cookies.to_vec(),
        form: form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        client: None,
    }
}

struct Logged {
    console: Console,
    jar: Vec<(String, String)>,
    csrf: String,
}

fn cookie(r: &Response, name: &str) -> String {
    r.headers
        .iter()
        .filter(|(n, _)| *n == "set-cookie")
        .find_map(|(_, v)| {
            v.strip_prefix(&format!("{name}="))?
                .split(';')
                .next()
                .map(str::to_string)
        })
        .unwrap()
}

fn location(r: &Response) -> Option<&str> {
    r.headers
        .iter()
        .find(|(n, _)| *n == "location")
        .map(|(_, v)| v.as_str())
}

fn body(r: &Response) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

/// The value of the first `name="NAME" value="..."` after `from` in `html`.
fn value_after(html: &str, from: &str, name: &str) -> Option<String> {
    let rest = &html[html.find(from)?..];
    let needle = format!("name=\"{name}\" value=\"");
    let at = rest.find(&needle)? + needle.len();
    Some(rest[at..].split('"').next()?.replace("&amp;", "&"))
}

fn login(dir: &Path, user: &str) -> Logged {
    let console = Console::new(
        dir.to_path_buf(),
        ConsoleOptions {
            now: Some(now()),
            ..ConsoleOptions::default()
        },
    );
    let page = console.handle(&request(Method::Get, "/login", &[], &[]));
    let token = cookie(&page, "soudan_login");
    let jar = vec![("soudan_login".to_string(), token.clone())];
    let done = console.handle(&request(
        Method::Post,
        "/login",
        &jar,
        &[("csrf", &token), ("user", user), ("password", PASSWORD)],
    ));
    assert_eq!(done.status, 303, "login");
    let jar = vec![(SESSION_COOKIE.to_string(), cookie(&done, SESSION_COOKIE))];
    let home = console.handle(&request(Method::Get, "/", &jar, &[]));
    let csrf = value_after(&body(&home), "<form", "csrf").unwrap();
    Logged { console, jar, csrf }
}

impl Logged {
    fn get(&self, target: &str) -> Response {
        self.console
            .handle(&request(Method::Get, target, &self.jar, &[]))
    }
    fn post(&self, target: &str, fields: &[(&str, &str)]) -> Response {
        let mut form = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.console
            .handle(&request(Method::Post, target, &self.jar, &form))
    }
}

fn raw(dir: &Path) -> Vec<(soudan::store::Table, soudan::store::RawRows)> {
    let ctx = Ctx::open(dir, "test").unwrap();
    ctx.store().export_raw().unwrap()
}

fn waiting_ids(dir: &Path) -> Vec<String> {
    let ctx = Ctx::open(dir, "test").unwrap();
    ctx.store()
        .requests()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == RequestStatus::Waiting)
        .map(|r| r.id)
        .collect()
}

/// The first waiting request with at least one place listed, its page and first choice.
fn placeable(dir: &Path, s: &Logged) -> (String, String, String) {
    for id in waiting_ids(dir) {
        let page = s.get(&format!("/requests/{id}/place"));
        assert_eq!(page.status, 200, "{}", body(&page));
        let html = body(&page);
        if let Some(choice) = value_after(&html, "<form class=\"choice\"", "choice") {
            let version = value_after(&html, "<form class=\"choice\"", "version").unwrap();
            return (id, choice, version);
        }
    }
    panic!("some waiting request of the sample can be placed by hand");
}

#[test]
fn place_books_the_waiting_request_there_pinned_with_its_history() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let s = login(tmp.path(), "佐藤");
    let (id, choice, version) = placeable(tmp.path(), &s);
    let done = s.post(
        &format!("/requests/{id}/place"),
        &[("choice", &choice), ("version", &version)],
    );
    assert_eq!(done.status, 303, "{}", body(&done));
    let location = location(&done).unwrap().to_string();
    assert!(
        location.starts_with(&format!("/console/requests/{id}?placed=B-")),
        "{location}"
    );
    let ctx = Ctx::open(tmp.path(), "test").unwrap();
    let to = ops::parse_choice(&choice).unwrap();
    let b = ctx
        .store()
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.request == id && b.status == BookingStatus::Confirmed)
        .expect("the request has a confirmed booking");
    assert_eq!(Some((b.session.clone(), b.slot)), to.place);
    assert_eq!(b.interpreter, to.interpreter.filter(|i| !i.is_empty()));
    assert_eq!(b.mode, to.mode);
    assert!(ctx.store().pins().unwrap().contains(&b.number), "pinned");
    assert_eq!(
        ctx.store().request(&id).unwrap().unwrap().status,
        RequestStatus::Booked
    );
    let placed = ops::history(&ctx, &id)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EventKind::Placed)
        .expect("a placement event");
    assert_eq!(placed.by.as_deref(), Some("佐藤"));
    drop(ctx);
    // The request page after the redirect: the booking and its slip button.
    let page = s.get(location.strip_prefix("/console").unwrap());
    let html = body(&page);
    assert!(html.contains(&b.number) && html.contains("/slip"), "{html}");
    // The same form again is stale: refused, nothing changed.
    let before = raw(tmp.path());
    let again = s.post(
        &format!("/requests/{id}/place"),
        &[("choice", &choice), ("version", &version)],
    );
    assert_eq!(again.status, 409, "{}", body(&again));
    assert_eq!(raw(tmp.path()), before);
}

/// A confirmed booking of the sample that has somewhere to move, its page's first choice.
fn movable(dir: &Path, s: &Logged) -> (String, String, String, String) {
    let ctx = Ctx::open(dir, "test").unwrap();
    let bookings = ctx.store().bookings().unwrap();
    drop(ctx);
    for b in bookings.iter().filter(|b| {
        b.status == BookingStatus::Confirmed && b.start.date().to_string().as_str() > "2026-12-04"
    }) {
        let page = s.get(&format!("/bookings/{}/move", b.number));
        assert_eq!(page.status, 200, "{}", body(&page));
        let html = body(&page);
        if let Some(choice) = value_after(&html, "<form class=\"choice\"", "choice") {
            let version = value_after(&html, "<form class=\"choice\"", "version").unwrap();
            return (b.number.clone(), b.request.clone(), choice, version);
        }
    }
    panic!("some booking can move");
}

#[test]
fn move_by_a_listed_choice_and_substitute_by_a_ranked_interpreter() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let s = login(tmp.path(), "佐藤");
    let (number, request, choice, version) = movable(tmp.path(), &s);
    let done = s.post(
        &format!("/bookings/{number}/move"),
        &[("choice", &choice), ("version", &version)],
    );
    assert_eq!(done.status, 303, "{}", body(&done));
    assert_eq!(
        location(&done),
        Some(format!("/console/requests/{request}?moved={number}").as_str())
    );
    let to = ops::parse_choice(&choice).unwrap();
    let ctx = Ctx::open(tmp.path(), "test").unwrap();
    let b = ctx
        .store()
        .bookings()
        .unwrap()
        .into_iter()
        .find(|b| b.number == number)
        .unwrap();
    assert_eq!(Some((b.session.clone(), b.slot)), to.place);
    assert_eq!(b.interpreter, to.interpreter.filter(|i| !i.is_empty()));
    assert!(ctx.store().pins().unwrap().contains(&number));
    let bookings = ctx.store().bookings().unwrap();
    drop(ctx);

    // Substitute: the first booking with an interpreter who can take its slot instead.
    let mut done_one = false;
    for b in bookings.iter().filter(|b| {
        b.status == BookingStatus::Confirmed
            && b.interpreter.is_some()
            && b.start.date().to_string().as_str() > "2026-12-04"
    }) {
        let page = s.get(&format!("/bookings/{}/substitute", b.number));
        assert_eq!(page.status, 200, "{}", body(&page));
        let html = body(&page);
        let Some(interpreter) = value_after(&html, "<form class=\"substitute\"", "interpreter")
        else {
            continue;
        };
        let version = value_after(&html, "<form class=\"substitute\"", "version").unwrap();
        let done = s.post(
            &format!("/bookings/{}/substitute", b.number),
            &[("interpreter", &interpreter), ("version", &version)],
        );
        assert_eq!(done.status, 303, "{}", body(&done));
        let ctx = Ctx::open(tmp.path(), "test").unwrap();
        let after = ctx
            .store()
            .bookings()
            .unwrap()
            .into_iter()
            .find(|x| x.number == b.number)
            .unwrap();
        assert_eq!(after.interpreter.as_deref(), Some(interpreter.as_str()));
        assert_eq!(
            (after.session.clone(), after.slot),
            (b.session.clone(), b.slot)
        );
        done_one = true;
        break;
    }
    assert!(done_one, "some booking of the sample has a substitute");
}

#[test]
fn allocate_preview_changes_nothing_confirm_commits_a_stale_confirm_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), false);
    let s = login(tmp.path(), "佐藤");
    let before = raw(tmp.path());
    let preview = s.get("/allocate?month=2026-12");
    assert_eq!(preview.status, 200, "{}", body(&preview));
    let html = body(&preview);
    assert!(html.contains("<form id=\"confirm\""), "{html}");
    assert_eq!(raw(tmp.path()), before, "a preview changes nothing");
    let version = value_after(&html, "<form id=\"confirm\"", "version").unwrap();

    // Something changes meanwhile (a pin, as `soudan booking pin` would): refused, 409.
    let stale = tempfile::tempdir().unwrap();
    copy_dir(tmp.path(), stale.path());
    {
        let ctx = Ctx::open(stale.path(), "test").unwrap();
        let r = ctx.store().requests().unwrap().remove(0);
        let mut batch = Batch::new();
        batch
            .put_request(&soudan::model::Request {
                priority: soudan::model::Priority::High,
                ..r
            })
            .unwrap();
        ctx.store().commit(batch).unwrap();
    }
    let s2 = login(stale.path(), "佐藤");
    let changed = raw(stale.path());
    let refused = s2.post("/allocate", &[("month", "2026-12"), ("version", &version)]);
    assert_eq!(refused.status, 409, "{}", body(&refused));
    assert!(
        body(&refused).contains("申込"),
        "says what changed: {}",
        body(&refused)
    );
    assert_eq!(raw(stale.path()), changed, "nothing applied");

    // Unchanged: the confirm commits.
    // POST-redirect-GET: 303 to a page that shows the outcome; reloading it posts nothing.
    let done = s.post("/allocate", &[("month", "2026-12"), ("version", &version)]);
    assert_eq!(done.status, 303, "{}", body(&done));
    let location = done.header("location").unwrap().to_string();
    assert!(
        location.starts_with("/console/allocate/done?month=2026-12"),
        "{location}"
    );
    let committed = raw(tmp.path());
    assert_ne!(committed, before, "the confirm committed");
    let target = location.strip_prefix("/console").unwrap();
    for _ in 0..2 {
        let shown = s.get(target);
        assert_eq!(shown.status, 200, "{}", body(&shown));
        let html = body(&shown);
        assert!(html.contains("割り当てを確定しました"), "{html}");
        assert!(html.contains("/console/contacts"), "{html}");
        assert_eq!(
            raw(tmp.path()),
            committed,
            "showing the outcome changes nothing"
        );
    }
    let ctx = Ctx::open(tmp.path(), "test").unwrap();
    assert!(
        ctx.store()
            .bookings()
            .unwrap()
            .iter()
            .any(|b| b.status == BookingStatus::Confirmed),
        "the confirm made bookings"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn names_are_escaped_and_a_viewer_cannot_change_anything() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let waiting = waiting_ids(tmp.path());
    {
        let ctx = Ctx::open(tmp.path(), "test").unwrap();
        let mut batch = Batch::new();
        for r in ctx.store().requests().unwrap() {
            let mut r = r;
            r.contact.name = evil.to_string();
            batch.put_request(&r).unwrap();
        }
        ctx.store().commit(batch).unwrap();
    }
    let s = login(tmp.path(), "佐藤");
    let (number, _, _, _) = movable(tmp.path(), &s);
    for target in [
        format!("/requests/{}/place", waiting[0]),
        format!("/bookings/{number}/move"),
        format!("/bookings/{number}/substitute"),
        "/allocate?month=2026-12".to_string(),
        "/report?month=2026-12".to_string(),
        "/public".to_string(),
    ] {
        let r = s.get(&target);
        assert_eq!(r.status, 200, "{target}: {}", body(&r));
        let html = body(&r);
        assert!(
            !html.contains("<script") && !html.contains("<img src=x"),
            "{target} shows the name unescaped"
        );
    }
    let r = s.get(&format!("/requests/{}/place", waiting[0]));
    assert!(
        body(&r).contains("&lt;script&gt;"),
        "the name is shown, escaped"
    );

    let viewer = login(tmp.path(), "鈴木");
    let (id, choice, version) = placeable(tmp.path(), &s);
    let before = raw(tmp.path());
    for (target, fields) in [
        (
            format!("/requests/{id}/place"),
            vec![("choice", choice.as_str()), ("version", version.as_str())],
        ),
        (
            "/allocate".to_string(),
            vec![("month", "2026-12"), ("version", "x")],
        ),
        (
            format!("/bookings/{number}/move"),
            vec![("choice", choice.as_str()), ("version", version.as_str())],
        ),
    ] {
        let r = viewer.post(&target, &fields);
        assert_eq!(r.status, 403, "{target}");
    }
    assert_eq!(raw(tmp.path()), before, "a viewer changed nothing");
}

#[test]
fn the_month_pages_are_linked_and_shown() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let s = login(tmp.path(), "佐藤");
    let home = body(&s.get("/"));
    for href in [
        "/console/allocate",
        "/console/view",
        "/console/report",
        "/console/public",
    ] {
        assert!(
            home.contains(&format!("href=\"{href}\"")),
            "{href} in the navigation"
        );
    }
    let view = s.get("/view?month=2026-12");
    assert_eq!(view.status, 200);
    assert!(body(&view).contains("2026"));
    let report = body(&s.get("/report?month=2026-12"));
    assert!(report.contains("<table"), "{report}");
    let public = body(&s.get("/public"));
    assert!(public.contains("href=\"/public/index.html\""), "{public}");
}

/// The oracle: on the sample month, every listed choice is accepted by the check of `booking
/// move` / `request place` (`ops::hand_place_check`, which changes nothing), and every
/// candidate left out (every session, slot, interpreter of the language and mode, and no
/// interpreter) is refused by it. Prints how long the lists took.
#[test]
fn every_listed_choice_is_accepted_and_every_other_candidate_refused() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let waiting = waiting_ids(tmp.path());
    let ctx = Ctx::open(tmp.path(), "test").unwrap();
    let bookings = ctx.store().bookings().unwrap();
    let booking = bookings
        .iter()
        .find(|b| {
            b.status == BookingStatus::Confirmed
                && b.interpreter.is_some()
                && b.start.date().to_string().as_str() > "2026-12-04"
        })
        .unwrap()
        .number
        .clone();
    let mut subjects: Vec<ChoicesFor<'_>> = waiting
        .iter()
        .take(1)
        .map(|id| ChoicesFor::Request(id))
        .collect();
    subjects.push(ChoicesFor::Booking(&booking));
    let center_tz = ctx.zone().unwrap();
    let agencies = ctx.store().agencies().unwrap();
    let interpreters = ctx.store().interpreters().unwrap();
    let closed = ctx.store().closed_days().unwrap();
    let mut listed_total = 0;
    for what in subjects {
        let t = Instant::now();
        let choices = ops::move_choices(&ctx, what, now()).unwrap();
        eprintln!(
            "move_choices({what:?}): {} choices in {:?}",
            choices.choices.len(),
            t.elapsed()
        );
        listed_total += choices.choices.len();
        let listed: std::collections::HashSet<String> =
            choices.choices.iter().map(|c| c.key()).collect();
        for c in &choices.choices {
            let r = ops::hand_place_check(&ctx, what, &c.to(), now());
            assert!(r.is_ok(), "listed {} refused: {r:?}", c.key());
        }
        let language = &choices.request.language;
        let mut tried = 0;
        // Every candidate of the sample month.
        for m in [&month()] {
            for a in &agencies {
                for session in soudan::model::sessions_for_month(a, *m, center_tz, &closed) {
                    for slot in 0..session.slot_count() {
                        let mut options: Vec<(Option<&str>, Option<Mode>)> = vec![(None, None)];
                        for i in interpreters
                            .iter()
                            .filter(|i| i.languages.contains(language))
                        {
                            for mode in Mode::ALL {
                                options.push((Some(i.id.as_str()), Some(mode)));
                            }
                        }
                        for (i, mode) in options {
                            let to = MoveTo {
                                place: Some((session.id.clone(), slot)),
                                interpreter: Some(i.unwrap_or("").to_string()),
                                mode,
                            };
                            let key = format!(
                                "{}/{}/{}/{}",
                                session.id,
                                slot + 1,
                                i.unwrap_or(""),
                                mode.map_or("", |m| m.code())
                            );
                            if listed.contains(&key) {
                                continue;
                            }
                            // The booking's own place is no choice (and no change).
                            if let ChoicesFor::Booking(n) = what {
                                let b = bookings.iter().find(|b| b.number == n).unwrap();
                                if b.session == session.id
                                    && b.slot == slot
                                    && b.interpreter.as_deref() == i
                                    && b.mode == mode
                                {
                                    continue;
                                }
                            }
                            tried += 1;
                            assert!(
                                ops::hand_place_check(&ctx, what, &to, now()).is_err(),
                                "{key} is accepted by the check but not listed"
                            );
                        }
                    }
                }
            }
        }
        assert!(tried > 0);
    }
    assert!(listed_total > 0, "the sample month has places to choose");
}

/// The place and move choices write dates as the CLI does, with the year
/// (`2026年12月5日(土) 13:00-13:45`): a choice in January made in December must not read as
/// this year's. Before, they read `12月5日(土)`.
#[test]
fn choices_are_dated_with_the_year() {
    let tmp = tempfile::tempdir().unwrap();
    database(tmp.path(), true);
    let s = login(tmp.path(), "佐藤");
    // Choices run into the next month (and here the next year).
    let first = month().first_day();
    let years = [
        format!("{}年", chrono::Datelike::year(&first)),
        format!("{}年", chrono::Datelike::year(&month().next().first_day())),
    ];
    let mut seen = 0;
    for id in waiting_ids(tmp.path()) {
        let html = body(&s.get(&format!("/requests/{id}/place")));
        for form in html.split("<form class=\"choice\"").skip(1) {
            let form = form.split("</form>").next().unwrap();
            assert!(
                years.iter().any(|y| form.contains(y.as_str())),
                "a choice without its year: {form}"
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "some choices listed");
}
