# @summary A time span as kaizen reads it: one or more parts of a number and a unit `s`, `m`, `h`, `d` or `w`
#   (`30s`, `10m`, `26h`, `1d12h`), not zero.
type Backups::Time_span = Pattern[/\A([0-9]+[smhdw])+\z/]
