# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = परामर्श भेटघाटको पर्ची
slip-number-label = बुकिङ नम्बर
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $wday ->
        [mon] सोमबार
        [tue] मंगलबार
        [wed] बुधबार
        [thu] बिहीबार
        [fri] शुक्रबार
        [sat] शनिबार
       *[sun] आइतबार
    }, { $monthname ->
        [jan] जनवरी
        [feb] फेब्रुअरी
        [mar] मार्च
        [apr] अप्रिल
        [may] मे
        [jun] जुन
        [jul] जुलाई
        [aug] अगस्ट
        [sep] सेप्टेम्बर
        [oct] अक्टोबर
        [nov] नोभेम्बर
       *[dec] डिसेम्बर
    } { $day }, { $year }
slip-time = { $start }–{ $end }
slip-when-label = मिति र समय
slip-place-label = ठाउँ
slip-specialist-label = विशेषज्ञ
slip-topic-label = परामर्शको विषय
slip-interpreter-label = दोभाषे
slip-interpreter-in-person = दोभाषे तपाईंसँगै कोठामा हुनुहुनेछ
slip-interpreter-video = दोभाषे भिडियो कलबाट सहभागी हुनुहुनेछ
slip-interpreter-phone = दोभाषे फोनबाट सहभागी हुनुहुनेछ
slip-interpreter-not-needed = दोभाषे चाहिँदैन (विशेषज्ञले तपाईंको भाषा बोल्नुहुन्छ)
slip-interpreter-arranging = हामी दोभाषेको व्यवस्था गर्दैछौं
slip-bring-title = ल्याउनुपर्ने कुराहरू
slip-bring-card = निवास कार्ड (जाइर्यु कार्ड)
slip-bring-passport = राहदानी (पासपोर्ट)
slip-bring-letters = तपाईंले पाएका चिठी र कागजातहरू (नगरपालिका, अध्यागमन कार्यालय, कम्पनी, विद्यालय आदिबाट)
slip-bring-notes = तपाईंले अहिलेसम्म गरेका कुराको टिपोट (कहिले, कसलाई सोध्नुभयो)
slip-arrive = कृपया सुरु हुनुभन्दा 10 मिनेट अगाडि आउनुहोस्।
slip-change-title = रद्द वा परिवर्तन गर्न
slip-change-phone = आउन नसक्ने भए वा अर्को समय चाहिएमा केन्द्रमा फोन गर्नुहोस्: { $phone }
slip-change-counter = आउन नसक्ने भए वा अर्को समय चाहिएमा { $center } को काउन्टरमा भन्नुहोस्।
slip-hours = खुल्ने समय: { $hours }
slip-notice-changed = तपाईंको भेटघाट परिवर्तन भएको छ
slip-notice-changed-detail = कृपया नयाँ समयमा आउनुहोस्। पुरानो पर्ची फालिदिनुहोस्।
slip-old = पुरानो
slip-new = नयाँ
slip-notice-rescheduling = हामी तपाईंको भेटघाटको लागि नयाँ समय खोज्दैछौं
slip-notice-rescheduling-detail = नयाँ समय तय भएपछि केन्द्रले तपाईंलाई सम्पर्क गर्नेछ।
slip-notice-cancelled = तपाईंको भेटघाट रद्द भएको छ
slip-notice-cancelled-detail = अझै परामर्श चाहिएमा केन्द्रलाई सम्पर्क गर्नुहोस्।
slip-notice-rearranging-detail = तपाईंको परामर्श यो समयमा हुन सक्दैन। केन्द्रले तपाईंलाई फोन गर्नेछ।
slip-do-not-come = यो पर्चीमा लेखिएको समयमा नआउनुहोस्।
slip-name-label = नाम
slip-show-number = परामर्शको दिन रिसेप्सनमा यो बुकिङ नम्बर देखाउनुहोस्।
slip-issued = जारी मिति: { $date }
slip-ics-summary = विशेषज्ञ परामर्श { $number }
