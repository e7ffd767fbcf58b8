# The task definition built from local.app_environment (app_environment.tf).
resource "aws_ecs_task_definition" "wordpress" {
  container_definitions = jsonencode([
    {
      name         = "wordpress"
      image        = var.app_image
      essential    = true
      portMappings = [{ containerPort = local.app_port, hostPort = local.app_port, protocol = "tcp" }]
      environment  = [for k, v in local.app_environment : { name = k, value = v }]
      secrets      = [{ name = "WORDPRESS_DB_PASSWORD", valueFrom = local.db_password_parameter_arn }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.ecs.name
          "awslogs-region"        = local.region
          "awslogs-stream-prefix" = "wordpress"
        }
      }
    }
  ])
}
