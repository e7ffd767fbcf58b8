resource "aws_db_subnet_group" "this" {
  name        = "${var.name_prefix}-db-subnets"
  description = "m300 database: private subnets only"
  subnet_ids  = aws_subnet.private[*].id
}

# Read at plan/apply time only: ephemeral values never reach state or plan files (SEC-03).
ephemeral "aws_ssm_parameter" "db_password" {
  arn             = local.db_password_parameter_arn
  with_decryption = true
}

resource "aws_db_instance" "this" {
  identifier     = local.db_identifier
  engine         = "mysql"
  engine_version = "8.0"
  instance_class = var.db_instance_class

  allocated_storage = 20
  storage_type      = "gp3"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.data.arn

  db_name  = "wordpress"
  username = "wordpress"
  # Write-only: sent to AWS, never stored in state. Bump the version to rotate.
  password_wo         = ephemeral.aws_ssm_parameter.db_password.value
  password_wo_version = 1

  port                   = local.db_port
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = false

  backup_retention_period    = 7
  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = true
  skip_final_snapshot        = true
  deletion_protection        = false
  apply_immediately          = true
}
