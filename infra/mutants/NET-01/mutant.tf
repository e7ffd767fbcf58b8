# NET-01 mutant (continued): a subnet group over the public subnets, and 3306 open to the internet.
resource "aws_db_subnet_group" "mutant_public" {
  name       = "${var.name_prefix}-db-public"
  subnet_ids = aws_subnet.public[*].id
}

resource "aws_vpc_security_group_ingress_rule" "mutant_db_from_internet" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 3306
  to_port           = 3306
  cidr_ipv4         = "0.0.0.0/0"
}
