resource "aws_iam_role_policy" "flow_log" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "FlowLogGroupRead"
      Effect   = "Allow"
      Action   = ["logs:DescribeLogGroups", "logs:DescribeLogStreams"]
      Resource = [aws_cloudwatch_log_group.flow_log.arn, "${aws_cloudwatch_log_group.flow_log.arn}:*"]
    }]
  })
}
