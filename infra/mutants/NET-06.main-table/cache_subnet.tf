# Subnet for the cache tier (ElastiCache comes later). No association: it uses the main table.
resource "aws_subnet" "cache" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, 12)
  availability_zone = local.azs[0]

  tags = { Name = "${var.name_prefix}-cache-${local.azs[0]}", Tier = "private" }
}

# "Default route for the VPC" on the main route table.
resource "aws_route" "main_default" {
  route_table_id         = aws_vpc.this.main_route_table_id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}
