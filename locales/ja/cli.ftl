# soudan コマンドが表示する文（職員向け: ja と en）。既定は日本語。

## 枠組み
cli-error = エラー: { $message }
cli-caused-by =   原因: { $message }
cli-warn-skipped = 警告: { $count }件の予約がフィードに載っていません（申込または機関が見つかりません）。`soudan check` を実行してください
cli-warn-render-failed = 警告: { $kind } フィード { $id } を作成できませんでした: { $error }
cli-warn-revoked = 警告: { $kind } フィード { $id } は停止中です（`soudan feeds rotate` が途中で止まり、秘密が無効になりました）。`soudan feeds rotate { $kind } { $id }` で新しい URL を発行してください
cli-dry-run = 試行（--dry-run）: 何も書き込んでいません

## 小さな語
cli-list-sep = 、
cli-with-code = { $text }（{ $code }）
cli-count-of = { $what } { $count }件
cli-none = なし
cli-any-agency = 指定なし
cli-no-interpreter = 通訳なし
cli-interpreter-arranging = 手配中
cli-date-range = { $from }～{ $to }

## 閉じた語彙（cli-種類-コード。words の単体テストが全コードを確認）
cli-status-waiting = 待ち
cli-status-booked = 予約済み
cli-status-cancelled = 取消
cli-priority-normal = 通常
cli-priority-high = 高
cli-priority-urgent = 至急
cli-booking-confirmed = 確定
cli-booking-cancelled = 取消
cli-event-received = 受付
cli-event-placed = 予約
cli-event-moved = 変更
cli-event-released = 解除
cli-event-cancelled = 取消
cli-event-pinned = 固定
cli-event-unpinned = 固定解除
cli-event-contacted = 連絡済み
cli-event-edited = 修正
cli-reason-no_session_for_topic = この相談分野を扱う機関の相談日がありません
cli-reason-deadline_before_sessions = 合う枠はすべて期限より後です
cli-reason-outside_windows = 相談者の来られる時間に合う枠がありません
cli-reason-no_interpreter_for_language = この言語の通訳者がいません
cli-reason-mode_not_possible = 相談者と相談日の両方に合う通訳方法がありません
cli-reason-no_interpreter_available = 合う枠の時間に空いている通訳者がいません
cli-reason-capacity = 合う枠はすべて他の予約で埋まっています
cli-reason-not_allocated = まだ割り当てていません
cli-reason-no_session_left_this_month = 今月の合う相談日はすべて始まったか準備期間内で、来月にもありません
cli-reason-no_session_left_this_month-next = 今月の合う相談日はすべて始まったか準備期間内です。来月いちばん早いのは { $agency } の { $date } です
cli-overdue = 期限切れ（期限 { $deadline }）。相談者に連絡し、期限を延ばす（soudan request edit { $request } --deadline 日付）か取り下げて（soudan request cancel { $request }）ください
cli-status-overdue = 待ち・期限切れ
cli-check-overdue = { $request } は期限（{ $deadline }）を過ぎても待ちのままです: 相談者に連絡し、soudan request edit { $request } --deadline 日付 か soudan request cancel { $request } を実行してください
cli-check-closed-day = 相談会 { $session }（{ $agency }）の日 { $date } は休館日です（{ $reason }）: 開くならこのままでかまいません。開かないなら soudan agency cancel-session { $id } --date { $day } を実行してください（予約は soudan allocate で移します）
cli-closed-year-end = 年末年始
cli-closed-center = センターの休館日
cli-closed-holiday = 祝日（{ $name }）

