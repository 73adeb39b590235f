# Problems in a coordinator folder. Each completes "file:line: field: ..." (the field is the
# column or key as written in the file). `$value` is the value as written.

import-empty = is empty (required)
import-too-long = is longer than { $max } characters ({ $count } in all)
import-control-character = contains the control character { $code }; remove it
import-negative = `{ $value }` is negative
import-too-large = `{ $value }` is too large (at most { $max })
import-not-number = `{ $value }` is not a whole number
import-not-id = `{ $value }` is not an id (letters, digits, - and _, at most 64)
import-not-time = `{ $value }` is not a time (expected HH:MM, e.g. 13:00)
import-time-seconds = `{ $value }`: give hours and minutes only (seconds must be :00)
import-not-date = `{ $value }` is not a date (expected YYYY-MM-DD, e.g. 2026-12-12)
import-date-ambiguous = `{ $value }` can be read as month/day or as day/month; write the year first: 2026-12-01, 2026/12/01, 2026年12月1日 or 令和8年12月1日
import-date-era = `{ $value }`: only dates of the 令和 (Reiwa) era are accepted; write the Western year, e.g. 2026-12-12
import-date-before-reiwa = `{ $value }` is not a date of 令和 (Reiwa), which began on 2019-05-01 (令和元年5月1日)
import-weekday-mismatch = `{ $value }`: { $date } is a { $weekday }; check the date or the weekday
import-not-datetime = `{ $value }` is not a date and time (expected YYYY-MM-DDTHH:MM, e.g. 2026-11-20T10:15)
import-not-mode = unknown mode `{ $value }` (expected in_person, video or phone)
import-modes-empty = at least one mode is needed (in_person, video, phone)
import-not-time-range = `{ $value }` is not a time range (expected HH:MM-HH:MM)
import-end-not-after-start = `{ $value }`: the end is not after the start
import-not-day = `{ $value }` is not a day (expected mon, tue, wed, thu, fri, sat, sun)
import-not-weekly-window = `{ $value }` is not a weekly window (expected e.g. `mon-fri 09:00-17:00`)
import-not-dated-window = `{ $value }` is not a dated window (expected e.g. `2026-12-13 09:00-12:00`)
import-not-window = `{ $value }` is not a window (expected `sat`, `sat 13:00-17:00`, `2026-12-12` or `2026-12-12 13:00-16:00`)
import-window-no-24 = `{ $value }`: use 23:59 rather than 24:00 here
import-not-priority = unknown priority `{ $value }` (expected normal, high or urgent)
import-not-country = `{ $value }` is not an ISO 3166 country code (two letters, e.g. NP)
import-unknown-topic = unknown topic `{ $value }` (not defined in center.toml)
import-unknown-agency = unknown agency `{ $value }` (not in agencies.toml)
import-agency-topic = agency `{ $agency }` does not handle topic `{ $topic }`
import-duplicate-request = duplicate request id `{ $id }`
import-duplicate-interpreter = duplicate interpreter id `{ $id }`
import-languages-empty = at least one language is needed
import-max-per-day-zero = 0 would never allow an assignment; leave it empty for no limit
import-outside-month = { $date } is outside the folder's reference month { $month }
import-header-unreadable = cannot read the header row: { $detail }
import-file-empty = the file is empty; expected a header row: { $columns }
import-not-header = the first line is not the header row of this file (expected: { $columns }); is this the right file?
import-column-twice = column appears twice
import-column-unnamed = has no name (expected: { $columns })
import-column-unknown = unknown column (expected: { $columns })
import-column-missing = column missing from the header row
import-row-length = row has { $count } fields, the header has { $expected } (a comma inside a field must be quoted, and every quote closed)
import-request-differs = request { $id } is already in the database with different details; change it with `soudan request` commands, or give the new request another id
import-request-field-differs = request { $id } is in the database and this field differs: the database has { $stored_empty ->
        [yes] nothing
       *[no] `{ $stored }`
    }, the file { $written_empty ->
        [yes] nothing
       *[no] `{ $written }`
    }. Change a request with `soudan request edit { $id }` and make the file say the same (give a new request another id)
