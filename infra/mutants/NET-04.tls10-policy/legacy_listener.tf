# Legacy clients (old Android, embedded devices) still speak TLS 1.0: give them their own port.
locals {
  legacy_tls_policy = "ELBSecurityPolicy-TLS13-1-0-2021-06"
}

resource "aws_lb_listener" "https_legacy" {
  load_balancer_arn = aws_lb.this.arn
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = local.legacy_tls_policy
  certificate_arn   = aws_acm_certificate.this.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
