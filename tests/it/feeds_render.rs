//! Feed contents: every feed parses, every event is at the right instant (interpreters in
//! DST zones included), privacy, cancellations, UID/SEQUENCE stability, determinism.

use crate::feeds_fixture::check::{ParsedEvent, parse_events};
use crate::feeds_fixture::*;
use soudan::feeds::{self, FeedSet, Lang, RenderedFeed, SkipReason};
use soudan::model::{BookingStatus, FeedKind};

fn render(w: &World) -> FeedSet {
    let set = feeds::render_all(&w.data(), &w.subscriptions).expect("renders");
    assert!(set.failed.is_empty(), "{:?}", set.failed);
    set
}

fn feed<'a>(set: &'a FeedSet, kind: FeedKind, id: &str, lang: Lang) -> &'a RenderedFeed {
    set.feeds
        .iter()
        .find(|f| f.kind == kind && f.id == id && f.lang == lang)
        .unwrap_or_else(|| panic!("feed {kind}/{id}/{lang}"))
}

fn events(f: &RenderedFeed) -> Vec<ParsedEvent> {
    parse_events(&f.body)
}

fn numbers(evs: &[ParsedEvent]) -> Vec<String> {
    evs.iter()
        .filter_map(|e| number_of_uid(&e.uid).map(str::to_owned))
        .filter(|n| n.starts_with("B-"))
        .collect()
}

