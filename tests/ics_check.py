#!/usr/bin/env python3
"""Independent check of soudan's calendar feeds with PyPI `icalendar` (>= 6).

Usage: python3 tests/ics_check.py DIR

DIR holds the feeds (*.ics) and `expected.json`:
    {"files": {"<name>.ics": {"<UID>": {"start": "<RFC 3339 UTC>", "end": "..."}}}}

Every event of every listed file must be listed, and its start and end must be the listed
instants. Zoned times are resolved with the VTIMEZONE *in the file* (to_tz with
lookup_tzid=False), never with Python's own zone database, so this tests our generated
VTIMEZONEs. Also checked: CRLF only, lines of at most 75 octets, no BOM, one VCALENDAR,
a VTIMEZONE for every TZID, no floating times.

Exit status: 0 all good, 1 a check failed, 3 the icalendar package is missing or too old.
"""

import json
import os
import sys
from datetime import datetime, timezone

try:
    import icalendar
    from icalendar import Calendar
except ImportError:
    print("ics_check: the Python package `icalendar` is not installed", file=sys.stderr)
    sys.exit(3)

MAJOR = int(icalendar.__version__.split(".")[0])
if MAJOR < 6:
    print(f"ics_check: icalendar {icalendar.__version__} is too old (need >= 6)", file=sys.stderr)
    sys.exit(3)

failures = []


def fail(msg):
    failures.append(msg)


def check_bytes(name, raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{name}: BOM")
    for i, b in enumerate(raw):
        if b == 0x0D and raw[i + 1 : i + 2] != b"\n":
            fail(f"{name}: bare CR at {i}")
            break
        if b == 0x0A and (i == 0 or raw[i - 1] != 0x0D):
            fail(f"{name}: bare LF at {i}")
            break
    if not raw.endswith(b"\r\n"):
        fail(f"{name}: does not end with CRLF")
    for n, line in enumerate(raw.split(b"\r\n")):
        if len(line) > 75:
            fail(f"{name}: line {n + 1} has {len(line)} octets")
    if raw.count(b"BEGIN:VCALENDAR") != 1:
        fail(f"{name}: not exactly one VCALENDAR")


def parse_instant(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


def resolve(name, prop, zones):
    """The UTC instant of a DTSTART/DTEND property, using the file's VTIMEZONE."""
    raw = prop.to_ical().decode()
    tzid = prop.params.get("TZID")
    if tzid is not None:
        if tzid not in zones:
            fail(f"{name}: TZID {tzid} has no VTIMEZONE")
            return None
        local = datetime.strptime(raw, "%Y%m%dT%H%M%S")
        return local.replace(tzinfo=zones[tzid]).astimezone(timezone.utc)
    if raw.endswith("Z"):
        return datetime.strptime(raw, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    fail(f"{name}: floating or date-only time {raw}")
    return None


def check_file(name, raw, expected):
    check_bytes(name, raw)
    cal = Calendar.from_ical(raw.decode("utf-8"))
    zones = {}
    for vtz in cal.walk("VTIMEZONE"):
        zones[str(vtz["TZID"])] = vtz.to_tz(lookup_tzid=False)
    seen = set()
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        seen.add(uid)
        if uid not in expected:
            fail(f"{name}: unexpected event {uid}")
            continue
        start = resolve(name, ev["DTSTART"], zones)
        end = resolve(name, ev["DTEND"], zones)
        want_start = parse_instant(expected[uid]["start"])
        want_end = parse_instant(expected[uid]["end"])
        if start != want_start:
            fail(f"{name}: {uid} starts {start}, expected {want_start}")
        if end != want_end:
            fail(f"{name}: {uid} ends {end}, expected {want_end}")
        for key in ("DTSTAMP", "UID", "SEQUENCE", "SUMMARY"):
            if key not in ev:
                fail(f"{name}: {uid} has no {key}")
    for uid in expected:
        if uid not in seen:
            fail(f"{name}: missing event {uid}")
    return len(seen)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = sys.argv[1]
    with open(os.path.join(folder, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)["files"]
    events = 0
    for name, uids in sorted(expected.items()):
        with open(os.path.join(folder, name), "rb") as f:
            raw = f.read()
        try:
            events += check_file(name, raw, uids)
        except Exception as e:  # a parser error is a failure of the feed, not of the script
            fail(f"{name}: {type(e).__name__}: {e}")
    for msg in failures:
        print("FAIL", msg)
    print(
        f"ics_check: icalendar {icalendar.__version__}: {len(expected)} files, "
        f"{events} events, {len(failures)} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
