# Container Insights writes to this group. Declared here so that Terraform owns it: tagged (the
# provider's default tags), with a retention, and destroyed with the stack. Otherwise ECS creates it
# untagged on first use and nothing would ever delete it.
resource "aws_cloudwatch_log_group" "container_insights" {
  name              = "/aws/ecs/containerinsights/${var.name_prefix}-cluster/performance"
  retention_in_days = 14
}

resource "aws_ecs_cluster" "this" {
  name = "${var.name_prefix}-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  depends_on = [aws_cloudwatch_log_group.container_insights]
}

resource "aws_ecs_task_definition" "wordpress" {
  family                   = "${var.name_prefix}-wordpress"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  task_role_arn            = aws_iam_role.ecs_task.arn
  execution_role_arn       = aws_iam_role.ecs_execution.arn

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
      # No password here: it comes from Parameter Store as a secret (SEC-04).
      environment = [
        { name = "WORDPRESS_DB_HOST", value = aws_db_instance.this.address },
        { name = "WORDPRESS_DB_NAME", value = aws_db_instance.this.db_name },
        { name = "WORDPRESS_DB_USER", value = aws_db_instance.this.username },
      ]
      secrets = [
        { name = "WORDPRESS_DB_PASSWORD", valueFrom = local.db_password_parameter_arn },
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

resource "aws_ecs_service" "wordpress" {
  name            = "${var.name_prefix}-wordpress"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.wordpress.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.ecs.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "wordpress"
    container_port   = local.app_port
  }

  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy_attachment.ecs_execution,
  ]
}
