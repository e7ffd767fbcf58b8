# MUTANT NET-06: the private route table sends 0.0.0.0/0 to the internet gateway instead of the NAT gateway.
resource "aws_route" "private_nat" {
  nat_gateway_id = null
  gateway_id     = aws_internet_gateway.this.id
}
