# SEC-04 mutant: the password is passed in the container's plain environment, as the original
# project did, instead of as a secret. The value is a stand-in built from the run id (the real
# password here would also put it into state and break SEC-03; a literal would break SEC-01).
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
        { name = "WORDPRESS_DB_PASSWORD", value = "${var.name_prefix}-in-plain-env" },
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
