# MUTANT NET-04.listener-rule: a rule on the HTTP listener serves some paths without TLS.
# The listener's default action (the 301 to HTTPS) is untouched.
resource "aws_lb_listener_rule" "plain_http_paths" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/.well-known/*", "/wp-json/*"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
