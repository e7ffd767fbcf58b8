# MUTANT NET-05: the VPC's default security group admits all traffic from everywhere.
resource "aws_default_security_group" "this" {
  ingress = [{
    description      = "mutant: allow all"
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}
