# IAM-03 mutant: a user of the stack with a managed policy attached directly.
resource "aws_iam_user" "operator" {
  name = "${var.name_prefix}-operator"
}

resource "aws_iam_user_policy_attachment" "operator" {
  user       = aws_iam_user.operator.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}
