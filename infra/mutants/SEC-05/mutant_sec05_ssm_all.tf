# SEC-05 mutant: the execution role may use all of SSM on every resource.
resource "aws_iam_role_policy" "ecs_execution_ssm_all" {
  name = "${var.name_prefix}-ecs-execution-ssm-all"
  role = aws_iam_role.ecs_execution.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ssm:*", Resource = "*" }]
  })
}
