# @summary A command run without a shell: the program (a name on `PATH` or an absolute path) and its arguments,
#   one line each. Dump sources and hooks take one.
type Backups::Command = Array[Pattern[/\A[^\x00-\x1f\x7f]*\z/], 1]
