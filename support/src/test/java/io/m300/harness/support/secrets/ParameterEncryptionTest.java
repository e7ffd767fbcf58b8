package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

class ParameterEncryptionTest {

    static final ParameterMetadata SECURE = ParameterMetadata.builder()
            .name("/m300/db/password")
            .type("SecureString")
            .keyId("alias/m300")
            .build();
    static final KeyMetadata KEY = KeyMetadata.builder()
            .keyId("1111")
            .arn("arn:aws:kms:eu-central-1:123456789012:key/1111")
            .keyManager("CUSTOMER")
            .keyState("Enabled")
            .build();

    @Test
    void aSecureStringUnderAnEnabledKeyHolds() {
        assertThat(ParameterEncryption.problem("/p", "database d", SECURE, KEY)).isEmpty();
        assertThat(ParameterEncryption.describe("/p", "database d", SECURE, KEY))
                .isEqualTo("/p <- database d: Type=SecureString, KeyId alias/m300 -> " + KEY.arn()
                        + " (KeyManager=CUSTOMER, state Enabled)");
    }

    @Test
    void aPlainStringFails() {
        ParameterMetadata plain = SECURE.toBuilder().type("String").keyId(null).build();
        assertThat(ParameterEncryption.problem("/p", "database d", plain, null))
                .contains("/p (database d) is of type String, not SecureString");
        assertThat(ParameterEncryption.describe("/p", "database d", plain, null))
                .isEqualTo("/p <- database d: Type=String, KeyId null");
    }

    @Test
    void aMissingOrDisabledKeyFails() {
        assertThat(ParameterEncryption.problem("/p", "c", SECURE, null))
                .contains("/p (c) is encrypted with key alias/m300, which does not exist");
        KeyMetadata disabled = KEY.toBuilder().keyState("Disabled").build();
        assertThat(ParameterEncryption.problem("/p", "c", SECURE, disabled))
                .contains("/p (c) is encrypted with key " + KEY.arn() + " in state Disabled");
    }
}
