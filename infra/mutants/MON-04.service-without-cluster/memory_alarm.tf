# MUTANT MON-04.service-without-cluster: the right names, an incomplete dimension set.
resource "aws_cloudwatch_metric_alarm" "ecs_memory_high" {
  alarm_name          = "${var.name_prefix}-ecs-memory-high"
  alarm_description   = "WordPress service memory above 85 %"
  namespace           = "AWS/ECS"
  metric_name         = "MemoryUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 85
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "missing"

  dimensions = {
    ServiceName = aws_ecs_service.wordpress.name
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
}
