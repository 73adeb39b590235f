# The monthly report (staff text: ja and en): text tables and CSV headers.
report-title = Report { $month }
report-agencies = Agencies
report-languages = Languages
report-interpreters = Interpreters
report-waiting = Waiting
report-urgent = Needs a person today (deadline passes before any possible slot)
report-no-interpreter = No interpreter (recruit?)
report-none = (none)
report-idle = ({ $count } { $count ->
    [one] interpreter
   *[other] interpreters
 } without assignments this month)
report-calls = residents to tell about a change: { $count } (`soudan contact list`)
report-csv-written = wrote { $count } CSV files (UTF-8 with BOM, for Excel) into { $dir }
report-col-agency-id = agency_id
report-col-agency = agency
report-col-sessions = sessions
report-col-places = places
report-col-booked = booked
report-col-utilisation = utilisation %
report-col-language-code = language_code
report-col-language = language
report-col-requested = requested
report-col-placed = placed
report-col-waiting = waiting
report-col-in-person = in person
report-col-video = video
report-col-phone = phone
report-col-direct = without interpreter
report-col-interpreter = interpreter
report-col-timezone = time zone
report-col-assignments = assignments
report-col-hours = hours
report-col-request = request
report-col-topic-id = topic_id
report-col-topic = topic
report-col-priority = priority
report-col-deadline = deadline
report-col-overdue = overdue
report-overdue = overdue: call the resident, then extend or withdraw (soudan request edit/cancel { $request })
report-col-reason = reason
report-col-reason-code = reason_code
report-col-translation-device = translation device
report-col-three-way-phone = three-way phone
