# @summary A string as a YAML double-quoted scalar (backslashes and double quotes escaped).
#
# The module's types keep control characters out of every value that reaches a template, so these two
# escapes are all a double-quoted scalar needs.
#
# @api private
#
# @param value
#   The string.
# @return [String] The quoted scalar, e.g. `"a \"b\""`.
function backups::yaml_string(String $value) >> String {
  $escaped = $value.regsubst(/\\/, '\\\\\\\\', 'G').regsubst(/"/, '\\\\"', 'G')
  "\"${escaped}\""
}
