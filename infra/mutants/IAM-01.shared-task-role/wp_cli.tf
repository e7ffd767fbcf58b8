# One-off admin tasks (plugin updates, search-replace) with wp-cli. They need what WordPress needs,
# so they run under the same task role.
resource "aws_ecs_task_definition" "wp_cli" {
  family                   = "${var.name_prefix}-wp-cli"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  task_role_arn            = aws_iam_role.ecs_task.arn
  execution_role_arn       = aws_iam_role.ecs_execution.arn

  container_definitions = jsonencode([
    {
      name      = "wp-cli"
      image     = "wordpress:cli"
      essential = true
      command   = ["wp", "--info"]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.ecs.name
          "awslogs-region"        = local.region
          "awslogs-stream-prefix" = "wp-cli"
        }
      }
    }
  ])
}
