# `soudan public` messages for staff (ja and en).
public-cli-chose = Languages chosen: { $langs }
public-cli-why-center = { $lang }: the center's language
public-cli-why-requests = { $lang }: { $count } request(s) in the last 12 months
public-cli-why-residents = { $lang }: { $share }% of foreign residents ({ $source })
public-cli-why-bridge = { $lang }: reaches residents of other languages (English, easy Japanese)
public-cli-why-asked = { $lang }: named with --languages
public-cli-no-profile = No regional profile: languages come from recent requests only.
public-cli-wrote = Wrote { $path }
public-cli-need-out = Writing { $count } languages needs --out DIR (or pick one with --lang).
public-cli-set = Public settings saved: { $url }
public-cli-stdout-one = Standard output takes one language: pick it with --lang, or give --out DIR.
