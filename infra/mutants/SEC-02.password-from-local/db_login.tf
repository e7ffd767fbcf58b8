# The database's password is no longer read from Parameter Store: it is derived from the run's
# prefix ("we only need it for the test environment"). The harness's parameter still exists and
# the containers still read it, but nothing sets the database from it.
locals {
  wp_db_login = "wp-${substr(sha256("${var.name_prefix}-db"), 0, 24)}"
}
