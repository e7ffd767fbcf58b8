data "aws_ssm_parameter" "mutant_db_password" {
  name            = var.db_password_parameter_name
  with_decryption = true
}