## import
cli-import-dry-run-nothing = 試行（--dry-run）: 何も書き込んでいません。フォルダーはデータベースと同じです。変更はありません。
cli-import-dry-run-would = 試行（--dry-run）: 何も書き込んでいません。取り込むと次のようになります:
cli-import-stranded = 宙に浮く予約: { $text }。`soudan allocate` で再配置します
cli-import-would-strand = 予定 — { $text }
cli-import-shift-jis = 注: { $file } を Shift_JIS（CP932）として読みました
cli-import-shifted-file = 注: { $file }: { $rows } 件の日付を { $days } 日ずらしました（見本の { $from } から { $to } へ）
cli-import-shifted-hint = 注: 日付をずらすのは center.toml に reference_month がある見本のフォルダーだけです。実際の月のフォルダーは `soudan init フォルダー --month 月` で作れます（日付はそのまま読まれます）
cli-month-words = { $year }年{ $month }月
cli-init-file-header = soudan init で { $month } 用に作ったフォルダーです（仙台の見本をもとに、日付を { $month } に移してあります）。
    下の説明にある 2026年12月 の日付は見本の元の日付です。このフォルダーの日付は書いてあるとおりに読まれます。
cli-init-done = { $dir } に { $month } 用の相談窓口フォルダーを作りました（仙台の見本をもとに、日付は { $month } に合わせてあります）:
cli-init-file-center-toml = { $file } — センターの情報、相談分野、休館日
cli-init-file-agencies-toml = { $file } — 関係機関と毎月の相談日
cli-init-file-interpreters-csv = { $file } — 通訳者（言語、相談方法、勤務時間、休み）
cli-init-file-requests-csv = { $file } — 相談の申込（見本の 80 件。自分のセンターの申込に置き換えてください）
cli-init-excel = CSV は Excel で開けます。保存するときは「CSV UTF-8 (コンマ区切り)」を選んでください（ふつうの「CSV」では Shift_JIS になり、日本語にない文字が「?」になります）
cli-init-next = 次に: soudan import { $dir }
cli-import-done = { $db } に取り込みました: 機関 { $agencies }、通訳者 { $interpreters }、新しい申込 { $new }件（既存 { $unchanged }件）、新しいフィード { $feeds }

## status
cli-status-empty = データベースは空です。`soudan demo` または `soudan import フォルダー` を実行してください
cli-status-agencies = 機関: { $count }
cli-status-topics = 相談分野: { $topics }
cli-status-interpreters = 通訳者: { $count }人（うち他のタイムゾーン { $abroad }人）、{ $languages }言語に対応
cli-status-requests = 申込: { $count }件（{ $detail }）
cli-status-by-language = 言語別: { $list }
cli-status-bookings = 予約: 確定 { $count }件

## request
cli-col-request = 申込
cli-col-received = 受付日時
cli-col-language = 言語
cli-col-topic = 相談分野
cli-col-agency = 機関
cli-col-priority = 優先度
cli-col-status = 状態
cli-col-booking = 予約
cli-field-received = 受付日時
cli-field-language = 言語
cli-field-topic = 相談分野
cli-field-agency = 機関
cli-field-modes = 相談方法
cli-field-deadline = 期限
cli-field-priority = 優先度
cli-field-nationality = 国籍
cli-field-residence-status = 在留資格
cli-field-summary = 相談内容
cli-field-tried = これまでの対応
cli-field-name = 氏名
cli-field-contact = 連絡先
cli-field-booking = 予約
cli-contact-hidden = （氏名と連絡先は非表示です。表示するには --contact を付けてください）
cli-booking-line = { $number } { $status } { $agency } { $session } 第{ $slot }枠 { $when } ブース{ $booth } { $interpreter } { $mode }
cli-request-recorded = { $id } を受け付けました（{ $language }、{ $topic }、優先度 { $priority }）。次の `soudan allocate` で割り当てます
cli-request-source-flags = コマンドライン
cli-request-edited = { $id } を修正しました（{ $fields }）
cli-request-edit-released = 予約 { $booking } は新しい内容に合わないため解除しました。`soudan allocate` で再配置してください
cli-request-cancelled = { $id } を取り消しました
cli-request-cancelled-freed = { $id } を取り消しました。空いた予約: { $bookings }
cli-request-cancel-partly = { $id }: まだ始まっていない予約 { $released } を空けました。すでに始まった相談 { $kept } は記録として残すため、申込は「予約済み」のままです

## interpreter
cli-col-interpreter = 通訳者
cli-col-languages = 言語
cli-col-modes = 通訳方法
cli-col-timezone = タイムゾーン
cli-col-booked = 担当件数
cli-col-hours = 時間
cli-interpreter-added = 通訳者 { $id } を追加しました。予約は次の `soudan allocate` で反映されます
cli-interpreter-updated = 通訳者 { $id } を更新しました。予約は次の `soudan allocate` で反映されます
cli-interpreter-unavailable = { $id } は { $dates } に対応できません
cli-interpreter-none-affected = 影響を受ける予約はありません
cli-interpreter-released = { $count }件の予約に別の通訳者が必要です: { $bookings }。`soudan allocate` で再配置してください
cli-interpreter-by-hand = 準備期間内で通訳者がいなくなった予約: { $bookings }。`soudan allocate` を実行すると、同じ枠の代わりの通訳者を探します（見つからなければ申込を待機に戻し、連絡リストに載せます）

## agency
cli-session-places = { $slots }枠 × { $booths }ブース、予約 { $booked }件
cli-session-added = { $agency } の相談日を { $when } に追加しました。`soudan allocate --month { $month }` で予約を入れてください
cli-session-added-closed = 注意: { $date } は休館日です（{ $reason }）。この日に開くのでなければ soudan agency cancel-session で取り消してください（soudan check でも表示されます）
cli-session-cancelled = { $agency } の { $date } の相談日を取り消しました。再配置する予約: { $count }件
cli-session-cancelled-rerun = （{ $bookings }）: `soudan allocate --month { $month }` を実行してください
cli-session-cancelled-move = 次の相談日にまとめて移すには: `soudan agency move-session { $agency } --date { $date } --dry-run`（計画を確かめてから --dry-run を外して実行）

## contact
cli-contact-count = 連絡が必要な相談者: { $count }人
cli-contact-count-all = 連絡が必要な相談者: { $count }人（連絡済みの { $done }件も表示しています）
cli-contact-by = { $date }までに
cli-contact-done-mark = （連絡済み）
cli-contact-done = { $id } を完了にしました（{ $request } に { $booking } の変更を連絡済み）

## allocate
cli-alloc-summary = { $month }: { $requests }件中 { $placed }件を割り当てました。{ $quality }
cli-alloc-optimal = 評価値 { $weight }（最善であることを確認済み）
cli-alloc-gap = 評価値 { $weight }（理論上の上限 { $bound }、差 { $gap } %）
cli-alloc-counts = 新規 { $new }、移動 { $moved }、通訳者変更 { $interpreter }、解除 { $released }、変更なし { $unchanged }、待ち { $waiting }
cli-alloc-at = { $agency } { $when } 第{ $slot }枠 [{ $session }]
cli-alloc-with-interpreter = 通訳 { $interpreter }（{ $mode }）
cli-alloc-direct = 通訳不要（機関が相談者の言語で対応）
cli-alloc-placed = 予約     { $request } { $number } { $at } ブース{ $booth } { $interpreter }
cli-alloc-new-interpreter = 通訳変更 { $request } { $number } { $at }: 通訳者 { $from } → { $to }
cli-alloc-moved = 移動     { $request } { $number } { $from }（{ $from_interpreter }）→ { $to }（{ $to_interpreter }）
cli-alloc-released = 解除     { $request } { $number }: { $reason }
cli-alloc-waiting = 待ち     { $request }: { $reason }

## demo
cli-demo-loaded = 内蔵の仙台サンプル（{ $month }）を { $db } に読み込みました（申込 { $count }件）
cli-demo-existing = { $db } にはすでにデータがあります。そのまま使います
cli-demo-published = カレンダーフィードを公開しました。`soudan serve` で配信し、`soudan feeds list` で URL を表示します
cli-demo-feeds = カレンダーフィード（Outlook や Google カレンダーで購読。英語は ?lang=en を付けます）:
cli-demo-interpreter-feeds = {"  "}ほかに通訳者のフィード { $count }件: `soudan feeds list --base-url { $base }`

## booking
cli-booking-moved = { $number } を { $from } から { $to } ブース{ $booth }、{ $interpreter }に移動しました。固定しています（解除は `soudan booking unpin { $number }`）
cli-booking-pinned = { $number } を固定しました
cli-booking-unpinned = { $number } の固定を解除しました

