# MUTANT MON-02.unwatched-service: background workers, one service per queue, added next to the
# web service. Monitoring was "to follow in the next sprint".
locals {
  workers = {
    scheduler = 1
  }
}

resource "aws_ecs_service" "worker" {
  for_each = local.workers

  name                   = "${var.name_prefix}-${each.key}"
  cluster                = aws_ecs_cluster.this.arn
  task_definition        = aws_ecs_task_definition.wordpress.arn
  desired_count          = each.value
  launch_type            = "FARGATE"
  enable_execute_command = false

  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.ecs.id]
  }
}
