# A stack that conflicts with itself, for bad-input.sh: two identical egress rules. The harness, on
# an emulator it started, deploys once more after such a conflict (an emulator under load can lose
# the answer to a create); this stack must fail the second time too, with its error, nothing left.
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
}
# the same rule twice: AWS (and moto) refuse the second as a duplicate
resource "aws_vpc_security_group_egress_rule" "one" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.9.0.0/16"
}
resource "aws_vpc_security_group_egress_rule" "again" {
  security_group_id = aws_security_group.g.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.9.0.0/16"
}
