# Shared words every audience's texts use. Resident texts: all seven languages.

# The language's own name, as a reader of it writes it (language switchers, slips).
language-name = English
# The language's name followed by its tag, e.g. on a switcher: English (en).
language-name-with-code = { language-name } ({ $code })
