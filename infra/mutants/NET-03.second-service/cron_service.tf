# MUTANT NET-03.second-service: a worker service for WordPress cron jobs, "temporarily" in the
# public subnets with a public IP so it can reach the internet without the NAT gateway.
resource "aws_ecs_service" "cron" {
  name            = "${var.name_prefix}-wp-cron"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.wordpress.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.ecs.id]
    assign_public_ip = true
  }
}
