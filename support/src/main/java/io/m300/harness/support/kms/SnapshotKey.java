package io.m300.harness.support.kms;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * DATA-02: a snapshot of a database is encrypted with the database's own customer-managed key. The
 * keys are as KMS resolves them (an emulator may echo an alias as the KmsKeyId).
 */
public final class SnapshotKey {

    private SnapshotKey() {}

    /**
     * What is wrong with the encryption of {@code snapshot} of {@code db}, if anything.
     *
     * @param encrypted what RDS says of the snapshot's encryption
     * @param snapshotKeyId the snapshot's KmsKeyId as RDS names it
     * @param snapshotKey that key as KMS resolves it; null when KMS does not know it
     * @param databaseKeyId the database's KmsKeyId as RDS names it
     * @param databaseKey that key as KMS resolves it; null when there is none
     */
    public static Optional<String> problem(
            String snapshot,
            String db,
            Boolean encrypted,
            String snapshotKeyId,
            KeyMetadata snapshotKey,
            String databaseKeyId,
            KeyMetadata databaseKey) {
        String which = "snapshot " + snapshot + " of " + db;
        if (!Boolean.TRUE.equals(encrypted)) {
            return Optional.of(which + " is not encrypted");
        }
        if (snapshotKey == null) {
            return Optional.of(which + " names key " + snapshotKeyId + ", which KMS does not know");
        }
        if (databaseKey == null || !snapshotKey.keyId().equals(databaseKey.keyId())) {
            return Optional.of(which + " is encrypted with " + snapshotKey.arn() + ", not the database's key "
                    + (databaseKey == null ? databaseKeyId : databaseKey.arn()));
        }
        if (!"CUSTOMER".equals(snapshotKey.keyManagerAsString())) {
            return Optional.of(which + " is encrypted with the " + snapshotKey.keyManagerAsString() + "-managed key "
                    + snapshotKey.arn() + ", not a customer-managed key");
        }
        return Optional.empty();
    }
}
