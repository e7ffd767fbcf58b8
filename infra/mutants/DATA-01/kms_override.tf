# DATA-01 mutant: the database key is no longer rotated.
resource "aws_kms_key" "data" {
  enable_key_rotation = false
}
