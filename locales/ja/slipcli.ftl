# Staff messages of `soudan slip` and `soudan contact slips` (ja and en).

slipcli-wrote = 予約票 { $booking }（{ $lang }）を { $path } に書き出しました
slipcli-contact-line = { $item } { $booking }（{ $lang }）
slipcli-contact-done = { $count } 件の予約票を { $dir } に書き出しました
