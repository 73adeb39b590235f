# soudan が処理を断ったとき（終了コード 1）や失敗したとき（終了コード 2）に表示する文と、その対処。


errors-invalid-imported = 問題が { $count } 件見つかりました。何も取り込んでいません:
errors-invalid-recorded = 問題が { $count } 件見つかりました。何も登録していません:
errors-invalid-changed = 問題が { $count } 件見つかりました。何も変更していません:
errors-internal = 内部エラーです（終了コード 2）。処理を完了できませんでした。下の英語の詳細を soudan の管理者に伝えてください。データベースに関わる場合は `soudan check` を実行してください。
errors-store-locked = データベース { $dir } は別の処理（{ $holder }）が使用中です。
    {"  "}そのコマンドの終了を待つか、止めて（kill { $pid }）からやり直してください。
errors-store-locked-unknown = データベース { $dir } は別の soudan が使用中です。
    {"  "}終了を待ってからやり直してください。
errors-store-newer-schema = データベース { $dir } は新しい版の soudan で書かれています（スキーマ { $found }。この版が扱えるのは { $supported } まで）。
    {"  "}soudan を更新してください。データには手を付けていません。
errors-store-not-a-database = { $dir } は soudan のデータベースではありません: { $reason }
errors-refusal-empty-database = データベースが空です。先に `soudan import フォルダー` か `soudan demo` を実行してください
errors-refusal-unknown-request = 申込 { $id } はありません。`soudan request list` で一覧を確認できます
errors-refusal-unknown-booking = 予約 { $number } はありません。月の予約は `soudan report` で確認できます
errors-refusal-unknown-agency = 機関 { $id } はありません。`soudan agency list` で一覧を確認できます
errors-refusal-unknown-interpreter = 通訳者 { $id } はいません。`soudan interpreter list` で一覧を確認できます
errors-refusal-unknown-contact = 連絡項目 { $id } はありません。未完了の連絡は `soudan contact list` で確認できます
errors-refusal-staff-exists = 職員アカウント「{ $name }」はもうあります。パスワードを変えるときは `soudan staff passwd { $name }` です
errors-refusal-unknown-staff = 職員アカウント「{ $name }」はありません。`soudan staff list` で一覧を確認できます
errors-refusal-bad-staff-name = 職員の名前「{ $name }」は使えません。空でなく、40 文字以内で、前後の空白や制御文字のない名前にしてください
errors-refusal-weak-password = パスワードが短すぎます。{ $min } 文字以上にしてください
errors-refusal-password-too-long = パスワードが長すぎます（{ $max } バイトまで）
errors-refusal-passwords-differ = 2 回入力したパスワードが一致しません。何も変更していません。もう一度実行してください
errors-refusal-changed-meanwhile = この画面を開いた後で、{ $what } が別の画面かコマンドで変更されました。何も変更していません。最新の内容を確認してからもう一度操作してください
errors-refusal-month-changed = プレビューを開いた後で、{ $month } の割り当てが読む内容（{ $parts }）が別の画面かコマンドで変更されました。何も変更していません。もう一度プレビューを開いて確かめてから確定してください
errors-refusal-request-not-waiting = 申込 { $id } は「{ $status }」です。場所を決められるのは待ちの申込だけです（予約済みの申込は予約の移動で）
errors-month-part-requests = 申込
errors-month-part-bookings = 予約
errors-month-part-interpreters = 通訳者
errors-month-part-agencies = 機関と相談日
errors-month-part-center = センターの設定
errors-month-part-pins = 固定
errors-month-part-weights = 優先度の重み
errors-refusal-unknown-feed = { $kind } のフィード { $id } はありません。`soudan feeds list` で一覧を確認できます
errors-refusal-request-exists = { $source }: id: 申込 { $id } はすでに登録されています
errors-refusal-missing-field = { $source }: { $field }: 入力がありません（--{ $flag } で指定するか --from のファイルに書いてください）
errors-refusal-request-cancelled = 申込 { $id } は取り消し済みです。新しい申込として登録してください
errors-refusal-request-already-cancelled = 申込 { $id } はすでに取り消されています
errors-refusal-id-cannot-change = 相談の ID は変更できません
errors-refusal-nothing-to-change = 申込 { $id }: 変更する内容がありません
errors-refusal-contact-done = { $id } はすでに連絡済みです
errors-refusal-booking-cancelled = 予約 { $number } は取り消されています（相談の状態: { $status }）。新しい相談として登録してください
errors-refusal-booking-past = 予約 { $number } は { $start } に始まっています。過去の予約は記録としてそのまま残ります（カレンダー・月次報告）。改めて相談する場合は、新しい申込を登録してください（`soudan request add`）
errors-refusal-consultation-took-place = 申込 { $id } の相談はすでに行われました。予約 { $number } は { $start } に始まっており、記録としてそのまま残ります（カレンダー・月次報告）。改めて相談する場合は、新しい申込を登録してください（`soudan request add`）
errors-refusal-no-open-session = 受付中の相談枠 { $session } はありません（存在しないか、すでに始まっています）
errors-refusal-not-a-session-id = `{ $id }` は相談枠の ID ではありません（`soudan agency list --month YYYY-MM` で確認できます）
errors-refusal-pin-not-confirmed = 予約 { $number } は確定していません。固定できるのは確定済みの予約だけです
errors-refusal-already-pinned = 予約 { $number } はすでに固定されています
errors-refusal-not-pinned = 予約 { $number } は固定されていません
errors-refusal-no-session-on-date = { $agency } は { $date } に相談枠がありません（相談日は `soudan agency list` で確かめられます）
errors-refusal-import-strands = このフォルダーを取り込むと、確定済みの予約 { $count } 件が相談枠か通訳者を失います。何も取り込んでいません:
      { $list }
    まちがって消した相談日・通訳者ならフォルダーに戻して取り込み直してください。消すのが正しければ、先に予約を移す（`soudan booking move 予約番号`）か、--force で取り込んでください（その予約は次の `soudan allocate` で割り当て直されます）。--dry-run ですべての変更を確認できます
