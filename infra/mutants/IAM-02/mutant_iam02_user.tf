# IAM-02 mutant: the ENI management policy is also attached to an IAM user, as the original
# project did. (That user carries a policy, so IAM-03 fails too: both map to Security Hub IAM.2.)
resource "aws_iam_user" "eni_legacy" {
  name = "${var.name_prefix}-eni-user"
}

resource "aws_iam_user_policy_attachment" "eni_legacy" {
  user       = aws_iam_user.eni_legacy.name
  policy_arn = aws_iam_policy.eni_management.arn
}
