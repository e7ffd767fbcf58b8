# MUTANT MON-02/MON-03: the high-CPU alarm notifies nobody.
resource "aws_cloudwatch_metric_alarm" "ecs_cpu_high" {
  alarm_actions = []
}
