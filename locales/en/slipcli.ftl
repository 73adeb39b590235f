# Staff messages of `soudan slip` and `soudan contact slips` (ja and en).

slipcli-wrote = wrote slip { $booking } ({ $lang }) to { $path }
slipcli-contact-line = { $item } { $booking } ({ $lang })
slipcli-contact-done = { $count ->
        [one] wrote 1 slip to { $dir }
       *[other] wrote { $count } slips to { $dir }
    }