import-request-dates-differ = dates alone differ ({ $count } requests, the database's all { $days } days later). Were the database's dates read from a sample with its dates moved (reference_month in center.toml)? Put reference_month back and import for the same month, or make a folder for that month with `soudan init FOLDER --month MONTH`
import-lead-days = { $value } is not a number of days from 0 to { $max }
import-not-topic-id = `{ $value }` is not a topic id (use lowercase letters, digits, _ or -)
import-duplicate-topic = duplicate topic id `{ $id }`
import-no-topic = no [[topic]] defined; agencies and requests need topics
import-unknown-language = unknown language code `{ $value }` (expected a BCP 47 code soudan knows, e.g. zh, ne, vi; see `soudan languages`)
import-not-language = `{ $value }` is not a language code (expected an ISO 639 code such as ta or fil, or other:<name>; `soudan languages` lists the usual ones)
import-other-language-name = `{ $value }`: give the language's name after other: (1 to 60 characters), e.g. other:Rohingya
import-unknown-timezone = unknown time zone `{ $value }` (expected an IANA name such as Asia/Tokyo)
import-session-ends-before-start = the session ends ({ $end }) before it starts ({ $start })
import-slot-minutes-range = { $value } is out of range ({ $min } to { $max } minutes)
import-slot-longer-than-session = a { $slot }-minute slot is longer than the { $session }-minute session
import-out-of-range = { $value } is out of range ({ $min } to { $max })
import-no-agency = no [[agency]] defined
import-not-agency-id = `{ $value }` is not an agency id (use lowercase letters, digits, _ or -)
import-duplicate-agency = duplicate agency id `{ $id }`
import-agency-topics-empty = an agency needs at least one topic
import-not-week = { $value } is not a week of the month (1 to 5, or -1 for the last)
import-cancelled-not-a-session-date = { $date } ({ $weekday }) is not a date of this agency's [[agency.session]] patterns, so it would cancel nothing
import-not-text = not UTF-8 or Shift_JIS text (first bad byte at offset { $offset }); in Excel choose "CSV UTF-8 (comma delimited)" when saving
import-file-too-large = too large (the limit is { $mb } MB): is this the right file?
import-unknown-field = unknown field (expected: { $columns })

# What an import changes (`soudan import`, `--dry-run`): one line per record and field.
# `$record` is import-change-agency / import-change-interpreter below; `$items` lists dates
# (consecutive days as one range, "14–31 Dec 2026") or time windows.

import-change-new-database = new database: { $agencies } agencies, { $interpreters } interpreters, { $requests } requests
import-change-agency = agency { $name } ({ $id })
import-change-interpreter = interpreter { $name } ({ $id })
import-change-request = request { $id }
import-record-interpreter = interpreter { $id }
import-change-cp932-lost = warning: { $place }: { $field }: kept { $record }'s `{ $stored }` (the file has `{ $written }`): Excel saved the CSV as Shift_JIS (CP932), which cannot hold those characters and wrote "?" instead. In Excel, save as "CSV UTF-8 (Comma delimited)"
import-change-new = { $record }: new (folder)
import-change-left = { $record }: no longer in the folder, so no longer allocated (the record, bookings and history stay; to bring them back, put the row back in the folder and import again)
import-change-new-requests = requests: { $count } new (folder)
import-change-patterns = { $record }: session patterns replaced (folder)
import-change-from-folder = { $record }, { $field }: { $was } → { $now } (folder)
import-change-kept-field = { $record }, { $field }: keeps { $ours } (changed on the command line; the folder still says { $folder })
import-change-set = { $record }, { $set }: { $parts }
import-change-part-sep = {"; "}
import-change-set-added = adds { $items } (folder)
import-change-set-removed = removes { $items } (folder)
import-change-set-kept = keeps { $items } (added on the command line)
import-change-set-kept-removed = keeps { $items } removed (removed on the command line)

import-field-show-personal-details = personal details in the feed
import-field-name = name
import-field-languages = languages
import-field-modes = modes
import-field-timezone = time zone
import-field-weekly = weekly hours
import-field-max-per-day = daily limit
import-field-cost = cost

import-set-one-off-sessions = one-off sessions
import-set-cancelled = cancelled dates
import-set-dates-off = days off
import-set-extra-windows = extra hours

import-value-yes = yes
import-value-no = no
import-value-none = none
import-value-no-limit = no limit
import-value-costs = in person { $in_person }, video { $video }, phone { $phone }

# A reading worth confirming (era dates, two-digit years). `$place` is `file:line`, `$field`
# the column as written in the file.
import-note = note: { $place }: { $field }: { $written } → { $read }
import-closed-year-end = `{ $value }` is not a year-end closure (expected true, false, or the first and last day such as ["12-29", "01-03"])
import-not-on-closed = `{ $value }` is not what to do on a closed day (expected skip, or next_open: the next open day of the same month)

# Folders and files that cannot be read (what happened, what to do)
import-folder-missing = this folder does not exist: check the path (import takes the folder holding { $files })
import-folder-is-a-file = this is a file, not a folder: name the folder holding { $files }
import-folder-permission = no permission to open this folder: check its access rights, or copy it somewhere readable
import-folder-empty = this folder holds none of the files to import: name the folder holding { $files } (soudan init writes a starting folder)
import-file-missing = missing: put { $name } in this folder
import-file-permission = no permission to read it: check the file's access rights, or close it in Excel and save it again
import-file-is-a-folder = a folder, not a file: { $name } must be a file
import-file-special = not a regular file (a pipe or device): put a file saved from Excel or a text editor here
import-file-unreadable = cannot be read ({ $detail }): check the disk or network drive