errors-refusal-range-reversed = --to { $to } が --from { $from } より前です
errors-refusal-range-too-long = 期間が 1 年を超えています。短くしてください
errors-refusal-session-in-past = { $date } { $start } の相談枠は過去になります（センターの現在時刻は { $now }）。過去の相談枠は追加できません
errors-refusal-session-started = { $session } は { $start } に始まっています（センターの現在時刻は { $now }）。始まった相談枠は記録として残り、取り消せません。その日のまだ始まっていない予約は、1件ずつ移動（`soudan booking move`）または取り消し（`soudan request cancel`）できます
errors-refusal-end-not-after-start = --end { $end } が --start { $start } より後になっていません
errors-refusal-slot-does-not-fit = --slot-minutes { $slot } は { $minutes } 分の相談枠に収まりません
errors-refusal-booths-or-modes = --booths は { $min }〜{ $max } にし、--modes は空にしないでください
errors-refusal-slot-out-of-range = { $session } の枠番号は 1〜{ $last } です
errors-refusal-cannot-move = 予約 { $number } は { $session } の枠 { $slot } に移せません:
    {"  "}{ $reasons }
errors-refusal-cannot-move-with = 予約 { $number } は { $session } の枠 { $slot }（通訳者 { $interpreter }）に移せません:
    {"  "}{ $reasons }
