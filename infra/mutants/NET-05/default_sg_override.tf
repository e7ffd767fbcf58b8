# MUTANT NET-05: the VPC's default security group admits all traffic from everywhere.
resource "aws_default_security_group" "this" {
  ingress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
