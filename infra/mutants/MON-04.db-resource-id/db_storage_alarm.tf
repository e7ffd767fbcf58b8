# Added later by another engineer: alerts when the database runs out of space. The dimension uses
# resource_id ("db-ABC..."), which CloudWatch does not know as a DBInstanceIdentifier.
resource "aws_cloudwatch_metric_alarm" "db_storage_low" {
  alarm_name          = "${var.name_prefix}-db-storage-low"
  alarm_description   = "Database free storage below 2 GiB"
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 2147483648
  comparison_operator = "LessThanThreshold"

  dimensions = {
    DBInstanceIdentifier = aws_db_instance.this.resource_id
  }

  alarm_actions = [aws_sns_topic.alerts.arn]
}
