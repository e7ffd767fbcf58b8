# The database now uses RDS's default key (rds_default_key.tf) instead of the stack's own.
resource "aws_db_instance" "this" {
  kms_key_id = data.aws_kms_key.rds_default.arn
}
