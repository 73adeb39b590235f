//! The console in a real headless Chromium, driven through WebDriver (Debian's
//! `chromium-driver`, the `fantoccini` client): a coordinator's day without typing a command
//! or an id — log in, a walk-in intake for a Nepali speaker, place it, its slip printed on one
//! A4 page, move another booking by choosing a place (its long-form slip on one page), a
//! substitute interpreter, an allocation preview and its confirm, a cancellation — each result
//! read back through the CLI.
//!
//! chromedriver, Chromium, `pdfinfo` and the Noto fonts are needed together. Without them a
//! run outside CI prints a loud warning and passes; under CI (`CI` set) it fails: `.ci/run`
//! installs them.
//!
//! With `SOUDAN_SCREENSHOTS=DIR` the test also writes the README's screenshots
//! (`console-home.png`, `console-intake.png`, 1280 px wide) into DIR:
//! `SOUDAN_SCREENSHOTS=$PWD/docs/img cargo test --test it -- console_browser`.

use crate::browser;
use crate::common::ok;
use crate::console::{Agent, COORDINATOR, PASSWORD, serve_month};
use fantoccini::wd::{PrintConfiguration, PrintSize};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(90);

/// The console's clock: the day before the sample month's first session (tomorrow's residents on
/// the home page).
const NOW: &str = "2026-12-04T09:00:00+09:00";

/// A running chromedriver on loopback; killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let out = Command::new("which").arg(name).output().ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim().to_string()))
}

