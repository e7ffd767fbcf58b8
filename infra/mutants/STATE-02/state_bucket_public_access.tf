# MUTANT STATE-02: the state bucket no longer blocks public access.
# The state bucket is a prerequisite, not part of the stack: on an emulator the harness creates it
# as "<run id>-tfstate", and the run id is the stack's name_prefix, so the stack can reach it.
# For a sandbox account (harness.stateBucket=<bucket>) set the bucket name below to that bucket.
# (The catalogue's other STATE-02 mutant, versioning suspended, cannot run on moto 5.2: once
# versioning is suspended moto answers DeleteObject of the state lock file with HTTP 500, and the
# lock is never released.)
resource "aws_s3_bucket_public_access_block" "state_mutant" {
  bucket                  = "${var.name_prefix}-tfstate"
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
