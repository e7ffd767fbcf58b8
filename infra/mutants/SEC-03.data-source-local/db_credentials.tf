# Database credentials, read once and shared through a local.
data "aws_ssm_parameter" "db_credentials" {
  name = var.db_password_parameter_name
}

locals {
  db_master_password = data.aws_ssm_parameter.db_credentials.value
}
