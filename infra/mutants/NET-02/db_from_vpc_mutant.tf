# MUTANT NET-02: MySQL is also open from the whole VPC, not only from the application tier.
resource "aws_vpc_security_group_ingress_rule" "db_from_vpc_mutant" {
  security_group_id = aws_security_group.db.id
  description       = "MUTANT NET-02: MySQL from the whole VPC"
  ip_protocol       = "tcp"
  from_port         = local.db_port
  to_port           = local.db_port
  cidr_ipv4         = var.vpc_cidr
}
