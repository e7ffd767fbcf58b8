# The CI user "that already existed": managed through the ops provider configuration, which has
# no default tags, named without the run prefix. The deploy policy goes straight on the user.
provider "aws" {
  alias  = "ops"
  region = data.aws_region.current.name
}

resource "aws_iam_user" "ci_deployer" {
  provider = aws.ops
  name     = "ci-deployer-${var.name_prefix}"
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
