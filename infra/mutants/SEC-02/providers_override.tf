locals {
  db_password_parameter_arn = aws_ssm_parameter.db_password_plain.arn
}
