output "db_password_parameter_name" {
  value = aws_ssm_parameter.db_password_plain.name
}