## backup, restore
cli-backup-done = { $records }件のレコード（{ $bytes } バイト）を { $file } にバックアップしました
cli-restore-done = { $file } から { $records }件のレコードを復元しました（バックアップ作成 { $created }）

## feeds
cli-feeds-revoked = （停止中: `soudan feeds rotate { $kind } { $id }` を実行してください）
cli-feeds-count = （フィード { $count }件、スナップショット { $version }）
cli-feeds-hint-english = 英語は URL に ?lang=en を付けます。
cli-feeds-hint-japanese = 日本語は URL から ?lang=en を外します。
cli-feeds-rotated = { $kind } フィード { $id } の新しい URL（古い URL はもう使えません）:

## 進行状況（端末のときだけ標準エラーに）
cli-progress = 計算中: { $phase } - 評価値 { $weight }、上限 { $bound }、差 { $gap } %、{ $seconds } 秒
cli-phase-heuristic = 最初の割り当て
cli-phase-bound = 上限の見積もり
cli-phase-second = 別の割り当てを試す
cli-phase-lns = 割り当ての改善
cli-phase-exact = 最適かどうかの確認

## check
cli-check-damaged-record = エラー: { $table } { $key }: { $error }
cli-check-damaged = 壊れたレコードが { $count }件あります。バックアップから復元してください
cli-check-error = エラー: { $message }
cli-check-warning = 警告: { $message }
cli-check-summary = 申込 { $requests }件、予約 { $bookings }件を確認しました: エラー { $errors }件、警告 { $warnings }件

## serve（アドレスの行には `http://アドレス` と直後の空白が必要: スクリプトが読みます）
cli-serve-serving = { $db } のカレンダーフィードを { $url } で配信しています（Ctrl-C で停止）
cli-serve-stopped = 停止しました
cli-serve-hint = フィードの URL: `soudan feeds list --base-url { $base }`
cli-serve-console = 担当者コンソール: { $url }（アカウントは `soudan staff add 名前 --role coordinator`）
cli-serve-console-plain-http = 注意: コンソールを暗号化なし（HTTP）でループバック以外に公開しています。パスワードと相談者の情報がネットワーク上で読めます。HTTPS のリバースプロキシを前に置き、--tls-proxy を付けてください。
cli-feeds-settings = { $kind } フィード { $id }: 取り消した予約を表示 { $cancelled }、相談日の枠 { $blocks }、個人情報 { $personal }
cli-yes = あり
cli-no = なし

# soudan feeds options
cli-feeds-options = フィードは過去 { $days } 日分の予約を載せます。電話通訳: { $phone }、ビデオ通訳: { $video }
cli-feeds-options-default = （既定）

# soudan demo: the pages
cli-demo-view = 月間ビュー（担当者用・秘密の URL）: { $url }
cli-demo-public = 公開ページ（相談日の案内・7 言語）: { $url }
cli-feeds-view = 月間ビュー（{ $id }）: { $url }

## the call list: what to tell the resident (words::contact_change)
contact-no-interpreter = 通訳不要
contact-appointment = { $when } { $agency }（{ $mode }）
contact-appointment-plain = { $when } { $agency }
contact-change-new = { $number }: 新しい予約 { $at }
contact-change-replaced = { $number }: 新しい予約 { $at }（前の予約は { $was }）
contact-change-cancelled = { $number }: 予約 { $at } は取り消されました
contact-change-waiting-again = { $number }: 予約 { $at } はできなくなり、再び予約待ちに戻りました（来所しないようお伝えください。新しい日時が決まり次第センターから連絡します）
contact-change-moved = { $number }: { $from } から { $to } に変更
contact-change-mode = { $number }: 日時は同じ（{ $when }）、通訳は { $mode } に変更（前は { $was }）
contact-change-session-cancelled = { $number }: { $at } は機関が相談会を取りやめたため中止。日程を調整中です
cli-col-interpreter-id = 通訳者ID
cli-col-name = 名前

