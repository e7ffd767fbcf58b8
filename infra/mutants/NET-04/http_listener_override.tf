# MUTANT NET-04: port 80 serves the application over plain HTTP instead of redirecting to HTTPS.
# (An override's nested block replaces every block of that type: the redirect is gone.)
resource "aws_lb_listener" "http" {
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