errors-refusal-no-slot-for-substitutes = 予約 { $number } の相談枠はもうありません（相談日の取り消しなど）。代わりの通訳者ではなく、日時を移してください: `soudan agency move-session 機関ID --date 日付`（その日の予約をまとめて）または `soudan booking move { $number } --to 相談枠ID/枠番号`
errors-refusal-nothing-to-move-on-date = { $agency } の { $date } に、移せる確定済みの予約はありません。日付を `soudan agency list` で確かめてください
errors-refusal-no-next-session = { $agency } には { $date } より後の相談日がありません。`soudan agency add-session { $agency } --date 日付 --start 時刻 --end 時刻` で相談日を足すか、`--to 日付` で移す先を指定してください
errors-refusal-move-session-same-date = --to { $date }: 移す元と同じ日です。別の日付を指定してください
errors-refusal-agency-personal-details = 機関のフィードに個人情報を載せるかどうかは agencies.toml のその機関の `show_personal_details = true` で決まります。そこを変えて取り込み直してください
errors-refusal-interpreter-personal-details = 通訳者のフィードには相談者の個人情報を載せられません
errors-refusal-session-blocks-agency-only = 相談枠ブロックは機関のフィードにだけあります
errors-refusal-option-range = --{ $option } { $value }: { $min }～{ $max } の値にしてください
errors-refusal-plan-target = --target { $value }: 0 より大きく 1 以下の割合にしてください（例: 0.9）
errors-refusal-what-if-form = --what-if `{ $spec }`: 読めません。add-session=機関ID、remove-session=機関ID、interpreter-hours=言語[:方法]:+時間 のいずれかで書いてください
errors-refusal-what-if-agency-id = --what-if `{ $spec }`: 機関の ID を書いてください（例: add-session=immigration）
errors-refusal-what-if-hours-form = --what-if `{ $spec }`: 言語[:方法]:+時間 の形で書いてください（例: ne:+6、ne:video:-3）
errors-refusal-what-if-mode = --what-if `{ $spec }`: 相談方法は in_person（対面）、video（ビデオ）、phone（電話）のいずれかです
errors-refusal-what-if-language = --what-if `{ $spec }`: 言語コードを書いてください（例: ne）
errors-refusal-what-if-hours = --what-if `{ $spec }`: 時間は 0 以外の数にしてください（例: +6、-3）
errors-refusal-what-if-unknown-kind = --what-if `{ $spec }`: 知らない種類です（add-session、remove-session、interpreter-hours のいずれか）
errors-refusal-what-if-unknown-agency = --what-if `{ $spec }`: 機関 { $id } はありません（機関: { $agencies }）
errors-refusal-forecast-too-large = { $month } の予測は { $total } 件で、soudan が計画できる月 { $max } 件を超えます。地域の人口表（--profile）は一つの市町村のものですか
errors-refusal-base-url = --base-url: `{ $url }` は { $max } 文字以内の http(s) の URL ではありません
errors-refusal-public-render = 公開用の出力を作れません: { $detail }
errors-refusal-write-stdout = 標準出力に書き込めません: { $reason }
errors-refusal-cannot-write = { $path } に書き込めません: { $reason }
errors-refusal-out-names-no-file = --out { $path } はファイル名になっていません
errors-refusal-out-not-a-folder = --out { $path } はフォルダーではありません（--lang を付けなければ言語ごとに 1 ファイルずつ書きます）
errors-refusal-init-not-empty = フォルダー { $path } にはすでにファイルがあります。上書きはしません。空のフォルダーか、まだないフォルダーを指定してください
errors-refusal-init-not-a-folder = { $path } はフォルダーではなくファイルです。作るフォルダーの名前を指定してください
errors-refusal-dangling-booking = 予約 { $number } の申込 { $request } がありません。`soudan check` を実行してください
errors-refusal-join-text = --{ $field }: 改行や制御文字のない 1 行、{ $max } 文字以内にしてください
errors-refusal-window-days = --window-days: { $max } 日までにしてください
errors-refusal-intake-file = { $path }: { $detail }
errors-refusal-intake-syntax = { $path }:{ $line }: TOML または JSON として読めません: { $detail }
errors-refusal-intake-not-a-table = { $path }: 相談の項目の表（TOML のキー = 値、JSON のオブジェクト）になっていません
errors-refusal-unknown-status = --status { $value }: waiting（待ち）、booked（予約済み）、cancelled（取り消し）のいずれかにしてください
errors-refusal-not-a-time = --{ $option } { $value }: 時刻は HH:MM で書いてください（例: 13:00）
errors-refusal-unknown-mode = --modes: `{ $value }` は相談方法ではありません（in_person（対面）、video（ビデオ）、phone（電話）を「;」で区切って）
errors-refusal-move-target = --to { $value }: 相談枠ID/枠番号（枠は 1 から数えます）で書いてください（例: immigration-2026-12-26/2）
errors-refusal-feed-args = --feed { $value }: 種類と ID を書いてください（種類は agency、interpreter、coordinator のいずれか。例: --feed agency bar）
errors-refusal-time-limit = --time-limit { $value }: 正の秒数にしてください
errors-refusal-unknown-knobs = --knobs { $value }: { $presets } のいずれかにしてください
errors-refusal-not-utf8 = { $path }: UTF-8 のテキストではありません（{ $offset } バイト目が不正）
errors-unreadable = { $path } を読めません
errors-refusal-public-not-url = { $flag }: `{ $value }` は http:// か https:// で始まる { $max } 文字以内の URL ではありません
errors-refusal-public-not-phone = --phone: `{ $value }` は電話番号ではありません（数字、空白、+ - ( ) のみ、40 文字以内）
errors-strand-session = 予約 { $number }（申込 { $request }）: { $agency } { $when } — この相談日がフォルダーにありません
errors-strand-interpreter = 予約 { $number }（申込 { $request }）: { $agency } { $when } — 通訳 { $interpreter } がフォルダーからいなくなるか、この日に対応できなくなります
errors-refusal-unknown-language = 言語「{ $value }」はわかりません。日本語名・英語名・コード（例: ベトナム語、Vietnamese、vi）で書いてください。`soudan languages` で一覧を確認できます。コードのない言語は other:名前 で書きます
errors-refusal-unknown-language-suggest = 言語「{ $value }」はわかりません。{ $suggestion } のことですか？ `soudan languages` で一覧を確認できます
errors-refusal-unknown-topic = 相談分野「{ $value }」はありません。次のいずれかにしてください: { $choices }
errors-refusal-unknown-topic-suggest = 相談分野「{ $value }」はありません。{ $suggestion } のことですか？ 次のいずれかにしてください: { $choices }
errors-refusal-ambiguous-language = 「{ $value }」に当てはまる言語が複数あります。次のいずれかで書いてください: { $choices }
errors-refusal-ambiguous-topic = 「{ $value }」に当てはまる相談分野が複数あります。次のいずれかで書いてください: { $choices }
errors-refusal-ambiguous-interpreter = 「{ $value }」に当てはまる通訳者が複数あります。ID で書いてください: { $choices }
errors-refusal-input-date = { $option } { $value }: 日付が読めません（例: 2027-01-02、2027/1/2、1/2（次に来るその日）、令和9年1月2日）

