# NET-01 mutant: the database is made public, and moved into a subnet group of the public subnets
# (routed to the internet gateway). A new group rather than a changed one: moto 5.2 cannot modify
# a DB subnet group's subnets ("Root object was present, but now absent").
resource "aws_db_instance" "this" {
  publicly_accessible  = true
  db_subnet_group_name = aws_db_subnet_group.mutant_public.name
}
