# MUTANT NET-07: the VPC flow log is removed.
# An override file cannot delete a block, but it can set the count meta-argument of a resource
# that had none (checked with Terraform 1.11: the resource is then planned zero times). The one
# reference to it, the flow_log_id output, is overridden as well.
resource "aws_flow_log" "this" {
  count = 0
}

output "flow_log_id" {
  value = "removed by mutant NET-07"
}