/// chromedriver and Chromium, or `None` (with a loud warning) outside CI when one is missing;
/// under CI a missing one fails the test.
fn tools() -> Option<(PathBuf, PathBuf)> {
    // Chromium, pdfinfo and the fonts (fails under CI=true itself).
    browser::browser()?;
    let driver = on_path("chromedriver");
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| on_path(n));
    match (driver, chromium) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            let why = "chromedriver (Debian package chromium-driver) is missing";
            if std::env::var_os("CI").is_some() {
                panic!("{why}; CI must install it: apt-get install chromium-driver");
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "\nWARNING: the console browser test was SKIPPED: {why}\n         install: apt-get install chromium chromium-driver fonts-noto-cjk fonts-noto-core poppler-utils\n"
            );
            None
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(exe: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < PATIENCE, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

async fn connect(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1280,1000",
                "--lang=ja",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session");
    client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");
    client
}

/// Waits until the page's path is one `pred` accepts; returns it.
async fn wait_path(c: &Client, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let url = c.current_url().await.unwrap();
        if pred(url.path()) && c.find(Locator::Css("body")).await.is_ok() {
            return url.path().to_string();
        }
        assert!(started.elapsed() < PATIENCE, "{what}: still at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's text. A page still loading (after a click or a form post) replaces its body
/// between the find and the read ("stale element"): read again until it holds still.
async fn body_text(c: &Client) -> String {
    let started = Instant::now();
    loop {
        let read = match c.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match read {
            Ok(text) => return text,
            Err(e) => assert!(started.elapsed() < PATIENCE, "page body unreadable: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The `value` of the first element `css` finds (a choice button: what it would submit).
async fn value_of(c: &Client, css: &str) -> String {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is offered: {e}"));
    e.attr("value")
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{css} has a value"))
}

async fn type_into(c: &Client, css: &str, value: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

/// The page printed as WebDriver prints it (A4, 1 cm margins), written into `dir`. Waits
/// for the page to finish loading; Chromium's printing sometimes fails once right after a
/// navigation ("Printing failed"), so a failure is tried again a few times.
async fn print_a4(c: &Client, dir: &Path, name: &str) -> PathBuf {
    let started = Instant::now();
    let mut tries = 0;
    let pdf = loop {
        let ready = c
            .execute("return document.readyState;", vec![])
            .await
            .unwrap();
        if ready != serde_json::json!("complete") {
            assert!(
                started.elapsed() < PATIENCE,
                "{name} never finished loading"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        tries += 1;
        match c
            .print(
                PrintConfiguration::builder()
                    .size(PrintSize::A4)
                    .build()
                    .unwrap(),
            )
            .await
        {
            Ok(pdf) => break pdf,
            Err(e) if tries < 5 => {
                eprintln!("printing {name} failed, trying again: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("printing {name}: {e}"),
        }
    };
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    file
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

fn confirmed(db: &Path) -> Vec<soudan::model::Booking> {
    soudan::store::Store::open(db, "test")
        .unwrap()
        .bookings()
        .unwrap()
        .into_iter()
        .filter(|b| b.status == soudan::model::BookingStatus::Confirmed)
        .collect()
}

/// The confirmed booking of `request`, read back from the database.
fn booking_of(db: &Path, request: &str) -> Option<soudan::model::Booking> {
    confirmed(db).into_iter().find(|b| b.request == request)
}

/// The waiting requests, by id.
fn waiting(db: &Path) -> std::collections::BTreeSet<String> {
    soudan::store::Store::open(db, "test")
        .unwrap()
        .requests()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == soudan::model::RequestStatus::Waiting)
        .map(|r| r.id)
        .collect()
}

/// Screenshots for the README, when asked for: the top of the page, 1280 px wide, in a
/// taller window.
async fn screenshot(c: &Client, name: &str) {
    c.execute(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        vec![],
    )
    .await
    .unwrap();
    c.set_window_size(1280, 1400).await.unwrap();
    let png = c.screenshot().await.expect("screenshot");
    c.set_window_size(1280, 1000).await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    if let Some(dir) = std::env::var_os("SOUDAN_SCREENSHOTS") {
        std::fs::write(Path::new(&dir).join(name), &png).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_works_the_console_in_a_real_browser() {
    let Some((driver_exe, chromium)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (db, server) = serve_month(dir.path(), NOW);
    // Room to place, move and allocate into: a one-off session of the bar and of the
    // immigration bureau on the last Saturday.
    ok(
        &db,
        &[
            "agency",
            "add-session",
            "bar",
            "--date",
            "2026-12-26",
            "--start",
            "13:00",
            "--end",
            "16:00",
        ],
    );
    ok(
        &db,
        &[
            "agency",
            "add-session",
            "immigration",
            "--date",
            "2026-12-26",
            "--start",
            "10:00",
            "--end",
            "12:00",
        ],
    );
    let base = format!("http://127.0.0.1:{}", server.port);
    let driver = start_driver(&driver_exe);
    let profile = dir.path().join("profile");
    let c = connect(&driver, &chromium, &profile).await;

    // Log in.
    c.goto(&format!("{base}/console/")).await.unwrap();
    wait_path(&c, "anonymous: to the login", |p| p == "/console/login").await;
    type_into(&c, "#user", COORDINATOR).await;
    type_into(&c, "#password", PASSWORD).await;
    c.find(Locator::Css(
        "form[action='/console/login'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_path(&c, "logged in: home", |p| p == "/console/").await;
    let home = body_text(&c).await;
    assert!(home.contains("今日の仕事"), "{home}");
    assert!(
        home.contains(COORDINATOR),
        "the header names who is logged in"
    );
    screenshot(&c, "console-home.png").await;

    // The intake, reached from the navigation.
    c.find(Locator::LinkText("受付"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_path(&c, "the intake form", |p| p == "/console/requests/new").await;
    // The time pickers sit side by side in their row at 1280 px, and nothing overflows.
    let layout = c
        .execute(
            "const f = document.querySelector('select[name=from_sat]').getBoundingClientRect();
             const t = document.querySelector('select[name=to_sat]').getBoundingClientRect();
             return { from_top: f.top, from_bottom: f.bottom, from_right: f.right,
                      to_top: t.top, to_left: t.left,
                      scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                      nepali: [...document.querySelectorAll('#languages option')]
                        .some(o => o.value === 'ネパール語') };",
            vec![],
        )
        .await
        .unwrap();
    let n = |k: &str| layout[k].as_f64().unwrap();
    assert!(
        n("to_top") < n("from_bottom") && n("to_left") >= n("from_right"),
        "the start and end time pickers stack: {layout}"
    );
    assert!(
        n("scroll") <= n("inner"),
        "the intake overflows 1280 px: {layout}"
    );
    assert_eq!(
        layout["nepali"],
        serde_json::json!(true),
        "ネパール語 is offered"
    );

    let resident = "田中 さくら";
    type_into(&c, "#name", resident).await;
    type_into(&c, "#contact", "080-2345-6789").await;
    type_into(&c, "#language", "ネパール語").await;
    type_into(&c, "#nationality", "ネパール").await;
    type_into(&c, "#residence_status", "家族滞在").await;
    c.find(Locator::Css("#topic"))
        .await
        .unwrap()
        .select_by_value("residence")
        .await
        .unwrap();
    type_into(
        &c,
        "#summary",
        "家族滞在から就労の在留資格への変更を相談したい。",
    )
    .await;
    c.find(Locator::Css("input[name=day_sat]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("select[name=from_sat]"))
        .await
        .unwrap()
        .select_by_label("10:00")
        .await
        .unwrap();
    c.find(Locator::Css("select[name=to_sat]"))
        .await
        .unwrap()
        .select_by_label("16:00")
        .await
        .unwrap();
    screenshot(&c, "console-intake.png").await;
    c.find(Locator::Css(
        "form[action='/console/requests'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let page = wait_path(&c, "saved: the request page", |p| {
        p.starts_with("/console/requests/R-")
    })
    .await;
    let id = page.trim_start_matches("/console/requests/").to_string();
    let saved = body_text(&c).await;
    assert!(saved.contains("保存しました"), "{saved}");
    let shown = ok(&db, &["request", "show", &id, "--contact"]);
    assert!(shown.contains(resident), "{shown}");
    assert!(shown.contains("ネパール語"), "{shown}");
    assert!(
        shown.contains("田中 さくら") && shown.contains("家族滞在"),
        "{shown}"
    );
    // The times the resident can come, as the page and `request show` tell them, and as stored.
    assert!(saved.contains("土曜 10:00～16:00"), "{saved}");
    assert!(shown.contains("土曜 10:00～16:00"), "{shown}");
    let stored = soudan::store::Store::open(&db, "test")
        .unwrap()
        .request(&id)
        .unwrap()
        .expect("the request is stored");
    let hm = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(
        stored.windows,
        Some(vec![soudan::model::RequestWindow::Weekly {
            day: chrono::Weekday::Sat,
            times: Some((hm(10, 0), hm(16, 0))),
        }]),
        "Saturdays 10:00-16:00, as picked"
    );

    // Place it now: the first listed place (session, time, interpreter), never a typed id.
    click(&c, "a.place").await;
    wait_path(&c, "place now", |p| {
        p == format!("/console/requests/{id}/place")
    })
    .await;
    let choice = value_of(&c, "form.choice button[name=choice]").await;
    click(&c, "form.choice button[name=choice]").await;
    wait_path(&c, "placed: the request page", |p| {
        p == format!("/console/requests/{id}")
    })
    .await;
    let placed = booking_of(&db, &id).expect("the new request is booked");
    let shown = ok(&db, &["request", "show", &id]);
    assert!(
        shown.contains("予約済み") && shown.contains(&placed.number),
        "{shown}"
    );
    let session = choice.split('/').next().unwrap();
    assert!(
        shown.contains(session),
        "booked in the chosen session {choice}: {shown}"
    );
    let history = ok(&db, &["history", &id]);
    assert!(history.contains(COORDINATOR), "{history}");

    // Its slip, printed from the request page: one A4 page, in Nepali.
    click(
        &c,
        &format!(
            "form[action='/console/bookings/{}/slip'] button",
            placed.number
        ),
    )
    .await;
    wait_path(&c, "the slip", |p| p.ends_with("/slip")).await;
    let slip = body_text(&c).await;
    assert!(slip.contains(&placed.number), "{slip}");
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("ne"), "the resident's language");
    let pdf = print_a4(&c, dir.path(), "slip-new").await;
    assert_eq!(browser::pdf_pages(&pdf), 1, "the slip prints on one page");
    let (w, h) = browser::pdf_page_size(&pdf);
    assert!(
        w.abs_diff(595) <= 1 && h.abs_diff(842) <= 1,
        "A4: {w}×{h} pt"
    );

    // Move another booking by choosing a place. Its first slip was handed over, so the next
    // one is the long form (what changed, old -> new), printed after the move.
    let mut agent = Agent::logged_in(server.port, COORDINATOR, PASSWORD).0;
    let bookings = confirmed(&db);
    let moving = bookings
        .iter()
        .filter(|b| b.request != id && b.agency == "bar")
        .find(|b| {
            agent
                .get(&format!("/console/bookings/{}/move", b.number))
                .text()
                .contains("class=\"choice\"")
        })
        .expect("a bar booking with a free place to move to")
        .clone();
    let number = moving.number.as_str();
    let first = dir.path().join("first.html");
    ok(&db, &["slip", number, "--out", first.to_str().unwrap()]);
    c.goto(&format!("{base}/console/requests/{}", moving.request))
        .await
        .unwrap();
    wait_path(&c, "the booking to move", |p| p.ends_with(&moving.request)).await;
    click(
        &c,
        &format!("a.move[href='/console/bookings/{number}/move']"),
    )
    .await;
    wait_path(&c, "move", |p| p.ends_with("/move")).await;
    let to = value_of(&c, "form.choice button[name=choice]").await;
    click(&c, "form.choice button[name=choice]").await;
    wait_path(&c, "moved: the request page", |p| {
        p.ends_with(&moving.request)
    })
    .await;
    let moved = booking_of(&db, &moving.request).unwrap();
    assert_eq!(moved.number, moving.number, "a move keeps the number");
    assert!(
        (moved.start, moved.slot, &moved.agency) != (moving.start, moving.slot, &moving.agency),
        "moved to {to}: {moving:?} -> {moved:?}"
    );
    let shown = ok(&db, &["request", "show", &moving.request]);
    assert!(
        shown.contains(to.split('/').next().unwrap()),
        "{to}: {shown}"
    );
    let changed = |db: &Path| ok(db, &["slip", number, "--preview"]).contains("class=\"notice\"");
    assert!(changed(&db), "the CLI's next slip says what changed");
    click(
        &c,
        &format!("form[action='/console/bookings/{number}/slip'] button"),
    )
    .await;
    wait_path(&c, "the long slip", |p| p.ends_with("/slip")).await;
    assert!(
        c.find(Locator::Css(".notice")).await.is_ok(),
        "the long form"
    );
    let pdf = print_a4(&c, dir.path(), "slip-moved").await;
    assert_eq!(
        browser::pdf_pages(&pdf),
        1,
        "the long slip prints on one page"
    );
    assert!(
        !changed(&db),
        "the print button records the slip as handed over"
    );

    // A substitute interpreter, from the ranked list.
    let with_interpreter = confirmed(&db)
        .into_iter()
        .filter(|b| b.interpreter.is_some() && b.number != moved.number && b.request != id)
        .find(|b| {
            agent
                .get(&format!("/console/bookings/{}/substitute", b.number))
                .text()
                .contains("class=\"substitute\"")
        })
        .expect("a booking with a substitute interpreter");
    let number = with_interpreter.number.as_str();
    c.goto(&format!(
        "{base}/console/requests/{}",
        with_interpreter.request
    ))
    .await
    .unwrap();
    wait_path(&c, "the booking to re-staff", |p| {
        p.ends_with(&with_interpreter.request)
    })
    .await;
    click(
        &c,
        &format!("a.substitute[href='/console/bookings/{number}/substitute']"),
    )
    .await;
    wait_path(&c, "substitute", |p| p.ends_with("/substitute")).await;
    let chosen = value_of(&c, "form.substitute button[name=interpreter]").await;
    assert_ne!(Some(&chosen), with_interpreter.interpreter.as_ref());
    click(&c, "form.substitute button[name=interpreter]").await;
    wait_path(&c, "substituted: the request page", |p| {
        p.ends_with(&with_interpreter.request)
    })
    .await;
    let now_with = booking_of(&db, &with_interpreter.request).unwrap();
    assert_eq!(
        now_with.interpreter.as_ref(),
        Some(&chosen),
        "the chosen interpreter"
    );
    assert_eq!(
        (now_with.start, now_with.slot),
        (with_interpreter.start, with_interpreter.slot)
    );
    let shown = ok(&db, &["request", "show", &with_interpreter.request]);
    assert!(shown.contains(&chosen), "{shown}");

    // An allocation preview, then its confirm.
    let waiting_before = waiting(&db);
    c.goto(&format!("{base}/console/allocate?month=2026-12"))
        .await
        .unwrap();
    wait_path(&c, "the allocation preview", |p| p == "/console/allocate").await;
    let preview_placed: Vec<String> = serde_json::from_value(
        c.execute(
            "const h = document.querySelector('main h2');
             const t = h && h.nextElementSibling;
             return t && t.tagName === 'TABLE'
               ? [...t.querySelectorAll('a[href^=\"/console/requests/\"]')]
                   .map(a => a.getAttribute('href').split('/').pop())
               : [];",
            vec![],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(waiting(&db), waiting_before, "a preview changes nothing");
    click(&c, "#confirm button[type=submit]").await;
    let started = Instant::now();
    while c.find(Locator::Css("#confirm")).await.is_ok() {
        assert!(started.elapsed() < PATIENCE, "the confirm did not answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let waiting_after = waiting(&db);
    assert!(
        !preview_placed.is_empty(),
        "the preview places someone (the extra sessions)"
    );
    for r in &preview_placed {
        assert!(
            waiting_before.contains(r) && !waiting_after.contains(r),
            "{r} placed as previewed"
        );
        let shown = ok(&db, &["request", "show", r]);
        assert!(shown.contains("予約済み"), "{shown}");
    }
    assert_eq!(
        waiting_before.len() - waiting_after.len(),
        preview_placed.len(),
        "{waiting_before:?} -> {waiting_after:?}"
    );

    // Every resident language of the sample: the console's slip (in that language) fits.
    let requests = soudan::store::Store::open(&db, "test")
        .unwrap()
        .requests()
        .unwrap();
    let mut languages = std::collections::BTreeSet::new();
    for b in confirmed(&db) {
        let Some(r) = requests.iter().find(|r| r.id == b.request) else {
            continue;
        };
        if !languages.insert(r.language.clone()) {
            continue;
        }
        c.goto(&format!("{base}/console/bookings/{}/slip", b.number))
            .await
            .unwrap();
        let pdf = print_a4(&c, dir.path(), &b.number).await;
        assert_eq!(browser::pdf_pages(&pdf), 1, "{} ({})", b.number, r.language);
    }
    assert!(languages.len() >= 10, "{languages:?}");

    // Cancel another request from its page, with a reason.
    let other = confirmed(&db)
        .into_iter()
        .find(|b| ![&id, &moving.request, &with_interpreter.request].contains(&&b.request))
        .unwrap();
    c.goto(&format!("{base}/console/requests/{}", other.request))
        .await
        .unwrap();
    wait_path(&c, "the request to cancel", |p| p.ends_with(&other.request)).await;
    type_into(&c, "#reason", "窓口で解決しました").await;
    c.find(Locator::Css(&format!(
        "form[action='/console/requests/{}/cancel'] button",
        other.request
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let started = Instant::now();
    while !body_text(&c).await.contains("取り消しました") {
        assert!(started.elapsed() < PATIENCE, "no cancel notice");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let shown = ok(&db, &["request", "show", &other.request]);
    assert!(shown.contains("取消"), "{shown}");
    let history = ok(&db, &["history", &other.request]);
    assert!(history.contains("窓口で解決しました"), "{history}");
    assert!(
        history.contains(COORDINATOR),
        "the change names who made it: {history}"
    );

    c.close().await.unwrap();
    drop(driver);
    // The HTTP agent logs in too: the server still answers after the browser session.
    let _ = Agent::logged_in(server.port, COORDINATOR, PASSWORD);
}
