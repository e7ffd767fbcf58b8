# A stack that conflicts with itself, for bad-input.sh: the same egress rule written inline in its
# group and again as a rule resource (a classic slip). The harness, on an emulator it started,
# deploys once more after such a conflict (an emulator under load can lose the answer to a create);
# this stack must fail the second time too, with its error, and leave nothing behind.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.100" }
  }
  backend "s3" {}
}
provider "aws" {}
variable "name_prefix" { type = string }
resource "aws_vpc" "v" { cidr_block = "10.9.0.0/16" }
resource "aws_security_group" "g" {
  name   = "${var.name_prefix}-g"
  vpc_id = aws_vpc.v.id
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.v.cidr_block]
  }
}
# created after the group and its inline rule: AWS (and moto) refuse it as a duplicate
resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.v.cidr_block
}
