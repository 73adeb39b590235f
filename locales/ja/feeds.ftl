# Calendar feeds (.ics): agency, interpreter and coordinator calendars. Staff texts: ja, en.
# Titles are scanned in a month grid that shows 20-30 characters: marks first, then the
# booking number, language and mode, then a short topic.

feeds-calendar-agency = { $center } | { $agency } 専門相談
feeds-calendar-interpreter = { $center } | 通訳予定 ({ $id })
feeds-calendar-coordinator = { $center } | 全予約

feeds-category-consultation = 専門相談
feeds-category-interpreting = 通訳
feeds-category-session = 相談日

feeds-mode-in-person = 対面
feeds-mode-video = 映像
feeds-mode-phone = 電話

feeds-mark-cancelled = 【取消】
feeds-mark-rescheduling = 【再調整中】
feeds-mark-interpreter-pending = 【通訳手配中】
feeds-mark-urgent = 【至急】

# Month and day of a deadline in a title.
feeds-date-short = { $month }/{ $day }
feeds-title-deadline = 期限{ $date }
# The resident speaks a language the session serves.
feeds-title-no-interpreter = { $language }（通訳不要）
feeds-title-interpreter = { $language }（通訳・{ $mode }）
feeds-title-booth = ブース{ $booth }
# An interpreter's event: [B-0001] 通訳 中国語 ブース1 仙台出入国在留管理局
feeds-title-assignment = { $marks }[{ $number }] 通訳 { $language } { $place } { $agency }

feeds-line-booking = 予約番号: { $number }
feeds-line-urgent = 至急: はい
feeds-line-deadline = 期限: { $date }
feeds-line-agency = 機関: { $agency }
feeds-line-topic = 相談分野: { $topic }
feeds-line-language = 言語: { $language }
feeds-line-mode = 方法: { $mode }
feeds-line-interpreter = 通訳: { $interpreter }
feeds-line-booth = ブース: { $booth }
feeds-line-join = 参加方法: { $join }
feeds-line-residence-status = 在留資格: { $status }
feeds-line-nationality = 国籍: { $nationality }
feeds-line-summary = 相談内容:
    { $text }
feeds-line-tried = これまでの対応:
    { $text }
feeds-line-name = 氏名: { $name }
feeds-line-contact = 連絡先: { $contact }

feeds-interpreter-not-needed = 不要（相談者の言語で対応できます）
feeds-interpreter-pending = 手配中（まだ決まっていません）
feeds-interpreter-assigned = { $who }（{ $mode }）

feeds-location-booth = { $center } { $address } ブース{ $booth }

feeds-join-phone = センター（{ $phone }）から開始時刻にお電話します
feeds-join-phone-default = 開始時刻にセンターから登録の電話番号へお電話します
feeds-join-video = { $room }
feeds-join-video-default = センターのビデオ会議室（接続先は前日までにメールでお知らせします）

feeds-session-title = 専門相談日 ({ $agency })
# A time the interpreter is busy at another center of the shared pool: no details.
feeds-busy-title = 予定あり
feeds-session-description = 枠: { $slots } × { $booths } ブース ({ $minutes } 分)
    方法: { $modes }

# Short topic names for titles, per topic id of the Sendai vocabulary. A topic without one
# is cut at its first bracket.
feeds-topic-residence = 在留資格
feeds-topic-naturalization = 帰化
feeds-topic-family = 家族
feeds-topic-debt = 借金・契約
feeds-topic-accident = 交通事故
feeds-topic-housing = 住まい
feeds-topic-labour = 労働
feeds-topic-tax = 税金
feeds-topic-business = 起業・事業
feeds-topic-pension = 年金・社保

# Answer of the feed server to ?lang= with a language it does not know.
feeds-http-unknown-lang = 不明な言語です。lang には ja または en を指定してください（en-US なども可）。
