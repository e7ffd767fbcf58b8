# No region, endpoint or credentials here: the harness injects them through a generated
# harness_override.tf (Terraform merges *_override.tf files) or the standard AWS_* variables.
provider "aws" {
  default_tags {
    tags = {
      "m300:run-id" = var.name_prefix
      "m300:stack"  = "m300"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  azs        = slice(data.aws_availability_zones.available.names, 0, 2)

  # The password parameter is a prerequisite created outside Terraform. Its ARN is built,
  # never read through data "aws_ssm_parameter" (that data source copies the value into state).
  db_password_parameter_arn = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.db_password_parameter_name, "/")}"

  db_identifier = "${var.name_prefix}-db"
  app_port      = 80
  db_port       = 3306
}
