# MUTANT NET-03: the tasks run in the public subnets with a public IP (as the original project did).
resource "aws_ecs_service" "wordpress" {
  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.ecs.id]
    assign_public_ip = true
  }
}
