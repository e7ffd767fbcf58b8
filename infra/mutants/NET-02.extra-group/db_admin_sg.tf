# Admin access to MySQL from anywhere in the VPC (bastion / migrations job).
resource "aws_security_group" "db_admin" {
  name        = "${var.name_prefix}-db-admin-sg"
  description = "m300 RDS admin access from inside the VPC"
  vpc_id      = aws_vpc.this.id
}

resource "aws_vpc_security_group_ingress_rule" "db_admin_mysql" {
  security_group_id = aws_security_group.db_admin.id
  description       = "MySQL from the VPC"
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
  cidr_ipv4         = aws_vpc.this.cidr_block
}
