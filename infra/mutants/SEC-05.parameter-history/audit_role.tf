# An audit role for the security team's Lambda that reports when the database password last changed.
# It "only reads the history", but GetParameterHistory returns every value the parameter held,
# the current password included. Written as an inline policy with jsonencode (not a policy document).
resource "aws_iam_role" "password_audit" {
  name = "${var.name_prefix}-password-audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  inline_policy {
    name = "password-rotation-audit"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["ssm:GetParameterHistory", "ssm:DescribeParameters"]
        Resource = local.db_password_parameter_arn
      }]
    })
  }
}
