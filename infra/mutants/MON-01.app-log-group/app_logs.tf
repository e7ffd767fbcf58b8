# A per-application log group, added by another engineer, with the team's usual 7 days.
resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${var.name_prefix}/app"
  retention_in_days = 7
}
