package io.m300.harness.support.secrets;

import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

/**
 * SEC-02: a parameter the password is taken from is a SecureString encrypted with a KMS key that
 * exists and is enabled. Judged from the parameter's metadata (read without decryption) and its
 * key as KMS resolves it.
 */
public final class ParameterEncryption {

    private ParameterEncryption() {}

    /**
     * The evidence line of parameter {@code name}, read for {@code who}; {@code key} is null when its
     * KeyId leads to no key.
     */
    public static String describe(String name, String who, ParameterMetadata p, KeyMetadata key) {
        return name + " <- " + who + ": Type=" + p.typeAsString() + ", KeyId " + p.keyId()
                + (key == null
                        ? ""
                        : " -> " + key.arn() + " (KeyManager=" + key.keyManagerAsString() + ", state "
                                + key.keyStateAsString() + ")");
    }

    /** What keeps the parameter from being a SecureString under an enabled key, if anything. */
    public static Optional<String> problem(String name, String who, ParameterMetadata p, KeyMetadata key) {
        String which = name + " (" + who + ")";
        if (!"SecureString".equals(p.typeAsString())) {
            return Optional.of(which + " is of type " + p.typeAsString() + ", not SecureString");
        }
        if (key == null) {
            return Optional.of(which + " is encrypted with key " + p.keyId() + ", which does not exist");
        }
        if (!"Enabled".equals(key.keyStateAsString())) {
            return Optional.of(which + " is encrypted with key " + key.arn() + " in state " + key.keyStateAsString());
        }
        return Optional.empty();
    }
}
