# SEC-03 mutant: the classic wiring. The data source copies the password into state (its `value`),
# and `password` stores it again on the instance.
resource "aws_db_instance" "this" {
  password_wo         = null
  password_wo_version = null
  password            = data.aws_ssm_parameter.mutant_db_password.value
}
