resource "aws_security_group" "ecs_debug" {
  name_prefix = "${var.name_prefix}-ecs-debug-"
  description = "temporary: direct access to the tasks for debugging"
  vpc_id      = aws_vpc.this.id
}

resource "aws_security_group_rule" "ecs_debug_http" {
  type              = "ingress"
  security_group_id = aws_security_group.ecs_debug.id
  protocol          = "tcp"
  from_port         = local.app_port
  to_port           = local.app_port
  cidr_blocks       = ["0.0.0.0/0"]
}
