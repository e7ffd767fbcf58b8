data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# --- Task role: what the application itself may do (IAM-01) ------------------------

resource "aws_iam_role" "ecs_task" {
  name                 = "${var.name_prefix}-ecs-task-role"
  description          = "m300 WordPress task role"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  permissions_boundary = var.permissions_boundary_arn
}

data "aws_iam_policy_document" "eni_management" {
  statement {
    sid    = "EniManagement"
    effect = "Allow"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DeleteNetworkInterface",
      "ec2:AttachNetworkInterface",
      "ec2:DetachNetworkInterface",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "eni_management" {
  name        = "${var.name_prefix}-eni-management"
  description = "m300 ENI management, attached to the ECS task role only (IAM-02)"
  policy      = data.aws_iam_policy_document.eni_management.json
}

resource "aws_iam_role_policy_attachment" "ecs_task_eni" {
  role       = aws_iam_role.ecs_task.name
  policy_arn = aws_iam_policy.eni_management.arn
}

# --- Execution role: what ECS needs to start the task (SEC-05) ----------------------
# Not AmazonECSTaskExecutionRolePolicy: a customer policy scoped to this stack.

resource "aws_iam_role" "ecs_execution" {
  name                 = "${var.name_prefix}-ecs-execution-role"
  description          = "m300 WordPress task execution role"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks_assume.json
  permissions_boundary = var.permissions_boundary_arn
}

data "aws_iam_policy_document" "ecs_execution" {
  statement {
    sid       = "EcrAuth"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid    = "EcrPull"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchGetImage",
    ]
    resources = ["arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/*"]
  }

  statement {
    sid     = "WriteEcsLogs"
    effect  = "Allow"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      aws_cloudwatch_log_group.ecs.arn,
      "${aws_cloudwatch_log_group.ecs.arn}:*",
    ]
  }

  statement {
    sid       = "ReadDbPassword"
    effect    = "Allow"
    actions   = ["ssm:GetParameters"]
    resources = [local.db_password_parameter_arn]
  }

  # The parameter is encrypted with the AWS-managed key alias/aws/ssm; decrypt only through SSM.
  statement {
    sid       = "DecryptDbPassword"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [local.ssm_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["ssm.${local.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "ecs_execution" {
  name        = "${var.name_prefix}-ecs-execution"
  description = "m300 ECS task execution: image pull, logs, the DB password parameter only"
  policy      = data.aws_iam_policy_document.ecs_execution.json
}

resource "aws_iam_role_policy_attachment" "ecs_execution" {
  role       = aws_iam_role.ecs_execution.name
  policy_arn = aws_iam_policy.ecs_execution.arn
}

# The AWS-managed key that encrypts the SecureString parameter (the harness creates the
# parameter with the default key). Reading the alias puts only key IDs into state.
data "aws_kms_alias" "ssm" {
  name = "alias/aws/ssm"
}

locals {
  ssm_kms_key_arn = data.aws_kms_alias.ssm.target_key_arn
}
