# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = Your consultation appointment
slip-number-label = Booking number
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $wday ->
        [mon] Monday
        [tue] Tuesday
        [wed] Wednesday
        [thu] Thursday
        [fri] Friday
        [sat] Saturday
       *[sun] Sunday
    }, { $day } { $monthname ->
        [jan] January
        [feb] February
        [mar] March
        [apr] April
        [may] May
        [jun] June
        [jul] July
        [aug] August
        [sep] September
        [oct] October
        [nov] November
       *[dec] December
    } { $year }
slip-time = { $start }–{ $end }
slip-when-label = Date and time
slip-place-label = Place
slip-specialist-label = Specialist
slip-topic-label = Topic
slip-interpreter-label = Interpreter
slip-interpreter-in-person = An interpreter will be with you in the room
slip-interpreter-video = An interpreter will join by video call
slip-interpreter-phone = An interpreter will join by phone
slip-interpreter-not-needed = No interpreter needed (the specialist speaks your language)
slip-interpreter-arranging = We are arranging an interpreter
slip-bring-title = What to bring
slip-bring-card = Residence card
slip-bring-passport = Passport
slip-bring-letters = Letters and documents you received (from the city office, immigration, your employer, your school...)
slip-bring-notes = Notes of what you have already tried (when, and whom you asked)
slip-arrive = Please come 10 minutes before the start.
slip-change-title = To cancel or change
slip-change-phone = If you cannot come or want another time, call the center: { $phone }
slip-change-counter = If you cannot come or want another time, tell the counter at { $center }.
slip-hours = Opening hours: { $hours }
slip-notice-changed = Your appointment has changed
slip-notice-changed-detail = Please come at the new time. Throw away your old slip.
slip-old = Old
slip-new = New
slip-notice-rescheduling = We are finding a new time for your appointment
slip-notice-rescheduling-detail = The center will contact you when the new time is fixed.
slip-notice-cancelled = Your appointment is cancelled
slip-notice-cancelled-detail = If you still need advice, please contact the center.
slip-notice-rearranging-detail = Your consultation cannot take place at this time. The center will call you.
slip-do-not-come = Do not come at the time on this slip.
slip-name-label = Name
slip-show-number = Show this booking number at the reception on the day.
slip-issued = Issued: { $date }
slip-ics-summary = Specialist consultation { $number }
