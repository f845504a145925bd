# @summary A list of strings as a YAML flow sequence of double-quoted scalars: `["a", "b"]`.
#
# @api private
#
# @param values
#   The strings.
# @return [String] The flow sequence.
function backups::yaml_list(Array[String] $values) >> String {
  "[${values.map |$value| { backups::yaml_string($value) }.join(', ')}]"
}
