resource "aws_ecs_task_definition" "wordpress" {
  container_definitions = jsonencode([
    {
      name      = "wordpress"
      image     = var.app_image
      essential = true
      portMappings = [
        {
          containerPort = local.app_port
          hostPort      = local.app_port
          protocol      = "tcp"
        }
      ]
      environment = [
        { name = "WORDPRESS_DB_HOST", value = aws_db_instance.this.address },
        { name = "WORDPRESS_DB_NAME", value = aws_db_instance.this.db_name },
        { name = "WORDPRESS_DB_USER", value = aws_db_instance.this.username },
      ]
      secrets = [
        { name = "WORDPRESS_DB_PASSWORD", valueFrom = aws_ssm_parameter.app_db_password.name },
      ]
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
