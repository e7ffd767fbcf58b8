# IAM-04 mutant: the snapshot function's role may do anything in RDS.
data "aws_iam_policy_document" "backup" {
  statement {
    sid       = "AllOfRds"
    effect    = "Allow"
    actions   = ["rds:*"]
    resources = [local.db_instance_arn, local.db_snapshot_arns]
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
