# The CI user "imported from the old pipeline": named without the run prefix, and keeping its
# old run-id tag (a resource tag overrides the provider's default tag of the same key). The
# deploy policy goes straight on the user.
resource "aws_iam_user" "ci_deployer" {
  name = "ci-deployer-${var.name_prefix}"
  tags = {
    "m300:run-id" = "legacy-ci"
  }
}

resource "aws_iam_policy" "ci_deploy" {
  name = "${var.name_prefix}-ci-deploy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
      Resource = [aws_ecs_service.wordpress.id]
    }]
  })
}

resource "aws_iam_user_policy_attachment" "ci_deploy" {
  user       = aws_iam_user.ci_deployer.name
  policy_arn = aws_iam_policy.ci_deploy.arn
}
