# Backend block rewritten during a cleanup (the DynamoDB lock table was removed); the S3 lock
# file option was never added, so nothing locks the state any more.
terraform {
  backend "s3" {
    encrypt = true
  }
}