## hand repair (booking substitutes, agency move-session)
cli-subs-head = { $number }（{ $request }、{ $language }）{ $at } の代わりの通訳者:
cli-subs-fit = { $rank }. { $who }: { $mode }、費用 { $cost }、本人の時刻 { $zone } { $local }、{ $day }
cli-subs-day = この日の予約 { $count }件／上限 { $max }件
cli-subs-day-nomax = この日の予約 { $count }件（上限なし）
cli-subs-use = 使うには: soudan booking move { $number } --interpreter { $id } --mode { $mode }
cli-subs-none = 代わりになれる通訳者はいません。日時を移すには `soudan booking move { $number } --to 相談枠ID/枠番号`、その日の予約をまとめて移すには `soudan agency move-session` を使ってください
cli-subs-unfit-head = 入れない通訳者:
cli-subs-unfit = { $who }: { $why }
cli-subs-unfit-busy = その時間は { $other } の予約があります
cli-subs-unfit-max-reached = この日の予約が上限（{ $max }件）に達しています
cli-subs-unfit-day-off = この日は休みです
cli-subs-unfit-not-available = その時間は対応できる時間外です
cli-subs-unfit-no-common-mode = 相談者・相談枠と合う通訳方法がありません
cli-move-session-plan = { $agency } の { $from } の予約を { $to } に移す計画（試し。何も変更していません）: 移せる予約 { $moved }件、移せない予約 { $stay }件
cli-move-session-done = { $agency } の { $from } の予約を { $to } に移しました: { $moved }件（固定しています）。移せなかった予約 { $stay }件
cli-move-session-nothing = { $agency } の { $from } の予約は { $to } に1件も移せませんでした。何も変更していません
cli-move-session-line = { $number }（{ $request }）: { $from } → { $to } ブース{ $booth }、{ $interpreter }
cli-move-session-substitute = { $who }、代わりの通訳者
# The interpreter a moved booking has (after its booth): 通訳 劉 梅（staff-zh-02）.
cli-moved-interpreter = 通訳 { $who }
cli-move-session-stay-head = 移せない予約（元の場所のままです）:
cli-move-session-stay = { $number }（{ $request }）: { $at } — { $why }
cli-move-session-why-full = 移す先の相談枠に空きがありません
cli-move-session-why-times = 空いている枠は、相談者が来られる日時（申込の希望日時）に合いません
cli-move-session-why-deadline = 移す先の日は相談者の期限（{ $deadline }）より後です。期限までの日を `--to 日付` で指定してください
cli-move-session-why-no-interpreter = 空いている枠に、今の通訳者も代わりの通訳者も入れません
cli-move-session-why-other = 確認で引っかかりました: { $text }
cli-move-session-stay-hint = 移せない予約は1件ずつ直せます: `soudan booking substitutes 予約番号`、`soudan booking move 予約番号 --to 相談枠ID/枠番号`、または `--to 日付` で別の相談日を指定
cli-move-session-dry-hint = 実行するには --dry-run を外してください。相談者への連絡は連絡リスト（`soudan contact list`）に載ります

