# 相談窓口フォルダーの問題。「ファイル:行: 項目: …」に続く文（項目名はファイルに書かれたとおり）。
# `$value` はファイルに書かれた値。

import-empty = 空欄です（必須項目です）
import-too-long = { $max } 文字を超えています（全部で { $count } 文字）
import-control-character = 制御文字 { $code } が含まれています。削除してください
import-negative = `{ $value }` は負の数です
import-too-large = `{ $value }` は大きすぎます（上限 { $max }）
import-not-number = `{ $value }` は整数として読めません
import-not-id = `{ $value }` は ID として使えません（半角英数字・「-」「_」、64 文字まで）
import-not-time = `{ $value }` は時刻として読めません（例: 13:00、9:00、9時30分）
import-time-seconds = `{ $value }`: 時と分だけを書いてください（秒は :00 のみ）
import-not-date = `{ $value }` は日付として読めません（例: 2026-12-12、2026/12/12、2026年12月12日、令和8年12月12日）
import-date-ambiguous = `{ $value }` は「月/日」とも「日/月」とも読めます。年を先に書いてください（2026-12-01、2026/12/01、2026年12月1日、令和8年12月1日）
import-date-era = `{ $value }`: 元号は令和のみ使えます。西暦で書いてください（例: 2026-12-12）
import-date-before-reiwa = `{ $value }` は令和の日付ではありません（令和は 2019-05-01＝令和元年5月1日から）
import-weekday-mismatch = `{ $value }`: { $date } の曜日は { $weekday } です。日付か曜日を確認してください
import-not-datetime = `{ $value }` は日時として読めません（例: 2026-11-20T10:15、2026/11/20 10:15、2026年11月20日 10時15分）
import-not-mode = `{ $value }` は相談方法として読めません（in_person（対面）、video（ビデオ）、phone（電話）のいずれか）
import-modes-empty = 相談方法を一つ以上書いてください（in_person、video、phone）
import-not-time-range = `{ $value }` は時間帯として読めません（例: 09:00-17:00、9:00〜17:00）
import-end-not-after-start = `{ $value }`: 終了が開始より後になっていません
import-not-day = `{ $value }` は曜日として読めません（例: 土、土曜日、sat、Saturday）
import-not-weekly-window = `{ $value }` は毎週の時間帯として読めません（例: `月-金 9:00-17:00`、`mon-fri 09:00-17:00`）
import-not-dated-window = `{ $value }` は日付つきの時間帯として読めません（例: `2026-12-13 09:00-12:00`）
import-not-window = `{ $value }` は希望日時として読めません（例: `土`、`土 13:00-17:00`、`2026/12/12`、`2026/12/12 13:00-16:00`）
import-window-no-24 = `{ $value }`: ここでは 24:00 ではなく 23:59 と書いてください
import-not-priority = `{ $value }` は優先度として読めません（normal（通常）、high（高）、urgent（緊急）のいずれか）
import-not-country = `{ $value }` は ISO 3166 の国コードではありません（半角英字 2 文字、例: NP）
import-unknown-topic = 相談分野 `{ $value }` は center.toml にありません
import-unknown-agency = 機関 `{ $value }` は agencies.toml にありません
import-agency-topic = 機関 `{ $agency }` は相談分野 `{ $topic }` を扱っていません
import-duplicate-request = 相談 ID `{ $id }` が重複しています
import-duplicate-interpreter = 通訳者 ID `{ $id }` が重複しています
import-languages-empty = 言語を一つ以上書いてください
import-max-per-day-zero = 0 では一件も割り当てられません。上限がなければ空欄にしてください
import-outside-month = { $date } はこのフォルダーの基準月 { $month } の外です
import-header-unreadable = 見出し行が読めません: { $detail }
import-file-empty = ファイルが空です。見出し行が必要です: { $columns }
import-not-header = 1 行目がこのファイルの見出し行ではありません（期待する列: { $columns }）。ファイルを取り違えていませんか
import-column-twice = 同じ列が二つあります
import-column-unnamed = 列名がありません（期待する列: { $columns }）
import-column-unknown = 不明な列です（期待する列: { $columns }）
import-column-missing = 見出し行にこの列がありません
import-row-length = この行は { $count } 項目ですが、見出し行は { $expected } 項目です（項目内のカンマは引用符で囲み、引用符は閉じてください）
import-request-differs = 相談 { $id } は内容の違うものがすでにデータベースにあります。変更は `soudan request` コマンドで行うか、新しい相談には別の ID を付けてください
import-request-field-differs = 相談 { $id } はデータベースにあり、この項目が違います: データベースでは { $stored_empty ->
        [yes] 空欄
       *[no] `{ $stored }`
    }、ファイルでは { $written_empty ->
        [yes] 空欄
       *[no] `{ $written }`
    }。相談の変更は `soudan request edit { $id }` で行い、ファイルも同じに直してください（新しい相談なら別の ID を付けてください）
import-request-dates-differ = 違うのは日付だけです（相談 { $count } 件、どれもデータベースが { $days } 日後）。データベースの日付は、見本の日付をずらして（center.toml の reference_month）取り込んだものではありませんか。reference_month を戻して同じ月で取り込むか、`soudan init フォルダー --month 月` でその月のフォルダーを作ってください
import-lead-days = { $value } は受付締切の日数として使えません（0 から { $max } まで）
import-not-topic-id = `{ $value }` は相談分野の ID として使えません（半角英小文字・数字・「_」「-」）
import-duplicate-topic = 相談分野 ID `{ $id }` が重複しています
import-no-topic = [[topic]] が一つもありません。機関と相談には相談分野が必要です
import-unknown-language = 言語コード `{ $value }` は soudan が知らないコードです（例: zh、ne、vi。一覧は `soudan languages`）
import-not-language = `{ $value }` は言語コードとして読めません（ta や fil などの ISO 639 コード、または other:言語名。主なものは `soudan languages` で確認できます）
import-other-language-name = `{ $value }`: other: の後に言語名を書いてください（1〜60 文字、例: other:Rohingya）
import-unknown-timezone = `{ $value }` はタイムゾーンとして読めません（Asia/Tokyo のような IANA 名）
import-session-ends-before-start = 相談枠の終了（{ $end }）が開始（{ $start }）より前です
import-slot-minutes-range = { $value } は範囲外です（{ $min }〜{ $max } 分）
import-slot-longer-than-session = { $slot } 分の枠は { $session } 分の相談枠より長くなっています
import-out-of-range = { $value } は範囲外です（{ $min }〜{ $max }）
import-no-agency = [[agency]] が一つもありません
import-not-agency-id = `{ $value }` は機関の ID として使えません（半角英小文字・数字・「_」「-」）
import-duplicate-agency = 機関 ID `{ $id }` が重複しています
import-agency-topics-empty = 機関には相談分野が一つ以上必要です
import-not-week = { $value } は月の第何週かとして読めません（1〜5、最終週は -1）
import-cancelled-not-a-session-date = { $date }（{ $weekday }）はこの機関の [[agency.session]] の開催日ではないため、取り消す枠がありません
import-not-text = UTF-8 でも Shift_JIS でもないテキストです（最初の不正なバイトは { $offset } バイト目）。Excel では「CSV UTF-8 (コンマ区切り)」で保存してください
import-file-too-large = 大きすぎます（上限 { $mb } MB）。ファイルを取り違えていませんか
import-unknown-field = 不明な項目です（使える項目: { $columns }）

# 取り込みで変わること（`soudan import`、`--dry-run`）。一つの記録・項目につき 1 行。
# `$record` は下の import-change-agency / import-change-interpreter、`$items` は日付（連続する日は
# 「12月14日～31日」とまとめる）や時間帯の並び。

