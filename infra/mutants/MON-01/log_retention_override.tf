# MUTANT MON-01: the application's and the function's logs are kept 7 days (as the original project had).
resource "aws_cloudwatch_log_group" "ecs" {
  retention_in_days = 7
}

resource "aws_cloudwatch_log_group" "lambda" {
  retention_in_days = 7
}
