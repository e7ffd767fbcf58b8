# "The legacy entrypoint reads DB_PASS": the secret stays, and the password is also handed over as plain environment.
locals {
  app_environment = {
    WORDPRESS_DB_HOST = aws_db_instance.this.address
    WORDPRESS_DB_NAME = aws_db_instance.this.db_name
    WORDPRESS_DB_USER = aws_db_instance.this.username
    DB_PASS           = "${var.name_prefix}-stand-in"
  }
}

