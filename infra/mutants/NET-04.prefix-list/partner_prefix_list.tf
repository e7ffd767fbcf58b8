resource "aws_ec2_managed_prefix_list" "partner" {
  name           = "${var.name_prefix}-partner"
  address_family = "IPv4"
  max_entries    = 5

  entry {
    cidr        = "198.51.100.0/24"
    description = "partner NAT range"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_partner" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from the partner"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_ec2_managed_prefix_list.partner.id
}
