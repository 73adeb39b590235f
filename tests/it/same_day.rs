//! Appointments first, among moves that cannot be avoided: a confirmed resident whose slot
//! cannot be kept goes to another slot on the same day before a later day, even when the later
//! day is cheaper in interpreter cost (which the allocator alone would pick).

use crate::common::{self, ok, tiny};
use std::path::Path;

const AGENCIES: &str = r#"[[agency]]
id = "immigration"
name_ja = "仙台出入国在留管理局"
name_en = "Sendai Regional Immigration Services Bureau"
topics = ["residence"]
languages = ["ja"]

[[agency.session]]
week = 2
weekday = "sat"
start = "10:00"
end = "11:00"
slot_minutes = 60
booths = 1
modes = ["in_person", "phone"]

[[agency.session]]
week = 2
weekday = "sat"
start = "13:00"
end = "14:00"
slot_minutes = 60
booths = 1
modes = ["in_person", "phone"]

[[agency.session]]
week = 4
weekday = "sat"
start = "13:00"
end = "14:00"
slot_minutes = 60
booths = 1
modes = ["in_person", "phone"]
"#;

/// An in-person staff interpreter (cheap, every Saturday) and a phone interpreter (dearer,
/// Saturday mornings only).
const INTERPRETERS: &str = "id,name,languages,modes,timezone,weekly,dates_off,extra_windows,max_per_day,cost_in_person,cost_video,cost_phone
staff-zh,王 テスト,zh,in_person,Asia/Tokyo,sat 09:00-17:00,,,,1,,
phone-zh,李 テスト,zh,phone,Asia/Tokyo,sat 10:00-11:00,,,,,,5
";

const REQUESTS: &str = "id,received,name,contact,language,nationality,residence_status,topic,agency,modes,windows,deadline,priority,summary,tried
R-0001,2026-11-02T10:00,Test Li,090-0000-0001,zh,CN,留学,residence,,in_person;phone,,,normal,留学から就労への変更を希望。,
";

fn folder(dir: &Path) -> std::path::PathBuf {
    let f = dir.join("folder");
    std::fs::create_dir_all(&f).unwrap();
    std::fs::copy(tiny().join("center.toml"), f.join("center.toml")).unwrap();
    std::fs::write(f.join("agencies.toml"), AGENCIES).unwrap();
    std::fs::write(f.join("interpreters.csv"), INTERPRETERS).unwrap();
    std::fs::write(f.join("requests.csv"), REQUESTS).unwrap();
    f
}

fn booking_line(db: &Path) -> String {
    ok(db, &["request", "show", "R-0001"])
        .lines()
        .find(|l| l.starts_with("予約"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_resident_who_loses_their_slot_stays_on_the_same_day() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let f = folder(tmp.path());
    ok(&db, &["import", f.to_str().unwrap(), "--month", "2026-12"]);
    ok(&db, &["allocate", "--month", "2026-12"]);
    // The appointment: 12-12 13:00, in person with the staff interpreter.
    ok(
        &db,
        &[
            "booking",
            "move",
            "B-00001",
            "--to",
            "immigration-2026-12-12-1300/1",
            "--interpreter",
            "staff-zh",
        ],
    );
    ok(&db, &["booking", "unpin", "B-00001"]);
    assert!(
        booking_line(&db).contains("immigration-2026-12-12-1300"),
        "{}",
        booking_line(&db)
    );
    // The staff interpreter is off that day: 13:00 has nobody (the phone interpreter works
    // mornings only). Same day 10:00 by phone costs 5; 12-26 in person costs 1.
    ok(
        &db,
        &[
            "interpreter",
            "unavailable",
            "staff-zh",
            "--from",
            "2026-12-12",
        ],
    );
    let out = ok(&db, &["allocate", "--month", "2026-12"]);
    let line = booking_line(&db);
    assert!(
        line.contains("B-00001") && line.contains("immigration-2026-12-12-1000"),
        "expected the same day at 10:00, got {line}\n{out}"
    );
    assert!(line.contains("phone-zh"), "{line}");
    let check = common::run(&db, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", common::text(&check));
}
