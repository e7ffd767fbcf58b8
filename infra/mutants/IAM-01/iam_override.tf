# IAM-01 mutant: the task role's trust policy also lets EC2 instances assume it.
resource "aws_iam_role" "ecs_task" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"] }
    }]
  })
}
