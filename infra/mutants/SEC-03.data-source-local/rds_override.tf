# The instance takes its password from the shared local instead of the write-only argument.
resource "aws_db_instance" "this" {
  password_wo         = null
  password_wo_version = null
  password            = local.db_master_password
}
