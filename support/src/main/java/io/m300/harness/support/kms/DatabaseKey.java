package io.m300.harness.support.kms;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * DATA-01: a database is encrypted at rest with a customer-managed key of the stack: storage
 * encrypted, its KmsKeyId resolves to a key the stack manages (its ID among {@code stackKeyIds};
 * an emulator may call an AWS-managed key CUSTOMER, so the manager alone does not decide), with
 * KeyManager CUSTOMER, enabled, and rotating.
 */
public final class DatabaseKey {

    private DatabaseKey() {}

    /** {@code key} is null when KmsKeyId leads to no key. */
    public static List<String> problems(
            String db,
            Boolean storageEncrypted,
            String kmsKeyId,
            KeyMetadata key,
            boolean rotation,
            Set<String> stackKeyIds) {
        List<String> problems = new ArrayList<>();
        if (!Boolean.TRUE.equals(storageEncrypted)) {
            problems.add(db + ": StorageEncrypted=" + storageEncrypted);
            return problems;
        }
        if (key == null) {
            problems.add(db + ": its KmsKeyId " + kmsKeyId + " leads to a key that does not exist");
            return problems;
        }
        if (!stackKeyIds.contains(key.keyId())) {
            problems.add(db + ": its key " + key.arn() + " (KmsKeyId " + kmsKeyId + ") is not a key the stack manages "
                    + stackKeyIds);
        }
        if (!"CUSTOMER".equals(key.keyManagerAsString())) {
            problems.add(
                    db + ": its key " + key.arn() + " has KeyManager=" + key.keyManagerAsString() + ", not CUSTOMER");
        }
        if (!Boolean.TRUE.equals(key.enabled())) {
            problems.add(db + ": its key " + key.arn() + " is not enabled (state " + key.keyStateAsString() + ")");
        }
        if (!rotation) {
            problems.add(db + ": automatic rotation of its key " + key.arn() + " is off");
        }
        return problems;
    }
}