# 要再調整: a confirmed booking that cannot happen as planned (model::Trouble), its reason and its repair.
trouble-state = 要再調整
trouble-session_gone = 相談会が中止・取りやめになりました
trouble-slot_gone = この枠(時間・ブース)がなくなりました
trouble-interpreter_removed = 通訳者 { $interpreter } が登録から外れました
trouble-interpreter_unavailable = 通訳者 { $interpreter } がこの時間に対応できません（休み・対応時間外・言語や方法の変更）
trouble-no_interpreter = 通訳者が決まっていません（この言語は通訳が必要です）
trouble-repair-interpreter = `soudan allocate` で同じ枠の代わりの通訳者を探します（見つからなければ別の枠・次の相談会へ移すか待機に戻します）。自分で選ぶには `soudan booking substitutes 予約番号`
trouble-repair-place = `soudan allocate` で同じ機関の別の枠・次の相談会へ移します（空きがなければ待機に戻し、連絡リストに載せます）。相談会ごと移すには `soudan agency move-session 機関ID --date 日付 --dry-run`
trouble-tell = 相談者に「この日時には来ないでください。センターから新しい日時を連絡します」と伝えてください
cli-check-trouble = 予約 { $number }（{ $request }、{ $when }）は要再調整です: { $why }。{ $repair }
contact-change-rearranging = { $number }: 予約 { $at } は予定どおりにできなくなりました（要再調整）。来所しないようお伝えください。新しい日時が決まり次第センターから連絡します
contact-change-restored = { $number }: 予約 { $at } は予定どおり行います（代わりの通訳者が決まりました）。予定どおり来所するようお伝えください
contact-change-moved-lost-interpreter = { $number }: { $from } から { $to } に変更（前の通訳者 { $interpreter } が担当できなくなったため。通訳者が変わります）
cli-alloc-held-back = 次の { $count } 件は確定済みの予約を動かす・取り消す変更のため、保留しました（相談者の予約はそのままです）:
cli-alloc-held-back-how = これらも確定するには soudan allocate --month { $month } --replan --yes を実行してください（相談者への連絡が必要になります）
cli-alloc-held-back-ask = これらの変更も確定しますか？ [y/N]
## history（型付きの出来事。words::event）
event-booked = { $booking }（{ $at }）
event-place = { $when } { $agency } 枠{ $slot } ブース{ $booth }
event-place-with = { $when } { $agency } 枠{ $slot } ブース{ $booth }（通訳 { $interpreter }・{ $mode }）
event-received = 受付（{ $language }・{ $topic }・優先度 { $priority }）
event-received-imported = 取り込みで受付（{ $language }・{ $topic }・優先度 { $priority }）
event-placed = { $booking } を予約しました: { $at }
event-replaced = { $booking } を再び予約しました: { $at }（前は { $was }）
event-moved = { $booking } を { $from } から { $to } に移しました
event-moved-by-hand = { $booking } を手作業で { $from } から { $to } に移し、固定しました
event-released = { $booking }（{ $at }）を解除しました: { $why }。次の割り当てで再配置します
event-pinned = { $booking }（{ $at }）を手作業で固定しました
event-unpinned = { $booking }（{ $at }）の固定を外しました
event-contacted = { $booking } の変更を相談者に連絡しました（{ $contact }）
event-edited = 手作業で修正しました: { $fields }
event-cancelled-waiting = 待ちのまま取り消しました
event-cancelled-released = 取り消しました。予約 { $bookings } を解除しました
event-cancelled-kept = { $bookings } はすでに始まっていたため、そのまま残します
event-cancelled-reason = 理由: { $text }
event-cancelled-referred = 紹介先: { $text }
event-why-no-longer-fits = 修正後の申込がこの予約に合いません
event-why-session-cancelled = 機関が相談会を取りやめました
event-why-session-removed = 取り込んだフォルダーから相談会がなくなりました（import --force）
event-why-interpreter-unavailable = 通訳者 { $interpreter } の都合が悪くなりました（日時と枠はそのまま）
event-why-interpreter-day-off = 取り込んだフォルダーで通訳者 { $interpreter } が休みになりました（日時と枠はそのまま）
event-list-sep = 、
event-by = { $text }（担当: { $by }）
event-sentence-sep = 。
cli-field-received = 受付日時
cli-field-name = 氏名
cli-field-contact = 連絡先
cli-field-language = 言語
cli-field-nationality = 国籍
cli-field-residence_status = 在留資格
cli-field-topic = 相談分野
cli-field-agency = 機関
cli-field-modes = 相談方法
cli-field-windows = 来られる時間
cli-field-deadline = 期限
cli-field-priority = 優先度
cli-field-summary = 相談内容
cli-field-tried = これまでに試したこと

