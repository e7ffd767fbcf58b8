# The harness's steps locate every resource through these outputs: keep the names.

# --- Network ---
output "vpc_id" {
  value = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "internet_gateway_id" {
  value = aws_internet_gateway.this.id
}

output "nat_gateway_id" {
  value = aws_nat_gateway.this.id
}

output "default_security_group_id" {
  value = aws_default_security_group.this.id
}

output "flow_log_id" {
  value = aws_flow_log.this.id
}

output "flow_log_group_name" {
  value = aws_cloudwatch_log_group.flow_log.name
}

output "flow_log_role_name" {
  description = "Role the flow log delivers with (IAM-05 reads its inline policy)."
  value       = aws_iam_role.flow_log.name
}

# --- Load balancer ---
output "alb_arn" {
  value = aws_lb.this.arn
}

output "alb_dns_name" {
  value = aws_lb.this.dns_name
}

output "alb_security_group_id" {
  value = aws_security_group.alb.id
}

output "https_listener_arn" {
  value = aws_lb_listener.https.arn
}

output "http_listener_arn" {
  value = aws_lb_listener.http.arn
}

output "target_group_arn" {
  value = aws_lb_target_group.app.arn
}

# --- ECS ---
output "ecs_cluster_name" {
  value = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  value = aws_ecs_service.wordpress.name
}

output "ecs_security_group_id" {
  value = aws_security_group.ecs.id
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.wordpress.arn
}

output "ecs_task_role_name" {
  value = aws_iam_role.ecs_task.name
}

output "ecs_task_role_arn" {
  value = aws_iam_role.ecs_task.arn
}

output "ecs_execution_role_name" {
  value = aws_iam_role.ecs_execution.name
}

output "eni_policy_arn" {
  value = aws_iam_policy.eni_management.arn
}

output "ecs_log_group_name" {
  value = aws_cloudwatch_log_group.ecs.name
}

# --- Database ---
output "db_instance_identifier" {
  value = aws_db_instance.this.identifier
}

output "db_security_group_id" {
  value = aws_security_group.db.id
}

output "db_subnet_group_name" {
  value = aws_db_subnet_group.this.name
}

output "db_port" {
  value = aws_db_instance.this.port
}

output "kms_key_arn" {
  value = aws_kms_key.data.arn
}

output "db_password_parameter_name" {
  description = "Name of the password parameter (the value itself is never read into state)."
  value       = var.db_password_parameter_name
}

output "db_password_parameter_arn" {
  value = local.db_password_parameter_arn
}

# --- Backup ---
output "backup_function_name" {
  value = aws_lambda_function.backup.function_name
}

output "backup_role_name" {
  value = aws_iam_role.backup.name
}

output "backup_schedule_rule_name" {
  value = aws_cloudwatch_event_rule.backup.name
}

output "lambda_log_group_name" {
  value = aws_cloudwatch_log_group.lambda.name
}

# --- Monitoring ---
output "alerts_topic_arn" {
  value = aws_sns_topic.alerts.arn
}

output "cpu_alarm_name" {
  value = aws_cloudwatch_metric_alarm.ecs_cpu_high.alarm_name
}

output "alarm_names" {
  value = [
    aws_cloudwatch_metric_alarm.ecs_cpu_high.alarm_name,
    aws_cloudwatch_metric_alarm.alb_5xx.alarm_name,
    aws_cloudwatch_metric_alarm.db_cpu_high.alarm_name,
  ]
}

output "allowed_ingress_cidrs" {
  description = "CIDRs allowed to reach the load balancer (NET-04)."
  value       = var.allowed_ingress_cidrs
}
