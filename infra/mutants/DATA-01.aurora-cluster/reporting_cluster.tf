# MUTANT DATA-01.aurora-cluster: a reporting cluster whose storage is not encrypted.
# (No aws_rds_cluster_instance: moto 5.2.1 gives every DB instance the same resource ID, and a
# second instance next to aws_db_instance.this fails the apply. The cluster alone is a database.)
resource "aws_rds_cluster" "reporting" {
  cluster_identifier = "${var.name_prefix}-reporting"
  engine             = "aurora-mysql"
  engine_version     = "8.0.mysql_aurora.3.05.2"

  database_name   = "reporting"
  master_username = "reporting"
  # the stack's own password path (SEC-02/SEC-03 see nothing new): write-only, from the ephemeral parameter
  master_password_wo         = ephemeral.aws_ssm_parameter.db_password.value
  master_password_wo_version = 1

  storage_encrypted = false

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]

  backup_retention_period = 7
  skip_final_snapshot     = true
  apply_immediately       = true
}