## check の所見（cli::maintenance::finding。枠は 1 から）
cli-check-center-zone = center.toml のタイムゾーン「{ $zone }」が読めません。正しい名前（例: Asia/Tokyo）にして取り込み直してください
cli-check-missing-request = 予約 { $booking } の申込 { $request } がデータベースにありません
cli-check-above-counter = 予約 { $booking } が予約番号の通し番号（{ $counter }）より大きい番号です
cli-check-missing-interpreter = 予約 { $booking } の通訳者 { $interpreter } がデータベースにいません
cli-check-missing-agency = 予約 { $booking } の機関 { $agency } がデータベースにありません
cli-check-booth-out-of-range = 予約 { $booking } のブース番号が { $booth } です（この相談日のブースは 1〜{ $booths }）
cli-check-shared-booth = 相談日 { $session } の枠 { $slot } で、2 件の予約が同じブースを使っています
cli-check-after-deadline = 予約 { $booking }（{ $request }）は相談者の期限（{ $deadline }）より後の日です: 相談者に確かめ、soudan booking move { $booking } --to 相談枠ID/枠番号 で期限までの枠に移すか、期限を直してください
cli-check-outside-windows = 予約 { $booking }（{ $request }）は相談者が来られる日時（申込の希望日時）の外です: 相談者に確かめ、soudan booking move { $booking } --to 相談枠ID/枠番号 で移すか、soudan request edit { $request } --windows で来られる日時を直してください
cli-check-double-booked = 通訳者 { $interpreter } の予約 { $first } と { $second } の時間が重なっています
cli-check-status-disagrees = 申込 { $request } は「{ $status }」なのに、確定した予約が { $count }件あります
cli-check-agency-no-feed = 機関 { $agency } のカレンダーフィードがありません（soudan feeds list で確認できます）
cli-check-interpreter-no-feed = 通訳者 { $interpreter } のカレンダーフィードがありません（soudan feeds list で確認できます）

# staff (console accounts)
cli-role-coordinator = 担当者
cli-role-viewer = 閲覧のみ
cli-staff-added = 職員アカウント「{ $name }」を作りました（役割: { $role }）。
cli-staff-next = `soudan serve` を起動し、ブラウザーで http://127.0.0.1:8080/console/ を開いてログインしてください。
cli-staff-count = 職員アカウント { $count } 件
cli-staff-since = パスワード設定: { $date }
cli-staff-removed = 職員アカウント「{ $name }」を削除しました。ログイン中の画面も次の操作でログアウトされます。
cli-staff-passwd = 「{ $name }」のパスワードを変えました（役割: { $role }）。ログイン中の画面はログアウトされます。
cli-staff-password-prompt = パスワード（10 文字以上。入力は表示されません）: 
cli-staff-password-again = もう一度同じパスワード: 
cli-date-far = 注意: { $option } { $typed } は { $date } と読みました（今日から半年以上先です）。ほかの年のつもりなら、年を付けて入力し直してください（例: { $year_before }）

# pool (共有の通訳者プール)
cli-pool-initialised = 通訳者プールを用意しました: { $url }。各センターで `soudan pool join URL --center ID` を実行してください。
cli-pool-joined = センター「{ $center }」として通訳者プール（{ $url }）に参加しました。
cli-pool-none = このデータベースは通訳者プールに参加していません（`soudan pool join URL --center ID`）。
cli-pool-status = 通訳者プール { $url }（このセンター: { $center }、参加センター { $count } か所）
cli-pool-center = 確定 { $confirmed } 件、確保中 { $leased } 件、期限切れ { $expired } 件（参加 { $joined }）
cli-pool-left = センター「{ $center }」は通訳者プールから抜けました（解放した確保 { $count } 件）。
cli-pool-synced = プールと照合しました: 確定 { $confirmed } 件、新たに確保 { $claimed } 件、解放 { $released } 件。
cli-pool-taken = 予約 { $number }: 通訳者 { $interpreter } の { $start } は、ほかのセンター（{ $center }）が確保しています。予約はそのまま残っています。`soudan allocate` で再調整してください。
cli-alloc-without-pool = 通訳者プールに接続できないため、プールの通訳者（{ $synced } の照合時点）を除いて割り当てました。プールが戻ったら `soudan pool reconcile` を実行してください。
words-any-time = いつでも可

# A time zone as people say it (words::zone): the name from words::zones, its UTC offset.
words-zone = { $name }時間（{ $offset }）
# A zone not in that table: the offset, the IANA name as an extra.
words-zone-other = { $offset }（{ $zone }）
