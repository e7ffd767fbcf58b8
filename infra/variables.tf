variable "name_prefix" {
  description = "Prefix of every resource name and value of the m300:run-id tag (3-20 chars: lowercase letters, digits, hyphens; starts with a letter)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix)) && !strcontains(var.name_prefix, "--")
    error_message = "name_prefix must be 3-20 characters of lowercase letters, digits and hyphens, start with a letter, not end with a hyphen and not contain '--'."
  }
}

variable "db_password_parameter_name" {
  description = "Name of the SSM SecureString parameter holding the database password (created outside Terraform, e.g. /<prefix>/db/password)."
  type        = string

  validation {
    condition     = can(regex("^/?[A-Za-z0-9_.\\-/]+$", var.db_password_parameter_name))
    error_message = "db_password_parameter_name must be a valid SSM parameter name."
  }
}

variable "certificate_body" {
  description = "PEM certificate imported into ACM for the HTTPS listener."
  type        = string
  sensitive   = true
}

variable "certificate_private_key" {
  description = "PEM private key of certificate_body."
  type        = string
  sensitive   = true
}

variable "alert_email" {
  description = "E-mail address subscribed to the alerts topic."
  type        = string
  default     = "security@example.com"
}

variable "app_image" {
  description = "Container image of the WordPress application."
  type        = string
  default     = "wordpress:6.6-apache"
}

variable "allowed_ingress_cidrs" {
  description = "IPv4 CIDRs allowed to reach the load balancer on 443 (and 80, which only redirects)."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for c in var.allowed_ingress_cidrs : can(cidrnetmask(c))])
    error_message = "allowed_ingress_cidrs must be IPv4 CIDR blocks."
  }
}

variable "lambda_zip_path" {
  description = "Path of the backup function's zip, built from lambda/snapshot.py before plan/apply. null means <module>/build/snapshot.zip (a variable default cannot reference path.module)."
  type        = string
  default     = null
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC (a /16 is split into four /20 subnets)."
  type        = string
  default     = "10.30.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block."
  }
}

variable "db_instance_class" {
  description = "Instance class of the RDS MySQL instance."
  type        = string
  default     = "db.t3.micro"
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary every role of the stack carries (the nightly role may create roles only under it: docs/role-policy.md); null: none."
  type        = string
  default     = null
}
