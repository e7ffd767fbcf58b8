terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # Partial configuration: bucket, key, region (and, on an emulator, endpoints/use_path_style)
  # are given at `terraform init -backend-config=...`. Locking is the stack's own setting (STATE-03):
  # an S3 lock file next to the state, no DynamoDB table needed.
  backend "s3" {
    use_lockfile = true
  }
}