#[test]
fn every_feed_parses_and_every_event_is_at_the_booked_instant() {
    let w = world();
    let set = render(&w);
    assert_eq!(set.feeds.len(), w.subscriptions.len() * 2);
    let expected = expected_instants();
    let mut checked = 0;
    for f in &set.feeds {
        assert_eq!(f.etag, soudan::publish::etag_of(f.body.as_bytes()));
        let evs = events(f);
        assert_eq!(evs.len(), f.events);
        for e in &evs {
            if e.uid.starts_with("session.") {
                continue;
            }
            let n = number_of_uid(&e.uid).unwrap();
            let (start, end) = expected[n];
            assert_eq!(
                (e.start, e.end),
                (start, end),
                "{} in {}/{}",
                n,
                f.kind,
                f.id
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    // B-0008's session does not exist: not left out, but shown as being rescheduled in the
    // agency and coordinator feeds (and not in its interpreter's).
    assert!(set.skipped.is_empty(), "{:?}", set.skipped);
    for (kind, id) in [
        (FeedKind::Agency, "immigration"),
        (FeedKind::Coordinator, "center"),
    ] {
        let evs = events(feed(&set, kind, id, Lang::En));
        let b8 = evs.iter().find(|e| e.uid.starts_with("B-0008.")).unwrap();
        assert_eq!(b8.status.as_deref(), Some("TENTATIVE"), "{kind}/{id}");
        assert!(
            b8.summary.starts_with("[Rescheduling] [B-0008]"),
            "{}",
            b8.summary
        );
    }
    let vi = events(feed(&set, FeedKind::Interpreter, "staff-vi", Lang::Ja));
    assert!(!numbers(&vi).contains(&"B-0008".to_owned()));
}

#[test]
fn interpreters_see_their_own_zone_across_dst() {
    let w = world();
    let set = render(&w);
    // New York: 13 March 2027 is before the US switch (14 March), 10 April after it.
    let ny = feed(&set, FeedKind::Interpreter, "remote-es-nyc", Lang::Ja);
    assert!(ny.body.contains("X-WR-TIMEZONE:America/New_York\r\n"));
    assert!(
        ny.body
            .contains("DTSTART;TZID=America/New_York:20270312T230000\r\n")
    );
    assert!(
        ny.body
            .contains("DTSTART;TZID=America/New_York:20270410T021500\r\n")
    );
    assert!(
        ny.body
            .contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT")
    );
    // 2026-11-01 06:30Z is the second 01:30 in New York (autumn fold): written in UTC.
    assert!(ny.body.contains("DTSTART:20261101T063000Z\r\n"));
    let evs = events(ny);
    assert_eq!(numbers(&evs), ["B-0006", "B-0002", "B-0004"]);
    assert!(evs.iter().filter(|e| e.tzid.is_some()).count() == 2);

    // Lisbon: 27 March 2027 still WET (+00:00), the switch is on the 28th.
    let lis = feed(&set, FeedKind::Interpreter, "remote-pt-lis", Lang::En);
    assert!(
        lis.body
            .contains("DTSTART;TZID=Europe/Lisbon:20270313T044500\r\n")
    );
    assert!(
        lis.body
            .contains("DTSTART;TZID=Europe/Lisbon:20270327T020000\r\n")
    );
    assert!(lis.body.contains("TZNAME:WEST"));
    assert_eq!(numbers(&events(lis)), ["B-0003", "B-0005"]);

    // São Paulo has had no DST since 2019: one observance, -03.
    let sao = feed(&set, FeedKind::Interpreter, "remote-pt-sao", Lang::Ja);
    assert_eq!(sao.body.matches("TZOFFSETTO:").count(), 1);
    assert!(sao.body.contains("TZOFFSETTO:-0300\r\n"));
    // The cancelled B-0007 is not shown (interpreter subscriptions don't opt in).
    assert_eq!(numbers(&events(sao)), ["B-0011"]);

    // Kathmandu's offset is numeric (+0545): no TZNAME.
    let ktm = feed(&set, FeedKind::Interpreter, "remote-ne-ktm", Lang::Ja);
    assert!(ktm.body.contains("TZOFFSETTO:+0545\r\n") && !ktm.body.contains("TZNAME"));
    assert!(
        ktm.body
            .contains("DTSTART;TZID=Asia/Kathmandu:20261226T064500\r\n")
    );
}

#[test]
fn agency_and_coordinator_feeds_carry_the_intake() {
    let w = world();
    let set = render(&w);
    let imm = feed(&set, FeedKind::Agency, "immigration", Lang::Ja);
    let evs = events(imm);
    assert_eq!(
        numbers(&evs),
        // B-0008 (session gone) stays, as being rescheduled.
        ["B-0001", "B-0009", "B-0008", "B-0002", "B-0003", "B-0004"]
    );
    let b2 = evs.iter().find(|e| e.uid.starts_with("B-0002.")).unwrap();
    assert!(
        b2.description
            .contains("在留資格: 技術・人文知識・国際業務")
    );
    // Sanitised: CRLF and CR became LF, the bell is gone; commas and semicolons survive.
    assert!(
        b2.description.contains(
            "Visa renewal; employer changed, needs advice\nSecond line with a bell\nand CR"
        )
    );
    assert!(b2.description.contains("通訳: remote-es-nyc（映像）"));
    assert!(
        b2.summary
            .starts_with("[B-0002] スペイン語（通訳・映像） 在留資格"),
        "{}",
        b2.summary
    );
    // Session blocks were asked for: December 2026 and January 2027.
    assert_eq!(
        evs.iter().filter(|e| e.uid.starts_with("session.")).count(),
        2
    );
    let en = events(feed(&set, FeedKind::Agency, "immigration", Lang::En));
    let b2 = en.iter().find(|e| e.uid.starts_with("B-0002.")).unwrap();
    // The short topic name of the catalogue (topic id `residence`), not the full one.
    assert!(
        b2.summary
            .starts_with("[B-0002] Spanish (interp. video) Residence"),
        "{}",
        b2.summary
    );
    assert!(b2.description.contains(
        "Residence status: Engineer/Specialist in Humanities/International Services (技術・人文知識・国際業務)"
    ));
    assert!(b2.description.contains("Nationality: Vietnam"));

    let coord = events(feed(&set, FeedKind::Coordinator, "center", Lang::En));
    assert_eq!(
        coord.len(),
        11,
        "every placed booking, the cancelled one and B-0008 (being rescheduled) included"
    );
    let b7 = coord.iter().find(|e| e.uid.starts_with("B-0007.")).unwrap();
    assert_eq!(b7.status.as_deref(), Some("CANCELLED"));
    assert_eq!(b7.sequence, Some(3));
    assert!(b7.summary.starts_with("[Cancelled]"));
}

#[test]
fn names_and_contacts_only_where_enabled() {
    let mut w = world();
    let set = render(&w);
    let has_personal = |f: &RenderedFeed| {
        RESIDENT_NAMES.iter().any(|n| f.body.contains(n)) || f.body.contains(RESIDENT_CONTACT)
    };
    // immigration: subscription and agency both allow it.
    assert!(has_personal(feed(
        &set,
        FeedKind::Agency,
        "immigration",
        Lang::Ja
    )));
    assert!(has_personal(feed(
        &set,
        FeedKind::Coordinator,
        "center",
        Lang::Ja
    )));
    for f in &set.feeds {
        if f.kind == FeedKind::Interpreter {
            assert!(!has_personal(f), "{}", f.id);
            assert!(!f.body.contains("在留資格"), "no intake for interpreters");
            assert!(!f.body.contains("Interpreter NYC") && !f.body.contains("Interpreter SP"));
        }
    }
    // bar: the subscription does not allow it.
    assert!(!has_personal(feed(&set, FeedKind::Agency, "bar", Lang::En)));
    // The subscription allows it, but the agency record does not: still nothing.
    w.subscription_mut(FeedKind::Agency, "bar").personal_details = true;
    let set = render(&w);
    assert!(!has_personal(feed(&set, FeedKind::Agency, "bar", Lang::En)));
    // Switched off for the coordinator and immigration: gone from both.
    w.subscription_mut(FeedKind::Coordinator, "center")
        .personal_details = false;
    w.subscription_mut(FeedKind::Agency, "immigration")
        .personal_details = false;
    let set = render(&w);
    for f in &set.feeds {
        assert!(!has_personal(f), "{}/{}", f.kind, f.id);
        // Interpreter names never appear without personal details.
        assert!(!f.body.contains("Interpreter NYC"));
    }
}

#[test]
fn cancelled_bookings_leave_unless_asked_for() {
    let mut w = world();
    let set = render(&w);
    let imm = events(feed(&set, FeedKind::Agency, "immigration", Lang::Ja));
    assert!(!numbers(&imm).contains(&"B-0007".to_owned()));
    w.subscription_mut(FeedKind::Agency, "immigration")
        .show_cancelled = true;
    let set = render(&w);
    let imm = events(feed(&set, FeedKind::Agency, "immigration", Lang::Ja));
    let b7 = imm.iter().find(|e| e.uid.starts_with("B-0007.")).unwrap();
    assert_eq!(b7.status.as_deref(), Some("CANCELLED"));
    assert!(b7.summary.starts_with("【取消】"));
    let others = imm.iter().filter(|e| !e.uid.starts_with("session."));
    assert!(
        others
            .filter(|e| !e.uid.starts_with("B-0007.") && !e.uid.starts_with("B-0008."))
            .all(|e| e.status.as_deref() == Some("CONFIRMED"))
    );
}

#[test]
fn a_moved_booking_keeps_its_uid_and_raises_its_sequence() {
    let mut w = world();
    let before = render(&w);
    let uid_of = |set: &FeedSet| {
        let evs = events(feed(set, FeedKind::Interpreter, "remote-pt-lis", Lang::Ja));
        let e = evs
            .into_iter()
            .find(|e| e.uid.starts_with("B-0003."))
            .unwrap();
        (e.uid, e.sequence, e.start)
    };
    let (uid0, seq0, start0) = uid_of(&before);
    assert_eq!(uid0, "B-0003.interpreter@soudan");
    w.move_booking("B-0003", "immigration-2027-04-10", 0);
    w.booking_mut("B-0003").updated = utc(2026, 12, 1, 0, 0);
    let after = render(&w);
    let (uid1, seq1, start1) = uid_of(&after);
    assert_eq!(uid0, uid1);
    assert_eq!(seq1, seq0.map(|s| s + 1));
    assert_eq!(start0, jst(2027, 3, 13, 13, 45));
    assert_eq!(start1, jst(2027, 4, 10, 13, 0));
    let body = &feed(&after, FeedKind::Interpreter, "remote-pt-lis", Lang::Ja).body;
    assert!(body.contains("DTSTAMP:20261201T000000Z\r\n"));
    assert!(body.contains("LAST-MODIFIED:20261201T000000Z\r\n"));
    // Only the feeds that show B-0003 changed.
    for (a, b) in before.feeds.iter().zip(&after.feeds) {
        let shows = matches!(
            (a.kind, a.id.as_str()),
            (FeedKind::Interpreter, "remote-pt-lis")
                | (FeedKind::Agency, "immigration")
                | (FeedKind::Coordinator, _)
        );
        assert_eq!(a.etag != b.etag, shows, "{}/{}", a.kind, a.id);
    }
}

#[test]
fn rendering_is_deterministic_and_single_feeds_match() {
    let w = world();
    let a = render(&w);
    let b = render(&w);
    assert_eq!(a.feeds, b.feeds);
    let sub =
        feeds::find_subscription(&w.subscriptions, FeedKind::Interpreter, "remote-es-nyc").unwrap();
    let one = feeds::render_feed(&w.data(), sub, Lang::En).unwrap();
    assert_eq!(
        &one,
        feed(&a, FeedKind::Interpreter, "remote-es-nyc", Lang::En)
    );
    assert!(feeds::find_subscription(&w.subscriptions, FeedKind::Agency, "nobody").is_err());
    // Calendar-level properties.
    let body = &one.body;
    for needle in [
        "VERSION:2.0\r\n",
        "PRODID:-//soudan//consultation feeds//EN\r\n",
        "METHOD:PUBLISH\r\n",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n",
        "X-PUBLISHED-TTL:PT1H\r\n",
        "X-WR-CALNAME:Sendai Multicultural Center | interpreting (remote-es-nyc)\r\n",
    ] {
        assert!(body.contains(needle), "{needle}");
    }
}

#[test]
fn broken_references_are_reported_not_fatal() {
    let mut w = world();
    w.interpreters[1].timezone = "Mars/Olympus".into();
    w.booking_mut("B-0001").slot = 99;
    w.booking_mut("B-0009").request = "R404".into();
    w.booking_mut("B-0010").status = BookingStatus::Cancelled;
    let set = feeds::render_all(&w.data(), &w.subscriptions).unwrap();
    assert_eq!(set.failed.len(), 1);
    assert_eq!(set.failed[0].1, "remote-es-nyc");
    let reasons: Vec<_> = set
        .skipped
        .iter()
        .map(|s| (s.number.as_str(), s.reason))
        .collect();
    // A slot past its session's end is a booking to re-place: shown, marked, not skipped.
    assert!(!reasons.iter().any(|(n, _)| *n == "B-0001"));
    let imm = events(feed(&set, FeedKind::Agency, "immigration", Lang::Ja));
    let b1 = imm.iter().find(|e| e.uid.starts_with("B-0001.")).unwrap();
    assert_eq!(b1.status.as_deref(), Some("TENTATIVE"));
    assert!(b1.summary.starts_with("【再調整中】"), "{}", b1.summary);
    assert!(reasons.contains(&("B-0009", SkipReason::RequestMissing)));
    assert_eq!(set.feeds.len(), (w.subscriptions.len() - 1) * 2);
    w.center.timezone = "Nowhere/Else".into();
    assert!(feeds::render_all(&w.data(), &w.subscriptions).is_err());
}

#[test]
fn a_changed_pattern_is_not_a_silent_shift() {
    let mut w = world();
    // The bureau moves its consultation day to 14:00: same session ids, new slot times.
    // Until allocation moves the bookings, feeds keep the booked times.
    w.agencies[0].patterns[0].start = t(14, 0);
    w.agencies[0].patterns[0].end = t(17, 0);
    let set = render(&w);
    let evs = events(feed(&set, FeedKind::Agency, "immigration", Lang::Ja));
    let b1 = evs.iter().find(|e| e.uid.starts_with("B-0001.")).unwrap();
    assert_eq!(b1.start, jst(2026, 12, 12, 13, 0));
    // ...as needing rearranging: its slot at 13:00 is no longer held (model::Troubles).
    assert_eq!(b1.status.as_deref(), Some("TENTATIVE"));
    // Its session blocks do follow the pattern (they are the pattern).
    let block = evs
        .iter()
        .find(|e| e.uid == "session.immigration-2026-12-12@soudan")
        .unwrap();
    assert_eq!(block.start, jst(2026, 12, 12, 14, 0));
    // A pattern change that removes the day (second -> third Saturday): its confirmed
    // bookings stay, as being rescheduled; the cancelled B-0007 is history and not shown.
    w.agencies[0].patterns[0].week = 3;
    w.agencies[0].patterns[0].start = t(13, 0);
    w.agencies[0].patterns[0].end = t(16, 0);
    let set = render(&w);
    assert!(set.skipped.is_empty(), "{:?}", set.skipped);
    let evs = events(feed(&set, FeedKind::Agency, "immigration", Lang::En));
    let status = |n: &str| {
        evs.iter()
            .find(|e| e.uid.starts_with(&format!("{n}.")))
            .and_then(|e| e.status.clone())
    };
    assert_eq!(status("B-0001").as_deref(), Some("TENTATIVE"));
    assert_eq!(status("B-0007"), None);
    // ...and brings back B-0008, whose 19 December is now the third Saturday.
    assert_eq!(status("B-0008").as_deref(), Some("CONFIRMED"));
}
