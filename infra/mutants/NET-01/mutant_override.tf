# NET-01 mutant: the database is made public, placed in subnets routed to the internet gateway.
resource "aws_db_instance" "this" {
  publicly_accessible = true
}

resource "aws_db_subnet_group" "this" {
  subnet_ids = aws_subnet.public[*].id
}
