# Daily snapshot of the database by a Lambda function on an EventBridge schedule (DATA-03).

locals {
  backup_function_name = "${var.name_prefix}-db-snapshot"
  lambda_zip_path      = coalesce(var.lambda_zip_path, "${path.module}/build/snapshot.zip")
  db_instance_arn      = "arn:${local.partition}:rds:${local.region}:${local.account_id}:db:${local.db_identifier}"
  db_snapshot_arns     = "arn:${local.partition}:rds:${local.region}:${local.account_id}:snapshot:${local.db_identifier}-*"
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${local.backup_function_name}"
  retention_in_days = 14
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "backup" {
  name                 = "${var.name_prefix}-backup-role"
  description          = "m300 database snapshot function"
  assume_role_policy   = data.aws_iam_policy_document.lambda_assume.json
  permissions_boundary = var.permissions_boundary_arn
}

# Exactly: create/describe snapshots of this database, tag them, write own logs (IAM-04).
data "aws_iam_policy_document" "backup" {
  statement {
    sid    = "SnapshotTheDatabase"
    effect = "Allow"
    actions = [
      "rds:CreateDBSnapshot",
      "rds:DescribeDBInstances",
      "rds:AddTagsToResource",
    ]
    resources = [
      local.db_instance_arn,
      local.db_snapshot_arns,
    ]
  }

  statement {
    sid     = "WriteOwnLogs"
    effect  = "Allow"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      aws_cloudwatch_log_group.lambda.arn,
      "${aws_cloudwatch_log_group.lambda.arn}:*",
    ]
  }
}

resource "aws_iam_role_policy" "backup" {
  name   = "${var.name_prefix}-backup"
  role   = aws_iam_role.backup.id
  policy = data.aws_iam_policy_document.backup.json
}

resource "aws_lambda_function" "backup" {
  function_name    = local.backup_function_name
  description      = "m300: daily snapshot of ${local.db_identifier}"
  role             = aws_iam_role.backup.arn
  runtime          = "python3.12"
  handler          = "snapshot.handler"
  filename         = local.lambda_zip_path
  source_code_hash = filebase64sha256(local.lambda_zip_path)
  timeout          = 60
  memory_size      = 128

  environment {
    variables = {
      DB_INSTANCE_IDENTIFIER = aws_db_instance.this.identifier
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy.backup,
  ]
}

resource "aws_cloudwatch_event_rule" "backup" {
  name                = "${var.name_prefix}-db-snapshot-daily"
  description         = "m300: daily snapshot of ${local.db_identifier}"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "backup" {
  rule      = aws_cloudwatch_event_rule.backup.name
  target_id = "${var.name_prefix}-db-snapshot"
  arn       = aws_lambda_function.backup.arn
}

resource "aws_lambda_permission" "backup_events" {
  statement_id  = "AllowEventBridgeDailySnapshot"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.backup.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.backup.arn
}
