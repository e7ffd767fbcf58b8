# "The app team's parameter": a copy of the password under the app's own path, as a plain String.
resource "aws_ssm_parameter" "app_db_password" {
  name             = "/${var.name_prefix}/app/db-password"
  type             = "String"
  value_wo         = ephemeral.aws_ssm_parameter.db_password.value
  value_wo_version = 1
}
