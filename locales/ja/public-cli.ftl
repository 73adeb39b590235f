# `soudan public` messages for staff (ja and en).
public-cli-chose = 選んだ言語：{ $langs }
public-cli-why-center = { $lang }：センターの言語
public-cli-why-requests = { $lang }：過去12か月の相談申込 { $count } 件
public-cli-why-residents = { $lang }：外国人住民の { $share }%（{ $source }）
public-cli-why-bridge = { $lang }：ほかの言語の住民にも届く（英語・やさしい日本語）
public-cli-why-asked = { $lang }：--languages で指定
public-cli-no-profile = 地域プロファイルなし：言語は最近の相談申込だけから選びました。
public-cli-wrote = 書き出しました：{ $path }
public-cli-need-out = { $count } 言語分を書き出すには --out DIR が必要です（1言語だけなら --lang で指定）。
public-cli-set = 公開設定を保存しました：{ $url }
public-cli-stdout-one = 標準出力には1言語だけ書けます：--lang で選ぶか --out DIR を指定してください。