import-change-new-database = 新しいデータベース: 機関 { $agencies } 件、通訳者 { $interpreters } 人、相談 { $requests } 件
import-change-agency = 機関「{ $name }」（{ $id }）
import-change-interpreter = 通訳者 { $name }（{ $id }）
import-change-request = 相談 { $id }
import-record-interpreter = 通訳者 { $id }
import-change-cp932-lost = 警告: { $place }: { $field }: { $record } の `{ $stored }` をそのまま残しました（ファイルでは `{ $written }`）。Excel が CSV を Shift_JIS（CP932）で保存したため、その文字が書けず「?」になっています。Excel では「CSV UTF-8 (コンマ区切り)」で保存してください
import-change-new = { $record }: 新規（フォルダー）
import-change-left = { $record }: フォルダーからなくなったので、今後は割り当てません（記録・予約・経過は残ります。戻すときはフォルダーに行を戻して取り込み直してください）
import-change-new-requests = 相談: 新規 { $count } 件（フォルダー）
import-change-patterns = { $record }: 開催パターンをフォルダーの内容に置き換えます
import-change-from-folder = { $record }の{ $field }: { $was } → { $now }（フォルダーで変更）
import-change-kept-field = { $record }の{ $field }: { $ours } のままにします（コマンドで変更済み。フォルダーは { $folder }）
import-change-set = { $record }の{ $set }: { $parts }
import-change-part-sep = 。
import-change-set-added = { $items } を追加（フォルダー）
import-change-set-removed = { $items } を削除（フォルダー）
import-change-set-kept = { $items } はそのまま残します（コマンドで追加済み）
import-change-set-kept-removed = { $items } は削除したままにします（コマンドで削除済み）

import-field-show-personal-details = フィードへの個人情報の表示
import-field-name = 氏名
import-field-languages = 言語
import-field-modes = 相談方法
import-field-timezone = タイムゾーン
import-field-weekly = 毎週の勤務時間
import-field-max-per-day = 1 日の上限
import-field-cost = 費用

import-set-one-off-sessions = 臨時の相談枠
import-set-cancelled = 休止日
import-set-dates-off = 休み
import-set-extra-windows = 追加の勤務時間

import-value-yes = する
import-value-no = しない
import-value-none = なし
import-value-no-limit = 上限なし
import-value-costs = 対面 { $in_person }・ビデオ { $video }・電話 { $phone }

# 読み取りの確認（元号や 2 桁の年）。`$place` は「ファイル:行」、`$field` は列名（ファイルに書かれたとおり）。
import-note = 注: { $place }: { $field }: { $written } → { $read }（このとおりに読みました。違っていれば直してください）
import-closed-year-end = `{ $value }` は年末年始の休館として読めません（true、false、または ["12-29", "01-03"] のような最初と最後の月日）
import-not-on-closed = `{ $value }` は休館日の扱いとして読めません（skip: その月は開催しない、next_open: 同じ月の次の開館日に移す）

# フォルダーやファイルが読めないとき（何が起きたか、どうすればよいか）
import-folder-missing = このフォルダーはありません。パスを確かめてください（取り込むのは { $files } を入れたフォルダーです）
import-folder-is-a-file = これはフォルダーではなくファイルです。{ $files } を入れたフォルダーを指定してください
import-folder-permission = このフォルダーを開く権限がありません。フォルダーのアクセス許可を確かめるか、読める場所にコピーしてください
import-folder-empty = このフォルダーには取り込むファイルが一つもありません。{ $files } を入れたフォルダーを指定してください（soudan init で雛形を作れます）
import-file-missing = ありません。このフォルダーに { $name } を置いてください
import-file-permission = 読む権限がありません。ファイルのアクセス許可を確かめるか、Excel などで閉じてから保存し直してください
import-file-is-a-folder = ファイルではなくフォルダーです。{ $name } はファイルとして置いてください
import-file-special = 普通のファイルではありません（パイプやデバイス）。Excel やテキストエディターで保存したファイルを置いてください
import-file-unreadable = 読めません（{ $detail }）。ディスクやネットワークドライブの状態を確かめてください
