# clap 自身の言葉（職員向け: ja と en）: ヘルプの見出しと、打ち間違えたときの説明。
# src/cli/usage.rs が使います。clap の情報（打った引数、似た候補、使える値）は必ず残します。

## ヘルプの見出し
usage-heading = 使い方:
usage-commands = コマンド:
usage-arguments = 引数:
usage-options = オプション:
usage-options-token = オプション
usage-command-token = コマンド
usage-default = 既定: { $value }
usage-env = 環境変数: { $name }
usage-possible = 選べる値: { $values }
usage-help-about = この説明、または指定したコマンドの説明を表示する
usage-help-subcommand = 説明を見たいコマンド（例: request add）

## 小さな語
usage-quoted = 「{ $text }」
usage-list-sep = 、

## 打ち間違いの説明
usage-unknown-command = 「{ $command }」というコマンドはありません。
usage-unknown-argument = 「{ $arg }」という引数はこのコマンドにはありません。
usage-did-you-mean = もしかして: { $suggestion }
usage-invalid-value = { $arg } に「{ $value }」は指定できません。
usage-value-missing = { $arg } には値が必要ですが、指定されていません。
usage-valid-values = 指定できる値: { $values }
usage-value-rejected = { $arg } の値「{ $value }」は使えません: { $reason }
usage-reason-not-integer = 整数ではありません
usage-reason-too-large = 数が大きすぎます
usage-reason-not-number = 数ではありません
usage-reason-shape = 月の形の名前ではありません（使えるもの: { $known }）
usage-reason-scale = 規模の名前ではありません（使えるもの: { $known }）
usage-reason-month = 月として読めません（YYYY-MM、2026-1、2026/1、2026年1月 など。例: 2026-12）
usage-reason-date = 日付として読めません（YYYY-MM-DD、2026/12/19、12/19（次に来るその日）、令和8年12月19日 など。例: 2026-12-19）
usage-reason-no-such-date = その日付はありません
usage-reason-language = soudan の知らない言語です（使えるもの: { $known }）
usage-no-equals = { $arg } の値は「=」でつないでください（例: { $arg }=値）。
usage-too-many-values = { $arg } に余分な値「{ $value }」があります。
usage-too-few-values = { $arg } には値が { $expected } 個以上必要ですが、{ $actual } 個でした。
usage-wrong-number-of-values = { $arg } には値が { $expected } 個必要ですが、{ $actual } 個でした。
usage-conflict = { $arg } は { $others } と一緒には指定できません。
usage-conflict-others = { $arg } はほかに指定した引数と一緒には指定できません。
usage-conflict-repeated = { $arg } は1回だけ指定できます。
usage-missing-arguments = 次の引数を指定してください:
usage-missing-command = 「{ $command }」の後にコマンドを指定してください。
usage-valid-commands = 使えるコマンド: { $commands }
usage-incomplete = 「{ $command }」だけでは何をするか決まりません。下の一覧からコマンドを続けて指定してください。
usage-invalid-utf8 = 引数に UTF-8 でない文字が含まれています。
usage-tip-as-value = 「{ $arg }」を値として渡すには「{ $typed }」と書いてください。
usage-tip-remove-dashes = 「{ $command }」はコマンドです。前の「--」を外してください。
usage-tip-exists = 「{ $typed }」なら使えます。
usage-more = 使い方の説明: `{ $command } --help`
usage-fallback = コマンドラインを読めませんでした（clap の説明をそのまま示します）:
