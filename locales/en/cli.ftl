# What the soudan command line prints (staff text: ja and en). Japanese is the default.

## Frames
cli-error = error: { $message }
cli-caused-by =   caused by: { $message }
cli-warn-skipped = warning: { $count } { $count ->
    [one] booking is
   *[other] bookings are
 } left out of the feeds (their request or agency is missing); run `soudan check`
cli-warn-render-failed = warning: the { $kind } feed { $id } could not be rendered: { $error }
cli-warn-revoked = warning: the { $kind } feed { $id } is dark: its secret was revoked by an interrupted `soudan feeds rotate`; run `soudan feeds rotate { $kind } { $id }` to issue its new URL
cli-dry-run = dry run: nothing was written

## Small words
cli-list-sep = {", "}
cli-with-code = { $text } ({ $code })
cli-count-of = { $what } { $count }
cli-none = none
cli-any-agency = any
cli-no-interpreter = no interpreter
cli-interpreter-arranging = being arranged
cli-date-range = { $from } to { $to }

## Closed vocabularies (cli-KIND-CODE; the unit tests of words enumerate every code)
cli-status-waiting = waiting
cli-status-booked = booked
cli-status-cancelled = cancelled
cli-priority-normal = normal
cli-priority-high = high
cli-priority-urgent = urgent
cli-booking-confirmed = confirmed
cli-booking-cancelled = cancelled
cli-event-received = received
cli-event-placed = placed
cli-event-moved = moved
cli-event-released = released
cli-event-cancelled = cancelled
cli-event-pinned = pinned
cli-event-unpinned = unpinned
cli-event-contacted = contacted
cli-event-edited = edited
cli-reason-no_session_for_topic = no session of an agency covering the topic
cli-reason-deadline_before_sessions = every suitable slot ends after the deadline
cli-reason-outside_windows = no suitable slot inside the times the resident can come
cli-reason-no_interpreter_for_language = no interpreter speaks the language
cli-reason-mode_not_possible = no interpreting mode acceptable to the resident and the session
cli-reason-no_interpreter_available = no interpreter available during a suitable slot
cli-reason-capacity = all suitable places were taken by other bookings
cli-reason-not_allocated = not allocated yet
cli-reason-no_session_left_this_month = every suitable session this month has started or is inside the lead time, and there is none next month
cli-reason-no_session_left_this_month-next = every suitable session this month has started or is inside the lead time; the soonest next month is { $agency } on { $date }
cli-overdue = overdue (deadline { $deadline }). Call the resident, then extend the deadline (soudan request edit { $request } --deadline DATE) or withdraw it (soudan request cancel { $request })
cli-status-overdue = waiting, overdue
cli-check-overdue = { $request } is still waiting after its deadline ({ $deadline }): call the resident, then run soudan request edit { $request } --deadline DATE or soudan request cancel { $request }
cli-check-closed-day = session { $session } ({ $agency }) is on { $date }, a day the center is closed ({ $reason }): if it is held anyway, leave it; if not, run soudan agency cancel-session { $id } --date { $day } (soudan allocate then moves its bookings)
cli-closed-year-end = the year-end closure
cli-closed-center = a closed day of the center
cli-closed-holiday = a national holiday, { $name }

