# @summary A value of the node configuration as YAML: a string quoted (`backups::yaml_string`), a list of strings
#   as a flow sequence (`backups::yaml_list`), an integer or boolean as it is.
#
# @api private
#
# @param value
#   The value.
# @return [String] The YAML scalar or flow sequence.
function backups::yaml_value(Variant[String, Integer, Boolean, Array[String]] $value) >> String {
  $value ? {
    String        => backups::yaml_string($value),
    Array[String] => backups::yaml_list($value),
    default       => String($value),
  }
}
