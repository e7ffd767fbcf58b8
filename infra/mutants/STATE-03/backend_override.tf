# MUTANT STATE-03: state locking disabled. A backend block in an override file replaces the
# stack's backend block, and this one has no use_lockfile: nothing refuses a concurrent change.
# (The harness gives bucket, key, region and endpoint at init, and no longer use_lockfile:
# locking is the stack's own setting, in versions.tf.)
terraform {
  backend "s3" {
    use_lockfile = false
  }
}
