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
errors-refusal-unknown-request = 相談 { $id } はありません。`soudan request list` で一覧を確認できます
errors-refusal-unknown-booking = 予約 { $number } はありません。月の予約は `soudan report` で確認できます
errors-refusal-unknown-agency = 機関 { $id } はありません。`soudan agency list` で一覧を確認できます
errors-refusal-unknown-interpreter = 通訳者 { $id } はいません。`soudan interpreter list` で一覧を確認できます
errors-refusal-unknown-contact = 連絡項目 { $id } はありません。未完了の連絡は `soudan contact list` で確認できます
errors-refusal-unknown-feed = { $kind } のフィード { $id } はありません。`soudan feeds list` で一覧を確認できます
errors-refusal-request-exists = { $source }: id: 相談 { $id } はすでに登録されています
errors-refusal-missing-field = { $source }: { $field }: 入力がありません（--{ $flag } で指定するか --from のファイルに書いてください）
errors-refusal-request-cancelled = 相談 { $id } は取り消し済みです。新しい相談として登録してください
errors-refusal-request-already-cancelled = 相談 { $id } はすでに取り消されています
errors-refusal-id-cannot-change = 相談の ID は変更できません
errors-refusal-nothing-to-change = 相談 { $id }: 変更する内容がありません
errors-refusal-contact-done = { $id } はすでに連絡済みです
errors-refusal-booking-cancelled = 予約 { $number } は取り消されています（相談の状態: { $status }）。新しい相談として登録してください
errors-refusal-booking-past = 予約 { $number } は { $start } に始まっています。過去の予約は記録としてそのまま残ります（カレンダー・月次報告）。改めて相談する場合は、新しい相談を登録してください（`soudan request add`）
errors-refusal-consultation-took-place = 相談 { $id } はすでに行われました。予約 { $number } は { $start } に始まっており、記録としてそのまま残ります（カレンダー・月次報告）。改めて相談する場合は、新しい相談を登録してください（`soudan request add`）
errors-refusal-no-open-session = 受付中の相談枠 { $session } はありません（存在しないか、すでに始まっています）
errors-refusal-not-a-session-id = `{ $id }` は相談枠の ID ではありません（`soudan agency list --month YYYY-MM` で確認できます）
errors-refusal-pin-not-confirmed = 予約 { $number } は確定していません。固定できるのは確定済みの予約だけです
errors-refusal-already-pinned = 予約 { $number } はすでに固定されています
errors-refusal-not-pinned = 予約 { $number } は固定されていません
errors-refusal-no-session-on-date = { $agency } は { $date } に相談枠がありません
errors-refusal-import-strands = このフォルダーを取り込むと、確定済みの予約 { $count } 件が相談枠か通訳者を失います。何も取り込んでいません:
      { $list }
    --dry-run ですべての変更を確認してフォルダーを直すか、--force で取り込んでください（その予約は次の `soudan allocate` で割り当て直されます）
errors-refusal-range-reversed = --to { $to } が --from { $from } より前です
errors-refusal-range-too-long = 期間が 1 年を超えています。短くしてください
errors-refusal-session-in-past = { $date } { $start } の相談枠は過去になります（センターの現在時刻は { $now }）。過去の相談枠は追加できません
errors-refusal-session-started = { $session } は { $start } に始まっています（センターの現在時刻は { $now }）。始まった相談枠は記録として残り、取り消せません。その日のまだ始まっていない予約は、1件ずつ移動（`soudan booking move`）または取り消し（`soudan request cancel`）できます
errors-refusal-end-not-after-start = --end { $end } が --start { $start } より後になっていません
errors-refusal-slot-does-not-fit = --slot-minutes { $slot } は { $minutes } 分の相談枠に収まりません
errors-refusal-booths-or-modes = --booths は { $min }〜{ $max } にし、--modes は空にしないでください
errors-refusal-slot-out-of-range = { $session } の枠番号は 0〜{ $last } です
errors-refusal-cannot-move = 予約 { $number } は { $session } の枠 { $slot } に移せません:
    {"  "}{ $reasons }
errors-refusal-cannot-move-with = 予約 { $number } は { $session } の枠 { $slot }（通訳者 { $interpreter }）に移せません:
    {"  "}{ $reasons }
errors-refusal-agency-personal-details = 機関のフィードに個人情報を載せるかどうかは agencies.toml のその機関の `show_personal_details = true` で決まります。そこを変えて取り込み直してください
errors-refusal-interpreter-personal-details = 通訳者のフィードには相談者の個人情報を載せられません
errors-refusal-session-blocks-agency-only = 相談枠ブロックは機関のフィードにだけあります
errors-unreadable = { $path } を読めません
