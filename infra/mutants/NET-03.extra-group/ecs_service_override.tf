resource "aws_ecs_service" "wordpress" {
  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.ecs.id, aws_security_group.ecs_debug.id]
    assign_public_ip = false
  }
}
