# The resident's slip (soudan slip) in やさしい日本語: short sentences, furigana as <ruby>.
# Resident text: all seven languages, same keys and placeables.

slip-title = <ruby>相談<rt>そうだん</rt></ruby>の <ruby>予約<rt>よやく</rt></ruby>
slip-number-label = <ruby>予約<rt>よやく</rt></ruby>の <ruby>番号<rt>ばんごう</rt></ruby>
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $year }<ruby>年<rt>ねん</rt></ruby>{ $monthname ->
        [jan] 1
        [feb] 2
        [mar] 3
        [apr] 4
        [may] 5
        [jun] 6
        [jul] 7
        [aug] 8
        [sep] 9
        [oct] 10
        [nov] 11
       *[dec] 12
    }<ruby>月<rt>がつ</rt></ruby>{ $day }<ruby>日<rt>にち</rt></ruby>（{ $wday ->
        [mon] <ruby>月曜日<rt>げつようび</rt></ruby>
        [tue] <ruby>火曜日<rt>かようび</rt></ruby>
        [wed] <ruby>水曜日<rt>すいようび</rt></ruby>
        [thu] <ruby>木曜日<rt>もくようび</rt></ruby>
        [fri] <ruby>金曜日<rt>きんようび</rt></ruby>
        [sat] <ruby>土曜日<rt>どようび</rt></ruby>
       *[sun] <ruby>日曜日<rt>にちようび</rt></ruby>
    }）
slip-time = { $start }から { $end }まで
slip-when-label = いつ
slip-place-label = どこ
slip-specialist-label = <ruby>専門家<rt>せんもんか</rt></ruby>
slip-topic-label = <ruby>相談<rt>そうだん</rt></ruby>すること
slip-interpreter-label = <ruby>通訳<rt>つうやく</rt></ruby>
slip-interpreter-in-person = <ruby>通訳<rt>つうやく</rt></ruby>の <ruby>人<rt>ひと</rt></ruby>が <ruby>来<rt>き</rt></ruby>ます
slip-interpreter-video = <ruby>通訳<rt>つうやく</rt></ruby>の <ruby>人<rt>ひと</rt></ruby>は ビデオで <ruby>話<rt>はな</rt></ruby>します
slip-interpreter-phone = <ruby>通訳<rt>つうやく</rt></ruby>の <ruby>人<rt>ひと</rt></ruby>は <ruby>電話<rt>でんわ</rt></ruby>で <ruby>話<rt>はな</rt></ruby>します
slip-interpreter-not-needed = <ruby>通訳<rt>つうやく</rt></ruby>は いりません
slip-interpreter-arranging = <ruby>通訳<rt>つうやく</rt></ruby>の <ruby>人<rt>ひと</rt></ruby>を いま さがしています
slip-bring-title = <ruby>持<rt>も</rt></ruby>って くる もの
slip-bring-card = <ruby>在留<rt>ざいりゅう</rt></ruby>カード
slip-bring-passport = パスポート
slip-bring-letters = もらった <ruby>手紙<rt>てがみ</rt></ruby>や <ruby>書類<rt>しょるい</rt></ruby>
slip-bring-notes = いままでに したことの メモ
slip-arrive = はじまる 10<ruby>分<rt>ぷん</rt></ruby> <ruby>前<rt>まえ</rt></ruby>に <ruby>来<rt>き</rt></ruby>てください。
slip-change-title = <ruby>予約<rt>よやく</rt></ruby>を やめる とき・かえる とき
slip-change-phone = <ruby>来<rt>こ</rt></ruby>られない ときや <ruby>時間<rt>じかん</rt></ruby>を かえたい ときは、センターに <ruby>電話<rt>でんわ</rt></ruby>してください：{ $phone }
slip-change-counter = <ruby>来<rt>こ</rt></ruby>られない ときや <ruby>時間<rt>じかん</rt></ruby>を かえたい ときは、{ $center }の まどぐちで いってください。
slip-hours = あいている <ruby>時間<rt>じかん</rt></ruby>：{ $hours }
slip-notice-changed = <ruby>予約<rt>よやく</rt></ruby>が かわりました
slip-notice-changed-detail = あたらしい <ruby>時間<rt>じかん</rt></ruby>に <ruby>来<rt>き</rt></ruby>てください。まえの <ruby>紙<rt>かみ</rt></ruby>は すててください。
slip-old = まえ
slip-new = あたらしい
slip-notice-rescheduling = <ruby>予約<rt>よやく</rt></ruby>の <ruby>時間<rt>じかん</rt></ruby>を いま きめています
slip-notice-rescheduling-detail = きまったら、センターから れんらくします。
slip-notice-cancelled = <ruby>予約<rt>よやく</rt></ruby>は なくなりました
slip-notice-cancelled-detail = まだ <ruby>相談<rt>そうだん</rt></ruby>したい ときは、センターに れんらくしてください。
slip-notice-rearranging-detail = この <ruby>日<rt>ひ</rt></ruby>の <ruby>相談<rt>そうだん</rt></ruby>は できなくなりました。センターから <ruby>電話<rt>でんわ</rt></ruby>します。
slip-do-not-come = この <ruby>紙<rt>かみ</rt></ruby>の <ruby>時間<rt>じかん</rt></ruby>には <ruby>来<rt>こ</rt></ruby>ないでください。
slip-name-label = なまえ
slip-show-number = <ruby>相談<rt>そうだん</rt></ruby>の <ruby>日<rt>ひ</rt></ruby>、うけつけで この <ruby>番号<rt>ばんごう</rt></ruby>を <ruby>見<rt>み</rt></ruby>せてください。
slip-issued = この <ruby>紙<rt>かみ</rt></ruby>を つくった <ruby>日<rt>ひ</rt></ruby>：{ $date }
slip-ics-summary = <ruby>専門家<rt>せんもんか</rt></ruby>との <ruby>相談<rt>そうだん</rt></ruby> { $number }
