# DATA-03 mutant: no automated backups.
resource "aws_db_instance" "this" {
  backup_retention_period = 0
}
