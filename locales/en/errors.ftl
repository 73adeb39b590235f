# What a coordinator is told when soudan refuses (exit 1) or fails (exit 2), with what to do.


errors-invalid-imported = { $count ->
    [one] 1 problem found; nothing was imported:
   *[other] { $count } problems found; nothing was imported:
}
errors-invalid-recorded = { $count ->
    [one] 1 problem found; nothing was recorded:
   *[other] { $count } problems found; nothing was recorded:
}
errors-invalid-changed = { $count ->
    [one] 1 problem found; nothing was changed:
   *[other] { $count } problems found; nothing was changed:
}
errors-internal = internal error (exit code 2): soudan could not finish. Report the detail below to whoever maintains soudan; run `soudan check` if it concerns the database.
errors-store-locked = the database { $dir } is in use by { $holder }.
    {"  "}Wait for that command to finish, or stop it (kill { $pid }) and try again.
errors-store-locked-unknown = the database { $dir } is in use by another soudan process.
    {"  "}Wait for it to finish and try again.
errors-store-newer-schema = the database { $dir } was written by a newer soudan (schema { $found }; this one understands up to { $supported }).
    {"  "}Upgrade soudan; the data has not been touched.
errors-store-not-a-database = { $dir } is not a soudan database: { $reason }
errors-refusal-empty-database = the database is empty: run `soudan import DIR` or `soudan demo` first
errors-refusal-unknown-request = no request { $id }; `soudan request list` shows the requests
errors-refusal-unknown-booking = no booking { $number }; `soudan report` lists the bookings of a month
errors-refusal-unknown-agency = no agency { $id }; `soudan agency list` shows the agencies
errors-refusal-unknown-interpreter = no interpreter { $id }; `soudan interpreter list` shows the interpreters
errors-refusal-unknown-contact = no contact item { $id }; `soudan contact list` shows the open ones
errors-refusal-staff-exists = there is already a staff account "{ $name }"; to change its password, use `soudan staff passwd { $name }`
errors-refusal-unknown-staff = no staff account "{ $name }"; `soudan staff list` shows them
errors-refusal-bad-staff-name = the staff name "{ $name }" cannot be used: give a name of at most 40 characters, not empty, without leading or trailing spaces or control characters
errors-refusal-weak-password = the password is too short: use at least { $min } characters
errors-refusal-password-too-long = the password is too long (at most { $max } bytes)
errors-refusal-passwords-differ = the two passwords entered differ; nothing was changed, run the command again
errors-refusal-changed-meanwhile = { $what } was changed on another screen or by a command after this page was opened; nothing was changed: look at the current state and try again
errors-refusal-month-changed = What the allocation of { $month } reads ({ $parts }) was changed on another screen or by a command after the preview was opened; nothing was changed: open the preview again, check it, then confirm
errors-refusal-request-not-waiting = Request { $id } is "{ $status }": only a waiting request is placed (a booked one is moved)
errors-month-part-requests = requests
errors-month-part-bookings = bookings
errors-month-part-interpreters = interpreters
errors-month-part-agencies = agencies and sessions
errors-month-part-center = the center's settings
errors-month-part-pins = pins
errors-month-part-weights = priority weights
errors-refusal-unknown-feed = no { $kind } feed { $id }; `soudan feeds list` shows the feeds
errors-refusal-request-exists = { $source }: id: request { $id } already exists
errors-refusal-missing-field = { $source }: { $field }: missing (give --{ $flag } or put it in --from)
errors-refusal-request-cancelled = request { $id } is cancelled; record a new request instead
errors-refusal-request-already-cancelled = request { $id } is already cancelled
errors-refusal-id-cannot-change = the id of a request cannot change
errors-refusal-nothing-to-change = request { $id }: nothing to change
errors-refusal-contact-done = { $id } is already done
errors-refusal-booking-cancelled = booking { $number } is cancelled (its request is { $status }); record a new request instead
errors-refusal-booking-past = booking { $number } started at { $start }: it is history and stays as it was (calendars, report). For another consultation, record a new request (`soudan request add`)
errors-refusal-consultation-took-place = request { $id } is history: its booking { $number } started at { $start }, and the consultation stays on record as it was (calendars, report). For another consultation, record a new request (`soudan request add`)
errors-refusal-no-open-session = no open session { $session } (it does not exist, or it has started)
errors-refusal-not-a-session-id = `{ $id }` is not a session id (see `soudan agency list --month YYYY-MM`)
errors-refusal-pin-not-confirmed = booking { $number } is not confirmed; only a confirmed booking can be pinned
errors-refusal-already-pinned = booking { $number } is already pinned
errors-refusal-not-pinned = booking { $number } is not pinned
errors-refusal-no-session-on-date = { $agency } has no session on { $date } (`soudan agency list` shows its sessions)
errors-refusal-import-strands = the folder would leave { $count } confirmed booking(s) without their session or interpreter; nothing was imported:
      { $list }
    If the session or interpreter was removed by mistake, put it back in the folder and import again. If the removal is right, move the bookings first (`soudan booking move NUMBER`) or import with --force (they are then re-placed by the next `soudan allocate`). --dry-run shows every change
