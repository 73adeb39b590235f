# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = 相談の予約票
slip-number-label = 予約番号
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $year }年{ $monthname ->
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
    }月{ $day }日（{ $wday ->
        [mon] 月
        [tue] 火
        [wed] 水
        [thu] 木
        [fri] 金
        [sat] 土
       *[sun] 日
    }）
slip-time = { $start }～{ $end }
slip-when-label = 日時
slip-place-label = 場所
slip-specialist-label = 相談する専門家
slip-topic-label = 相談の内容
slip-interpreter-label = 通訳
slip-interpreter-in-person = 通訳者が会場に来ます
slip-interpreter-video = ビデオ通話で通訳します
slip-interpreter-phone = 電話で通訳します
slip-interpreter-not-needed = 通訳は必要ありません（専門家があなたの言語で話します）
slip-interpreter-arranging = 通訳を手配中です
slip-bring-title = 持ってくるもの
slip-bring-card = 在留カード
slip-bring-passport = パスポート
slip-bring-letters = 届いた手紙や書類（市役所、入管、会社、学校などから）
slip-bring-notes = これまでにしたことのメモ（いつ、どこに相談したか）
slip-arrive = 始まる10分前までに来てください。
slip-change-title = 予約の取り消し・変更
slip-change-phone = 来られないときや日時を変えたいときは、センターに電話してください：{ $phone }
slip-change-counter = 来られないときや日時を変えたいときは、{ $center }の窓口で言ってください。
slip-hours = 受付時間：{ $hours }
slip-notice-changed = 予約が変わりました
slip-notice-changed-detail = 新しい日時に来てください。前の予約票は捨ててください。
slip-old = 前
slip-new = 新しい
slip-notice-rescheduling = 予約の日時を調整しています
slip-notice-rescheduling-detail = 新しい日時が決まったら、センターから連絡します。
slip-notice-cancelled = 予約は取り消されました
slip-notice-cancelled-detail = まだ相談が必要なときは、センターに連絡してください。
slip-notice-rearranging-detail = 予定していた相談は、この日時にできなくなりました。センターから電話します。
slip-do-not-come = この予約票の日時には来ないでください。
slip-name-label = お名前
slip-show-number = 当日、この予約番号を受付で見せてください。
slip-issued = 発行日：{ $date }
slip-ics-summary = 専門相談の予約 { $number }
