# Kept for running the stack by hand without Parameter Store ("terraform apply" on a laptop).
# Not used by any resource yet.
variable "db_password" {
  description = "Master password for the WordPress database (local runs only)"
  type        = string
  sensitive   = true
  default     = "Wordpress#Local2024"
}