errors-refusal-range-reversed = --to { $to } is before --from { $from }
errors-refusal-range-too-long = a range of more than a year; give a shorter one
errors-refusal-session-in-past = a session on { $date } at { $start } would start in the past (it is now { $now } at the center): past sessions are history
errors-refusal-session-started = { $session } started at { $start } (it is now { $now } at the center): sessions that started are history and cannot be cancelled. Bookings of that day not yet started can be moved one by one (`soudan booking move`) or cancelled (`soudan request cancel`)
errors-refusal-end-not-after-start = --end { $end } is not after --start { $start }
errors-refusal-slot-does-not-fit = --slot-minutes { $slot } does not fit the { $minutes }-minute session
errors-refusal-booths-or-modes = --booths must be { $min } to { $max } and --modes not empty
errors-refusal-slot-out-of-range = { $session } has slots 1 to { $last }
errors-refusal-cannot-move = booking { $number } cannot move to { $session } slot { $slot }:
    {"  "}{ $reasons }
errors-refusal-cannot-move-with = booking { $number } cannot move to { $session } slot { $slot } with { $interpreter }:
    {"  "}{ $reasons }
errors-refusal-no-slot-for-substitutes = booking { $number } has no slot any more (its session was cancelled or changed): move its date instead of its interpreter: `soudan agency move-session AGENCY --date DATE` (that day's bookings at once) or `soudan booking move { $number } --to SESSION/SLOT`
errors-refusal-nothing-to-move-on-date = { $agency } has no confirmed booking to move on { $date }; check the date with `soudan agency list`
errors-refusal-no-next-session = { $agency } has no session after { $date }: add one with `soudan agency add-session { $agency } --date DATE --start HH:MM --end HH:MM`, or say where to move with `--to DATE`
errors-refusal-move-session-same-date = --to { $date }: that is the date the bookings move from; give another date
errors-refusal-agency-personal-details = an agency feed shows personal details when `show_personal_details = true` is set for the agency in agencies.toml; change it there and import
errors-refusal-interpreter-personal-details = interpreter feeds never show residents' personal details
errors-refusal-session-blocks-agency-only = session blocks exist for agency feeds only
errors-refusal-option-range = --{ $option } { $value }: give { $min } to { $max }
errors-refusal-plan-target = --target { $value }: give a share between 0 and 1, e.g. 0.9
errors-refusal-what-if-form = --what-if `{ $spec }`: expected add-session=AGENCY, remove-session=AGENCY or interpreter-hours=LANG[:MODE]:+H
errors-refusal-what-if-agency-id = --what-if `{ $spec }`: name an agency id, e.g. add-session=immigration
errors-refusal-what-if-hours-form = --what-if `{ $spec }`: expected LANG[:MODE]:+H, e.g. ne:+6 or ne:video:-3
errors-refusal-what-if-mode = --what-if `{ $spec }`: mode must be in_person, video or phone
errors-refusal-what-if-language = --what-if `{ $spec }`: name a language code, e.g. ne
errors-refusal-what-if-hours = --what-if `{ $spec }`: hours must be a non-zero number such as +6 or -3
errors-refusal-what-if-unknown-kind = --what-if `{ $spec }`: unknown what-if (add-session, remove-session, interpreter-hours)
errors-refusal-what-if-unknown-agency = --what-if `{ $spec }`: no agency `{ $id }` (agencies: { $agencies })
errors-refusal-forecast-too-large = the forecast is { $total } requests for { $month }; soudan plans up to { $max } a month: is the profile (--profile) one municipality's?
errors-refusal-base-url = --base-url: `{ $url }` is not an http(s) URL of at most { $max } characters
errors-refusal-public-render = cannot make the public output: { $detail }
errors-refusal-write-stdout = writing to standard output: { $reason }
errors-refusal-cannot-write = cannot write { $path }: { $reason }
errors-refusal-out-names-no-file = --out { $path } names no file
errors-refusal-out-not-a-folder = --out { $path }: not a folder (without --lang one file per language is written)
errors-refusal-init-not-empty = the folder { $path } already holds files; nothing is overwritten. Name an empty folder or one that does not exist yet
errors-refusal-init-not-a-folder = { $path } is a file, not a folder. Name the folder to create
errors-refusal-dangling-booking = booking { $number } points at request { $request }, which does not exist (run `soudan check`)
errors-refusal-join-text = --{ $field }: one line of at most { $max } characters
errors-refusal-window-days = --window-days: at most { $max }
errors-refusal-intake-file = { $path }: { $detail }
errors-refusal-intake-syntax = { $path }:{ $line }: not TOML or JSON: { $detail }
errors-refusal-intake-not-a-table = { $path }: expected a table of intake fields
errors-refusal-unknown-status = --status { $value }: expected waiting, booked or cancelled
errors-refusal-not-a-time = --{ $option } { $value }: expected HH:MM, e.g. 13:00
errors-refusal-unknown-mode = --modes: `{ $value }` is not a mode (in_person, video or phone, separated by ;)
errors-refusal-move-target = --to { $value }: expected SESSION/SLOT with the slot counted from 1, e.g. immigration-2026-12-26/2
errors-refusal-feed-args = --feed { $value }: expected KIND ID, the kind agency, interpreter or coordinator, e.g. --feed agency bar
errors-refusal-time-limit = --time-limit { $value }: expected a positive number of seconds
errors-refusal-unknown-knobs = --knobs { $value }: expected { $presets }
errors-refusal-not-utf8 = { $path }: not UTF-8 text (invalid byte at offset { $offset })
errors-unreadable = cannot read { $path }
errors-refusal-public-not-url = { $flag }: `{ $value }` is not an http(s) URL of at most { $max } characters
errors-refusal-public-not-phone = --phone: `{ $value }` is not a phone number (digits, spaces, + - ( ); at most 40 characters)
errors-strand-session = booking { $number } (request { $request }): { $agency } { $when } — this session is no longer in the folder
errors-strand-interpreter = booking { $number } (request { $request }): { $agency } { $when } — interpreter { $interpreter } is no longer in the folder or not available that day
errors-refusal-unknown-language = unknown language "{ $value }": write its English or Japanese name or its code (e.g. Vietnamese, ベトナム語, vi); `soudan languages` lists them; a language without a code is written other:NAME
errors-refusal-unknown-language-suggest = unknown language "{ $value }": did you mean { $suggestion }? `soudan languages` lists them
errors-refusal-unknown-topic = no topic "{ $value }"; choose one of: { $choices }
errors-refusal-unknown-topic-suggest = no topic "{ $value }"; did you mean { $suggestion }? Choose one of: { $choices }
errors-refusal-ambiguous-language = "{ $value }" fits more than one language; write one of: { $choices }
errors-refusal-ambiguous-topic = "{ $value }" fits more than one topic; write one of: { $choices }
errors-refusal-ambiguous-interpreter = "{ $value }" fits more than one interpreter; give the ID: { $choices }
errors-refusal-input-date = { $option } { $value }: not a date (e.g. 2027-01-02, 2027/1/2, 1/2 for the coming one, 令和9年1月2日)

## Broken allocation rules (booking move refusals; slots from 1)
errors-fault-invalid = the allocation input itself is invalid
errors-fault-unknown-request = there is no request { $request }
errors-fault-not-once = { $request } appears { $times } times (must be exactly once)
errors-fault-unknown-session = { $request }: there is no session { $session }
errors-fault-slot-out-of-range = { $request }: session { $session } has no slot { $slot }
errors-fault-topic-not-served = { $request }: the agency of session { $session } does not serve its topic (or the agency asked for)
errors-fault-outside-windows = { $request }: outside the times the resident can come
errors-fault-after-deadline = { $request }: the slot ends after the deadline
errors-fault-interpreter-not-needed = { $request }: no interpreter is needed, so no interpreter or mode can be given
errors-fault-interpreter-needed = { $request }: needs an interpreter and a mode
errors-fault-unknown-interpreter = { $request }: there is no interpreter { $interpreter }
errors-fault-does-not-speak = { $request }: interpreter { $interpreter } does not speak { $language }
errors-fault-mode-not-accepted = { $request }: "{ $mode }" is not accepted by resident, session and interpreter alike
errors-fault-not-available = { $request }: interpreter { $interpreter } is not available at that time
errors-fault-over-booths = session { $session } slot { $slot }: { $count } bookings for { $booths } booths
errors-fault-overlap = interpreter { $interpreter } has overlapping bookings ({ $first } and { $second })
errors-fault-over-max-per-day = interpreter { $interpreter }: { $count } bookings on one date, more than the { $max } allowed
errors-fault-pin-not-kept = { $request }: a pinned booking would change
errors-fault-objective = the allocation's totals do not add up
errors-unreadable-missing = { $path } does not exist: check the file's name and place
errors-unreadable-permission = no permission to read { $path }: check its access rights, or copy it somewhere readable
errors-unreadable-not-a-folder = cannot open { $path }: a part of the path is a file, not a folder; check the path
errors-unreadable-folder = { $path } is a folder: name a file in it
errors-unreadable-special = { $path } is not a regular file (a pipe or device): name a saved file

errors-backup-too-large = { $path } is too large for a soudan backup: name a file written by `soudan backup`. Nothing was changed
errors-backup-bad-header = { $path } is not a soudan backup: name a file written by `soudan backup`. Nothing was changed
errors-backup-damaged = { $path } is damaged or cut short (a failed copy?): name another backup. Nothing was changed
errors-backup-newer = { $path } was written by a newer soudan: restore it with that version. Nothing was changed
errors-backup-damaged-records = { $path } has { $count } unreadable record(s): name another backup. Nothing was restored
errors-backup-inconsistent = the data in { $path } does not hold together ({ $count } problem(s)): name another backup. Nothing was restored
errors-backup-not-empty = { $dir } already holds data: give --force to replace it with the backup (the current data is lost; save it first with `soudan backup`). Nothing was changed
# The shared interpreter pool (PostgreSQL, issue 25)
errors-refusal-pool-taken = interpreter { $interpreter } is booked at { $start } by another center ({ $center }); allocating again without that time did not settle. Nothing was changed: run `soudan allocate` again
errors-refusal-pool-center-id = center id "{ $center }" cannot be used: give an id of 1 to 64 characters without control characters
errors-refusal-pool-other-center = this database is in the interpreter pool as center "{ $center }": to join under another id, run `soudan pool leave` first
errors-refusal-pool-never-synced = the shared interpreter pool cannot be reached and this database has never synced with it, so which interpreters are in the pool is not known. Nothing was changed: run `soudan pool reconcile` while the pool is up, then try again
errors-refusal-pool-unreachable-allocate = the shared interpreter pool ({ $url }) cannot be reached. Nothing was changed. Check that the PostgreSQL server is running, then try again; to allocate without the pool's interpreters, run `soudan allocate --without-pool-interpreters` (detail: { $detail })
errors-pool-unreachable = the shared interpreter pool ({ $url }) cannot be reached. Nothing was changed. Check that the PostgreSQL server is running and reachable, then try again (detail: { $detail })
errors-pool-no-schema = { $url } holds no soudan interpreter pool: run `soudan pool init URL` first
errors-pool-newer-schema = the interpreter pool at { $url } was made by a newer soudan (version { $found }; this soudan knows up to { $supported }): update soudan
errors-pool-older-schema = the interpreter pool at { $url } was made by an older soudan (version { $found }; this soudan needs { $supported }): run `soudan pool init URL` to upgrade it
errors-pool-bad-url = not a PostgreSQL address: { $url } (for example postgres://soudan:PASSWORD@127.0.0.1:5432/pool)
errors-pool-center-taken = center id "{ $center }" is used by another soudan database: choose another id
errors-pool-not-joined = this database (center "{ $center }") is not in the interpreter pool: run `soudan pool join URL --center ID`
errors-pool-taken = interpreters booked first by another center; nothing was changed: { $list }
