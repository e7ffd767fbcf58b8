# IAM-03 mutant: a user of the stack with a policy attached directly. (A customer-managed
# policy: moto 5.2.1 does not load AWS-managed policies such as ReadOnlyAccess by default.)
resource "aws_iam_user" "operator" {
  name = "${var.name_prefix}-operator"
}

resource "aws_iam_policy" "operator" {
  name = "${var.name_prefix}-operator-read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["rds:DescribeDBInstances"], Resource = "*" }]
  })
}

resource "aws_iam_user_policy_attachment" "operator" {
  user       = aws_iam_user.operator.name
  policy_arn = aws_iam_policy.operator.arn
}