## import
cli-import-dry-run-nothing = dry run: nothing was written. The folder matches the database: nothing to change.
cli-import-dry-run-would = dry run: nothing was written. The import would:
cli-import-stranded = stranded: { $text }; `soudan allocate` re-places it
cli-import-would-strand = would be { $text }
cli-import-shift-jis = note: { $file } was read as Shift_JIS (CP932)
cli-import-shifted-file = note: { $file }: dates of { $rows } records moved by { $days } days (the sample's { $from } to { $to })
cli-import-shifted-hint = note: only a sample folder (center.toml has reference_month) has its dates moved. Make a folder for a real month with `soudan init FOLDER --month MONTH` (its dates are read as written)
cli-month-words = { $month }/{ $year }
cli-init-file-header = Made by soudan init for { $month } (the Sendai sample, its dates moved to { $month }).
    Dates of December 2026 in the comments below are the sample's original ones. The dates in this folder are read as written.
cli-init-done = wrote a coordinator folder for { $month } to { $dir } (the Sendai sample, its dates moved to { $month }):
cli-init-file-center-toml = { $file } — the center, topics and closed days
cli-init-file-agencies-toml = { $file } — partner agencies and their monthly sessions
cli-init-file-interpreters-csv = { $file } — interpreters (languages, modes, hours, days off)
cli-init-file-requests-csv = { $file } — requests (the sample's 80; replace them with your center's)
cli-init-excel = The CSV files open in Excel. Save them as "CSV UTF-8 (Comma delimited)" (plain "CSV" is Shift_JIS, which turns characters Japanese has not into "?")
cli-init-next = next: soudan import { $dir }
cli-import-done = imported { $agencies } agencies, { $interpreters } interpreters, { $new } new requests ({ $unchanged } already present), { $feeds } new feeds into { $db }

## status
cli-status-empty = the database is empty: run `soudan demo` or `soudan import DIR`
cli-status-agencies = agencies: { $count }
cli-status-topics = topics: { $topics }
cli-status-interpreters = interpreters: { $count } ({ $abroad } in other time zones), covering { $languages } languages
cli-status-requests = requests: { $count } ({ $detail })
cli-status-by-language = by language: { $list }
cli-status-bookings = bookings: { $count } confirmed

## request
cli-col-request = request
cli-col-received = received
cli-col-language = language
cli-col-topic = topic
cli-col-agency = agency
cli-col-priority = priority
cli-col-status = status
cli-col-booking = booking
cli-field-received = received
cli-field-language = language
cli-field-topic = topic
cli-field-agency = agency
cli-field-modes = modes
cli-field-deadline = deadline
cli-field-priority = priority
cli-field-nationality = nationality
cli-field-residence-status = residence status
cli-field-summary = summary
cli-field-tried = already tried
cli-field-name = name
cli-field-contact = contact
cli-field-booking = booking
cli-contact-hidden = (name and contact hidden; add --contact to show them)
cli-booking-line = { $number } { $status } { $agency } { $session } slot { $slot } { $when } booth { $booth } { $interpreter } { $mode }
cli-request-recorded = recorded { $id } ({ $language }, { $topic }, { $priority }); it will be placed by the next `soudan allocate`
cli-request-source-flags = command line
cli-request-edited = edited { $id } ({ $fields })
cli-request-edit-released = booking { $booking } no longer fits and is released: run `soudan allocate` to re-place it
cli-request-cancelled = cancelled { $id }
cli-request-cancelled-freed = cancelled { $id }; freed { $bookings }
cli-request-cancel-partly = { $id }: freed { $released }, not yet started; { $kept } had already started and stays as a record, so the request stays booked

## interpreter
cli-col-interpreter = interpreter
cli-col-languages = languages
cli-col-modes = modes
cli-col-timezone = time zone
cli-col-booked = booked
cli-col-hours = hours
cli-interpreter-added = added interpreter { $id }; bookings follow at the next `soudan allocate`
cli-interpreter-updated = updated interpreter { $id }; bookings follow at the next `soudan allocate`
cli-interpreter-unavailable = { $id } unavailable { $dates }
cli-interpreter-none-affected = no bookings affected
cli-interpreter-released = { $count } { $count ->
    [one] booking needs
   *[other] bookings need
 } another interpreter: { $bookings }; run `soudan allocate` to re-place them
cli-interpreter-by-hand = within the lead time, now without an interpreter: { $bookings }; run `soudan allocate` to give each a substitute interpreter in the same slot (or, when nobody can, to put the request back to waiting and on the call list)

## agency
cli-session-places = { $slots } { $slots ->
    [one] slot
   *[other] slots
 } × { $booths } { $booths ->
    [one] booth
   *[other] booths
 }, { $booked } booked
cli-session-added = added a session of { $agency } on { $when }; run `soudan allocate --month { $month }` to fill it
cli-session-added-closed = note: { $date } is a day the center is closed ({ $reason }). Unless the center opens that day, cancel it with soudan agency cancel-session (soudan check names it too)
cli-session-cancelled = cancelled { $agency } on { $date }; { $count } { $count ->
    [one] booking
   *[other] bookings
 } to re-place
cli-session-cancelled-rerun = ({ $bookings }): run `soudan allocate --month { $month }`
cli-session-cancelled-move = to move them to the next session at once: `soudan agency move-session { $agency } --date { $date } --dry-run` (check the plan, then run it without --dry-run)

## contact
cli-contact-count = { $count } to call
cli-contact-count-all = { $count } to call (and { $done } already told, shown too)
cli-contact-by = by { $date }
cli-contact-done-mark = {" "}(done)
cli-contact-done = { $id } done ({ $request } told about { $booking })

## allocate
cli-alloc-summary = { $month }: { $placed } of { $requests } requests placed; { $quality }
cli-alloc-optimal = score { $weight }, proven the best possible
cli-alloc-gap = score { $weight } (the best possible is at most { $bound }; gap { $gap } %)
cli-alloc-counts = { $new } new, { $moved } moved, { $interpreter } new interpreter, { $released } released, { $unchanged } unchanged, { $waiting } waiting
cli-alloc-at = { $agency } { $when } slot { $slot } [{ $session }]
cli-alloc-with-interpreter = with { $interpreter } ({ $mode })
cli-alloc-direct = no interpreter needed (the agency speaks the language)
cli-alloc-placed = placed   { $request } { $number } { $at } booth { $booth } { $interpreter }
cli-alloc-new-interpreter = interp   { $request } { $number } { $at }: interpreter { $from } → { $to }
cli-alloc-moved = moved    { $request } { $number } { $from } ({ $from_interpreter }) → { $to } ({ $to_interpreter })
cli-alloc-released = released { $request } { $number }: { $reason }
cli-alloc-waiting = waiting  { $request }: { $reason }

## demo
cli-demo-loaded = loaded the built-in Sendai sample for { $month } into { $db } ({ $count } requests)
cli-demo-existing = { $db } already holds data; using it as is
cli-demo-published = the calendar feeds are published; `soudan serve` serves them, `soudan feeds list` prints their URLs
cli-demo-feeds = Calendar feeds (subscribe in Outlook or Google Calendar; add ?lang=en for English):
cli-demo-interpreter-feeds = {"  "}and { $count } interpreter feeds: `soudan feeds list --base-url { $base }`

## booking
cli-booking-moved = moved { $number } from { $from } to { $to } booth { $booth }, { $interpreter }; pinned: `soudan booking unpin { $number }` to release
cli-booking-pinned = pinned { $number }
cli-booking-unpinned = unpinned { $number }

## backup, restore
cli-backup-done = backed up { $records } records ({ $bytes } bytes) to { $file }
cli-restore-done = restored { $records } records from { $file } (written { $created })

## feeds
cli-feeds-revoked = (revoked: run `soudan feeds rotate { $kind } { $id }`)
cli-feeds-count = ({ $count } feeds, snapshot { $version })
cli-feeds-hint-english = Add ?lang=en to a URL for English.
cli-feeds-hint-japanese = Remove ?lang=en from a URL for Japanese.
cli-feeds-rotated = new URL for the { $kind } feed { $id } (the old one no longer works):

## progress (stderr, on a terminal only)
cli-progress = solving: { $phase } - W { $weight }, bound { $bound }, gap { $gap } %, { $seconds } s
cli-phase-heuristic = first solution
cli-phase-bound = bound
cli-phase-second = second start
cli-phase-lns = ruin and recreate
cli-phase-exact = exact search

## check
cli-check-damaged-record = error: { $table } { $key }: { $error }
cli-check-damaged = { $count } damaged { $count ->
    [one] record
   *[other] records
 }; restore from a backup
cli-check-error = error: { $message }
cli-check-warning = warning: { $message }
cli-check-summary = checked { $requests } requests, { $bookings } bookings: { $errors } error(s), { $warnings } warning(s)

## serve (the address line must keep `http://ADDR` followed by a space: scripts read it)
cli-serve-serving = serving the calendar feeds of { $db } at { $url } (Ctrl-C to stop)
cli-serve-stopped = stopped
cli-serve-hint = feed URLs: `soudan feeds list --base-url { $base }`
cli-serve-console = coordinators' console: { $url } (accounts: `soudan staff add NAME --role coordinator`)
cli-serve-console-plain-http = warning: the console is served without encryption (HTTP) on a non-loopback address: passwords and residents' details can be read on the network. Put an HTTPS reverse proxy in front and add --tls-proxy.
cli-feeds-settings = { $kind } feed { $id }: cancelled bookings shown: { $cancelled }; session blocks: { $blocks }; personal details: { $personal }
cli-yes = yes
cli-no = no

# soudan feeds options
cli-feeds-options = Feeds keep { $days } days of past bookings; phone sessions: { $phone }; video sessions: { $video }
cli-feeds-options-default = (default)

# soudan demo: the pages
cli-demo-view = Month view (coordinators, secret URL): { $url }
cli-demo-public = Public page (consultation days, 7 languages): { $url }
cli-feeds-view = Month view ({ $id }): { $url }

## the call list: what to tell the resident (words::contact_change)
contact-no-interpreter = no interpreter needed
contact-appointment = { $when } { $agency } ({ $mode })
contact-appointment-plain = { $when } { $agency }
contact-change-new = { $number }: new appointment { $at }
contact-change-replaced = { $number }: new appointment { $at } (was { $was })
contact-change-cancelled = { $number }: appointment { $at } is cancelled
contact-change-waiting-again = { $number }: appointment { $at } cannot take place; the request is waiting again (tell the resident not to come; the center will call with a new date)
contact-change-moved = { $number }: moved from { $from } to { $to }
contact-change-mode = { $number }: same time ({ $when }), now by { $mode } (was { $was })
contact-change-session-cancelled = { $number }: { $at } is off (the agency cancelled the session); being rescheduled
cli-col-interpreter-id = interpreter ID
cli-col-name = name

## hand repair (booking substitutes, agency move-session)
cli-subs-head = Substitute interpreters for { $number } ({ $request }, { $language }) { $at }:
cli-subs-fit = { $rank }. { $who }: { $mode }, cost { $cost }, their time { $local } { $zone }, { $day }
cli-subs-day = { $count } bookings that day of { $max } at most
cli-subs-day-nomax = { $count } bookings that day (no maximum)
cli-subs-use = to use: soudan booking move { $number } --interpreter { $id } --mode { $mode }
cli-subs-none = Nobody can take the slot instead. To move the date: `soudan booking move { $number } --to SESSION/SLOT`; to move that day's bookings at once: `soudan agency move-session`
cli-subs-unfit-head = Cannot take it:
cli-subs-unfit = { $who }: { $why }
cli-subs-unfit-busy = booked then ({ $other })
cli-subs-unfit-max-reached = daily maximum reached ({ $max })
cli-subs-unfit-day-off = day off
cli-subs-unfit-not-available = not available at that time
cli-subs-unfit-no-common-mode = no mode in common with the request and the session
cli-move-session-plan = Plan to move { $agency }'s bookings of { $from } to { $to } (dry run, nothing changed): { $moved } can move, { $stay } cannot
cli-move-session-done = Moved { $agency }'s bookings of { $from } to { $to }: { $moved } (pinned). Not moved: { $stay }
cli-move-session-nothing = None of { $agency }'s bookings of { $from } can move to { $to }; nothing changed
cli-move-session-line = { $number } ({ $request }): { $from } → { $to } booth { $booth }, { $interpreter }
cli-move-session-substitute = { $who }, substitute interpreter
# The interpreter a moved booking has (after its booth).
cli-moved-interpreter = interpreter { $who }
cli-move-session-stay-head = Not moved (they stay where they were):
cli-move-session-stay = { $number } ({ $request }): { $at } — { $why }
cli-move-session-why-full = no free slot in the new session
cli-move-session-why-times = the free slots are outside the times the resident can come
cli-move-session-why-deadline = the new date is after the resident's deadline ({ $deadline }); give a date before it with `--to DATE`
cli-move-session-why-no-interpreter = a slot is free, but neither their interpreter nor a substitute then
cli-move-session-why-other = the check says: { $text }
cli-move-session-stay-hint = Repair those one at a time: `soudan booking substitutes NUMBER`, `soudan booking move NUMBER --to SESSION/SLOT`, or another date with `--to DATE`
cli-move-session-dry-hint = Run it without --dry-run to move them; the residents go on the call list (`soudan contact list`)

# Needs rearranging: a confirmed booking that cannot happen as planned (model::Trouble), its reason and its repair.
trouble-state = needs rearranging
trouble-session_gone = the session was cancelled or is no longer held
trouble-slot_gone = this slot (time or booth) no longer exists
trouble-interpreter_removed = interpreter { $interpreter } is no longer on the roster
trouble-interpreter_unavailable = interpreter { $interpreter } cannot take it at this time (day off, outside their hours, or language or mode changed)
trouble-no_interpreter = no interpreter yet (this language needs one)
trouble-repair-interpreter = run `soudan allocate`: it finds a substitute interpreter for the same slot (else another slot or the next session, else back to waiting); to choose one yourself, `soudan booking substitutes NUMBER`
trouble-repair-place = run `soudan allocate`: it moves the booking to another slot or the agency's next session (else back to waiting and on the call list); to move a whole session, `soudan agency move-session AGENCY --date DATE --dry-run`
trouble-tell = tell the resident not to come at this time; the center will call with a new date
cli-check-trouble = booking { $number } ({ $request }, { $when }) needs rearranging: { $why }. To repair, { $repair }
contact-change-rearranging = { $number }: appointment { $at } cannot take place as planned (needs rearranging). Tell the resident not to come; the center will call with a new date
contact-change-restored = { $number }: appointment { $at } takes place as planned (a substitute interpreter was found). Tell the resident to come as planned
contact-change-moved-lost-interpreter = { $number }: moved from { $from } to { $to } (the interpreter { $interpreter } could no longer take it; another interpreter will interpret)
cli-alloc-held-back = Held back { $count } changes that would move or release confirmed appointments (the residents keep their appointments):
cli-alloc-held-back-how = To commit them too, run soudan allocate --month { $month } --replan --yes (the residents must then be told)
cli-alloc-held-back-ask = Commit these changes too? [y/N]
## history (typed events; words::event)
event-booked = { $booking } ({ $at })
event-place = { $when } { $agency } slot { $slot } booth { $booth }
event-place-with = { $when } { $agency } slot { $slot } booth { $booth } (interpreter { $interpreter }, { $mode })
event-received = received ({ $language }, { $topic }, priority { $priority })
event-received-imported = received by an import ({ $language }, { $topic }, priority { $priority })
event-placed = { $booking } booked: { $at }
event-replaced = { $booking } booked again: { $at } (was { $was })
event-moved = { $booking } moved from { $from } to { $to }
event-moved-by-hand = { $booking } moved by hand from { $from } to { $to }, and pinned
event-released = { $booking } ({ $at }) released: { $why }. The next allocation re-places it
event-pinned = { $booking } ({ $at }) pinned by hand
event-unpinned = { $booking } ({ $at }) unpinned
event-contacted = the resident was told about the change of { $booking } ({ $contact })
event-edited = edited by hand: { $fields }
event-cancelled-waiting = cancelled while waiting
event-cancelled-released = cancelled; booking { $bookings } released
event-cancelled-kept = { $bookings } started already and stays as it was
event-cancelled-reason = reason: { $text }
event-cancelled-referred = referred to { $text }
event-why-no-longer-fits = the edited request no longer fits it
event-why-session-cancelled = the agency cancelled the session
event-why-session-removed = the imported folder removed its session (import --force)
event-why-interpreter-unavailable = interpreter { $interpreter } became unavailable (date and slot stay)
event-why-interpreter-day-off = the imported folder gave interpreter { $interpreter } a day off (date and slot stay)
event-list-sep = ,{" "}
event-by = { $text } (by { $by })
event-sentence-sep = ;{" "}
cli-field-received = received
cli-field-name = name
cli-field-contact = contact
cli-field-language = language
cli-field-nationality = nationality
cli-field-residence_status = residence status
cli-field-topic = topic
cli-field-agency = agency
cli-field-modes = modes
cli-field-windows = times the resident can come
cli-field-deadline = deadline
cli-field-priority = priority
cli-field-summary = summary
cli-field-tried = tried so far

## check findings (cli::maintenance::finding; slots from 1)
cli-check-center-zone = the time zone "{ $zone }" in center.toml cannot be read: give a valid name (e.g. Asia/Tokyo) and import again
cli-check-missing-request = booking { $booking } points at request { $request }, which is not in the database
cli-check-above-counter = booking { $booking } is above the booking counter { $counter }
cli-check-missing-interpreter = booking { $booking } points at interpreter { $interpreter }, who is not in the database
cli-check-missing-agency = booking { $booking } points at agency { $agency }, which is not in the database
cli-check-booth-out-of-range = booking { $booking } has booth number { $booth } (the session has booths 1 to { $booths })
cli-check-shared-booth = two bookings share a booth in session { $session } slot { $slot }
cli-check-after-deadline = booking { $booking } ({ $request }) is after the resident's deadline ({ $deadline }): ask the resident, then move it before the deadline with soudan booking move { $booking } --to SESSION/SLOT, or correct the deadline
cli-check-outside-windows = booking { $booking } ({ $request }) is outside the times the resident can come: ask the resident, then move it with soudan booking move { $booking } --to SESSION/SLOT, or correct their times with soudan request edit { $request } --windows
cli-check-double-booked = interpreter { $interpreter } is double-booked: { $first } and { $second } overlap
cli-check-status-disagrees = request { $request } is "{ $status }" but has { $count } confirmed booking(s)
cli-check-agency-no-feed = agency { $agency } has no calendar feed (see soudan feeds list)
cli-check-interpreter-no-feed = interpreter { $interpreter } has no calendar feed (see soudan feeds list)

# staff (console accounts)
cli-role-coordinator = coordinator
cli-role-viewer = viewer (read only)
cli-staff-added = Added the staff account "{ $name }" ({ $role }).
cli-staff-next = Start `soudan serve` and open http://127.0.0.1:8080/console/ in a browser to log in.
cli-staff-count = { $count } staff accounts
cli-staff-since = password set { $date }
cli-staff-removed = Removed the staff account "{ $name }"; its open console pages are logged out at their next request.
cli-staff-passwd = Changed the password of "{ $name }" ({ $role }); its open console sessions are logged out.
cli-staff-password-prompt = Password (at least 10 characters; not shown): 
cli-staff-password-again = The same password again: 
cli-date-far = Note: { $option } { $typed } was read as { $date } (more than six months ahead). If you meant another year, type the date with its year (e.g. { $year_before })

# pool (the shared interpreter pool)
cli-pool-initialised = The interpreter pool is ready: { $url }. In each center run `soudan pool join URL --center ID`.
cli-pool-joined = Joined the interpreter pool ({ $url }) as center "{ $center }".
cli-pool-none = This database is not in an interpreter pool (`soudan pool join URL --center ID`).
cli-pool-status = Interpreter pool { $url } (this center: { $center }; { $count } centers)
cli-pool-center = { $confirmed } confirmed, { $leased } leased, { $expired } expired leases (joined { $joined })
cli-pool-left = Center "{ $center }" left the interpreter pool ({ $count } holds released).
cli-pool-synced = Compared with the pool: { $confirmed } confirmed, { $claimed } newly claimed, { $released } released.
cli-pool-taken = Booking { $number }: interpreter { $interpreter } at { $start } is held by another center ({ $center }). The booking is kept; rearrange it with `soudan allocate`.
cli-alloc-without-pool = The interpreter pool cannot be reached: allocated without the pool's interpreters (as of the sync at { $synced }). Run `soudan pool reconcile` once the pool is back.
words-any-time = any time

# A time zone as people say it (words::zone): the name from words::zones, its UTC offset.
words-zone = { $name } time ({ $offset })
# A zone not in that table: the offset, the IANA name as an extra.
words-zone-other = { $offset } ({ $zone })
