resource "aws_db_instance" "this" {
  # write-only, so nothing reaches state (SEC-03 stays unaffected); the version is unchanged, so the
  # deployed database is not modified: only the stack's code says where its password now comes from
  password_wo = local.wp_db_login
}
