resource "aws_db_instance" "this" {
  vpc_security_group_ids = [aws_security_group.db.id, aws_security_group.db_admin.id]
}
