# clap's own words (staff text: ja and en): help headings and what a typo gets.
# Used by src/cli/usage.rs. clap's information (the argument typed, similar names, valid
# values) is always kept.

## Help headings
usage-heading = Usage:
usage-commands = Commands:
usage-arguments = Arguments:
usage-options = Options:
usage-options-token = OPTIONS
usage-command-token = COMMAND
usage-default = default: { $value }
usage-env = env: { $name }
usage-possible = possible values: { $values }
usage-help-about = Print this message or the help of the given command
usage-help-subcommand = The command to explain (e.g. request add)

## Small words
usage-quoted = '{ $text }'
usage-list-sep = ,{" "}

## Typos explained
usage-unknown-command = There is no command '{ $command }'.
usage-unknown-argument = This command has no argument '{ $arg }'.
usage-did-you-mean = Did you mean: { $suggestion }
usage-invalid-value = { $arg } cannot be '{ $value }'.
usage-value-missing = { $arg } needs a value, and none was given.
usage-valid-values = Valid values: { $values }
usage-value-rejected = The value '{ $value }' of { $arg } is not usable: { $reason }
usage-reason-not-integer = not a whole number
usage-reason-too-large = the number is too large
usage-reason-not-number = not a number
usage-reason-shape = not a month shape (use one of: { $known })
usage-reason-scale = not a scale (use one of: { $known })
usage-reason-month = not a month (YYYY-MM, 2026-1, 2026/1 or 2026年1月, e.g. 2026-12)
usage-reason-date = not a date (YYYY-MM-DD, 2026/12/19, 12/19 for the coming one or 令和8年12月19日, e.g. 2026-12-19)
usage-reason-no-such-date = there is no such date
usage-reason-language = a language soudan does not know (use one of: { $known })
usage-no-equals = Join the value of { $arg } with '=' (e.g. { $arg }=value).
usage-too-many-values = { $arg } has an extra value '{ $value }'.
usage-too-few-values = { $arg } needs at least { $expected } values; it got { $actual }.
usage-wrong-number-of-values = { $arg } needs { $expected } values; it got { $actual }.
usage-conflict = { $arg } cannot be used together with { $others }.
usage-conflict-others = { $arg } cannot be used together with the other arguments given.
usage-conflict-repeated = { $arg } can be given only once.
usage-missing-arguments = Give these arguments too:
usage-missing-command = '{ $command }' needs a command after it.
usage-valid-commands = Commands: { $commands }
usage-incomplete = '{ $command }' alone does not say what to do: add one of the commands below.
usage-invalid-utf8 = An argument contains characters that are not UTF-8.
usage-tip-as-value = To pass '{ $arg }' as a value, write '{ $typed }'.
usage-tip-remove-dashes = '{ $command }' is a command: remove the '--' before it.
usage-tip-exists = '{ $typed }' exists.
usage-more = How to use it: `{ $command } --help`
usage-fallback = The command line could not be read (clap's explanation follows):
