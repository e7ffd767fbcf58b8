# MUTANT NET-07.wrong-trust: the delivery role's trust names the wrong service.
resource "aws_iam_role" "flow_log" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
