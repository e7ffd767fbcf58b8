# Customer-managed key for the database (and its snapshots) and the alerts topic (DATA-01).

data "aws_iam_policy_document" "kms" {
  # Account root administers the key; IAM policies then decide who may use it.
  # No "Principal": "*" statement (DATA-04).
  statement {
    sid       = "EnableAccountRootPermissions"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # CloudWatch alarms publish to the KMS-encrypted alerts topic.
  statement {
    sid       = "AllowCloudWatchAlarmsToUseKeyForSns"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key" "data" {
  description             = "${var.name_prefix} m300 data key (RDS, snapshots, SNS)"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = data.aws_iam_policy_document.kms.json

  tags = { Name = "${var.name_prefix}-data" }
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.name_prefix}-data"
  target_key_id = aws_kms_key.data.key_id
}
