# Calendar feeds (.ics): agency, interpreter and coordinator calendars. Staff texts: ja, en.
# Titles are scanned in a month grid that shows 20-30 characters: marks first, then the
# booking number, language and mode, then a short topic.

feeds-calendar-agency = { $center } | { $agency } consultations
feeds-calendar-interpreter = { $center } | interpreting ({ $id })
feeds-calendar-coordinator = { $center } | all bookings

feeds-category-consultation = Consultation
feeds-category-interpreting = Interpreting
feeds-category-session = Consultation day

feeds-mode-in-person = in person
feeds-mode-video = video
feeds-mode-phone = phone

feeds-mark-cancelled = [Cancelled]{" "}
feeds-mark-rescheduling = [Rescheduling]{" "}
feeds-mark-interpreter-pending = [Interpreter pending]{" "}
feeds-mark-urgent = [URGENT]{" "}

# Month and day of a deadline in a title.
feeds-date-short = { $month }/{ $day }
feeds-title-deadline = due { $date }
# The resident speaks a language the session serves.
feeds-title-no-interpreter = { $language } (no interp.)
feeds-title-interpreter = { $language } (interp. { $mode })
feeds-title-booth = booth { $booth }
# An interpreter's event: [B-0001] Interpreting Chinese booth 1 Immigration Bureau
feeds-title-assignment = { $marks }[{ $number }] Interpreting { $language } { $place } { $agency }

feeds-line-booking = Booking: { $number }
feeds-line-urgent = Urgent: yes
feeds-line-deadline = Deadline: { $date }
feeds-line-agency = Agency: { $agency }
feeds-line-topic = Topic: { $topic }
feeds-line-language = Language: { $language }
feeds-line-mode = Mode: { $mode }
feeds-line-interpreter = Interpreter: { $interpreter }
feeds-line-booth = Booth: { $booth }
feeds-line-join = How to join: { $join }
feeds-line-residence-status = Residence status: { $status }
feeds-line-nationality = Nationality: { $nationality }
feeds-line-summary = Summary:
    { $text }
feeds-line-tried = Already tried:
    { $text }
feeds-line-name = Name: { $name }
feeds-line-contact = Contact: { $contact }

feeds-interpreter-not-needed = not needed (the session is held in the resident's language)
feeds-interpreter-pending = being arranged (not assigned yet)
feeds-interpreter-assigned = { $who } ({ $mode })

feeds-location-booth = { $center } { $address } booth { $booth }

feeds-join-phone = the center calls you from { $phone } at the start time
feeds-join-phone-default = the center calls your registered phone number at the start time
feeds-join-video = { $room }
feeds-join-video-default = the center's video meeting room (the link is e-mailed the day before)

feeds-session-title = Consultation day ({ $agency })
# A time the interpreter is busy at another center of the shared pool: no details.
feeds-busy-title = Busy
feeds-session-description = slots: { $slots } × { $booths } booths ({ $minutes } min)
    Mode: { $modes }

# Short topic names for titles, per topic id of the Sendai vocabulary. A topic without one
# is cut at its first bracket.
feeds-topic-residence = Residence
feeds-topic-naturalization = Naturalization
feeds-topic-family = Family
feeds-topic-debt = Debts/contracts
feeds-topic-accident = Traffic accident
feeds-topic-housing = Housing
feeds-topic-labour = Work
feeds-topic-tax = Tax
feeds-topic-business = Business
feeds-topic-pension = Pension

# Answer of the feed server to ?lang= with a language it does not know.
feeds-http-unknown-lang = unknown language; use lang=ja or lang=en (tags such as en-US are accepted)