## 割り当ての規則に反すること（booking move の拒否理由。枠は 1 から）
errors-fault-invalid = 割り当ての入力そのものが正しくありません
errors-fault-unknown-request = { $request } という相談はありません
errors-fault-not-once = { $request } が { $times } 回出てきます（1 回だけのはずです）
errors-fault-unknown-session = { $request }: 相談日 { $session } はありません
errors-fault-slot-out-of-range = { $request }: 相談日 { $session } に枠 { $slot } はありません
errors-fault-topic-not-served = { $request }: 相談日 { $session } の機関はこの相談分野（または指定の機関）に当たりません
errors-fault-outside-windows = { $request }: 相談者の来られる時間の外です
errors-fault-after-deadline = { $request }: 枠の終わりが期限より後です
errors-fault-interpreter-not-needed = { $request }: 通訳は要らないので、通訳者と通訳方法は付けられません
errors-fault-interpreter-needed = { $request }: 通訳者と通訳方法が必要です
errors-fault-unknown-interpreter = { $request }: 通訳者 { $interpreter } はいません
errors-fault-does-not-speak = { $request }: 通訳者 { $interpreter } は{ $language }を話しません
errors-fault-mode-not-accepted = { $request }: 通訳方法「{ $mode }」は相談者・相談日・通訳者のすべてには合いません
errors-fault-not-available = { $request }: 通訳者 { $interpreter } はその時間に空いていません
errors-fault-over-booths = 相談日 { $session } の枠 { $slot }: ブースは { $booths } つなのに予約が { $count } 件になります
errors-fault-overlap = 通訳者 { $interpreter } の予約が重なります（{ $first } と { $second }）
errors-fault-over-max-per-day = 通訳者 { $interpreter }: 1 日 { $count } 件になり、上限 { $max } 件を超えます
errors-fault-pin-not-kept = { $request }: 固定した予約が変わってしまいます
errors-fault-objective = 割り当ての合計値が合いません
errors-unreadable-missing = { $path } はありません。ファイル名と場所を確かめてください
errors-unreadable-permission = { $path } を読む権限がありません。ファイルのアクセス許可を確かめるか、読める場所にコピーしてください
errors-unreadable-not-a-folder = { $path } を開けません。途中の名前がフォルダーではなくファイルです。パスを確かめてください
errors-unreadable-folder = { $path } はフォルダーです。その中のファイルを指定してください
errors-unreadable-special = { $path } は普通のファイルではありません（パイプやデバイス）。保存したファイルを指定してください

