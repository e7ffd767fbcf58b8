# SEC-02 mutant. The SecureString parameter is a prerequisite the harness creates, not a
# Terraform resource, so it cannot be overridden. Instead the stack copies the password into a
# second parameter of type String (plain text) and from then on names that one everywhere: the
# task definition's secret, the execution role's policy and the database's password read (all
# through local.db_password_parameter_arn) and the db_password_parameter_name/arn outputs. The
# value is written write-only (value_wo), so the password still stays out of state (SEC-03 keeps
# passing); only the parameter's type is wrong.

# Reads the harness's SecureString (override files cannot change an ephemeral block, and the
# original one now reads the plain copy).
ephemeral "aws_ssm_parameter" "db_password_source" {
  arn             = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.db_password_parameter_name, "/")}"
  with_decryption = true
}

resource "aws_ssm_parameter" "db_password_plain" {
  name             = "/${var.name_prefix}/db/password-plain"
  type             = "String"
  value_wo         = ephemeral.aws_ssm_parameter.db_password_source.value
  value_wo_version = 1
}
