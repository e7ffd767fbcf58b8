# An operators' group "that may do everything except IAM and secrets": Allow with NotAction,
# which grants every other action of every service. No member yet.
resource "aws_iam_group" "ops" {
  name = "${var.name_prefix}-ops"
}

data "aws_iam_policy_document" "ops" {
  statement {
    sid         = "EverythingButIdentityAndSecrets"
    effect      = "Allow"
    not_actions = ["iam:*", "organizations:*", "ssm:*", "kms:*", "secretsmanager:*"]
    resources   = ["*"]
  }
}

resource "aws_iam_group_policy" "ops" {
  name   = "${var.name_prefix}-ops"
  group  = aws_iam_group.ops.name
  policy = data.aws_iam_policy_document.ops.json
}
