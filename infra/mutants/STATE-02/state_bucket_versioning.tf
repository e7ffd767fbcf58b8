# MUTANT STATE-02: versioning of the state bucket is suspended.
# The state bucket is a prerequisite, not part of the stack: on an emulator the harness creates it
# as "<run id>-tfstate", and the run id is the stack's name_prefix, so the stack can reach it.
# For a sandbox account (harness.stateBucket=<bucket>) set the bucket name below to that bucket.
resource "aws_s3_bucket_versioning" "state_mutant" {
  bucket = "${var.name_prefix}-tfstate"

  versioning_configuration {
    status = "Suspended"
  }
}
