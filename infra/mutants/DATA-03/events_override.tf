# DATA-03 mutant: the backup no longer runs daily (the schedule fires once a week).
# (The other half of DATA-03, retention 0 on the database, was shown killed too, but it makes RDS
# modify the instance twice, ~4 minutes per mutation run; the schedule is the cheaper break.)
resource "aws_cloudwatch_event_rule" "backup" {
  schedule_expression = "rate(7 days)"
}
