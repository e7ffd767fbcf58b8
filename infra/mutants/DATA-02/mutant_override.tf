# DATA-02 mutant: the database is not encrypted, so every snapshot of it is not either.
resource "aws_db_instance" "this" {
  storage_encrypted = false
  kms_key_id        = null
}
