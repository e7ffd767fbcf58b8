# A role for the CI pipeline's smoke test, which reads the database password to log in.
data "aws_iam_policy_document" "ci_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ci_smoke" {
  name               = "${var.name_prefix}-ci-smoke"
  assume_role_policy = data.aws_iam_policy_document.ci_assume.json
}

data "aws_iam_policy_document" "ci_smoke" {
  statement {
    sid       = "ReadDbPasswordForSmokeTest"
    effect    = "Allow"
    actions   = ["ssm:GetParameter"]
    resources = [local.db_password_parameter_arn]
  }
}

resource "aws_iam_role_policy" "ci_smoke" {
  name   = "${var.name_prefix}-ci-smoke"
  role   = aws_iam_role.ci_smoke.id
  policy = data.aws_iam_policy_document.ci_smoke.json
}
