terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Partial configuration: bucket, key, region, use_lockfile (and, on an emulator,
  # endpoints/use_path_style) are given at `terraform init -backend-config=...`.
  backend "s3" {}
}
