# IAM-05 mutant: an inline policy that grants every action on everything (on the flow-log role,
# so that no other control's role changes). The Deny on SSM keeps the password unreadable, so
# that SEC-05 (no other principal of the stack may read it) does not fail with it.
resource "aws_iam_role_policy" "flow_log_admin" {
  name = "${var.name_prefix}-flow-log-admin"
  role = aws_iam_role.flow_log.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*:*", Resource = "*" },
      { Effect = "Deny", Action = "ssm:*", Resource = "*" },
    ]
  })
}