errors-backup-too-large = { $path } は soudan のバックアップとしては大きすぎます。`soudan backup` で作ったファイルを指定してください。何も変更していません
errors-backup-bad-header = { $path } は soudan のバックアップではありません。`soudan backup` で作ったファイルを指定してください。何も変更していません
errors-backup-damaged = { $path } は壊れているか途中で切れています（コピーの失敗など）。別のバックアップを指定してください。何も変更していません
errors-backup-newer = { $path } は新しい版の soudan で作られたバックアップです。その版の soudan で復元してください。何も変更していません
errors-backup-damaged-records = { $path } には読めないレコードが { $count }件あります。別のバックアップを指定してください。何も復元していません
errors-backup-inconsistent = { $path } のデータはつじつまが合いません（問題 { $count }件）。別のバックアップを指定してください。何も復元していません
errors-backup-not-empty = { $dir } にはすでにデータがあります。バックアップで置き換えるには --force を付けてください（今のデータは消えます。先に `soudan backup` で保存しておくと安全です）。何も変更していません
# 共有の通訳者プール（PostgreSQL、issue 25）
errors-refusal-pool-taken = 通訳者 { $interpreter } は { $start } にほかのセンター（{ $center }）で予約されています。再割り当てを試しましたが決まりませんでした。何も変更していません。もう一度 `soudan allocate` を実行してください
errors-refusal-pool-center-id = センター ID「{ $center }」は使えません。1〜64 文字で、制御文字を含まない ID を指定してください
errors-refusal-pool-other-center = このデータベースはセンター「{ $center }」として通訳者プールに参加しています。別の ID で参加するには、先に `soudan pool leave` を実行してください
errors-refusal-pool-never-synced = 共有の通訳者プールに接続できず、このデータベースはまだ一度もプールと照合していないため、どの通訳者がプールの通訳者か分かりません。何も変更していません。プールが動いているときに `soudan pool reconcile` を実行してから、もう一度実行してください
errors-refusal-pool-unreachable-allocate = 共有の通訳者プール（{ $url }）に接続できません。何も変更していません。PostgreSQL サーバーが動いているか確認してから、もう一度実行してください。プールの通訳者を除いて割り当てるには `soudan allocate --without-pool-interpreters` を実行してください（詳細: { $detail }）
errors-pool-unreachable = 共有の通訳者プール（{ $url }）に接続できません。何も変更していません。PostgreSQL サーバーが動いているか、ネットワークを確認してから、もう一度実行してください（詳細: { $detail }）
errors-pool-no-schema = { $url } には soudan の通訳者プールがありません。先に `soudan pool init URL` を実行してください
errors-pool-newer-schema = { $url } の通訳者プールは新しい soudan で作られています（版 { $found }、この soudan は版 { $supported } まで）。soudan を更新してください
errors-pool-older-schema = { $url } の通訳者プールは古い soudan で作られています（版 { $found }、この soudan は版 { $supported }）。`soudan pool init URL` を実行して更新してください
errors-pool-bad-url = PostgreSQL の接続先として読めません: { $url }（例: postgres://soudan:パスワード@127.0.0.1:5432/pool）
errors-pool-center-taken = センター ID「{ $center }」はほかの soudan データベースがすでに使っています。別の ID を指定してください
errors-pool-not-joined = このデータベース（センター「{ $center }」）は通訳者プールに参加していません。`soudan pool join URL --center ID` で参加してください
errors-pool-taken = ほかのセンターが先に予約した通訳者がいます。何も変更していません: { $list }
