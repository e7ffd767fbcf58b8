# "Let the snapshot function clean up after a failed restore test": a second inline policy on
# the function's role, next to the least-privilege one, adding one explicit RDS action.
resource "aws_iam_role_policy" "backup_cleanup" {
  name = "${var.name_prefix}-backup-cleanup"
  role = aws_iam_role.backup.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "CleanupRestoreTests"
        Effect   = "Allow"
        Action   = ["rds:DeleteDBInstance"]
        Resource = [local.db_instance_arn]
      }
    ]
  })
}
