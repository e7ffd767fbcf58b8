variable "allowed_ingress_cidrs" {
  default = ["203.0.113.0/24"]
}
