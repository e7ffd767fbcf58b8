package io.m300.harness.support.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class DatabaseKeyTest {

    static final String STACK_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111";
    static final KeyMetadata CMK = KeyMetadata.builder()
            .keyId("1111")
            .arn(STACK_KEY)
            .keyManager("CUSTOMER")
            .enabled(true)
            .build();

    @Test
    void theStacksEnabledRotatingCmkHolds() {
        assertThat(DatabaseKey.problems("db", true, STACK_KEY, CMK, true, Set.of("1111")))
                .isEmpty();
    }

    @Test
    void aKeyThatIsNotTheStacksFailsEvenIfTheEmulatorCallsItCustomer() {
        // moto reports alias/aws/rds's key as KeyManager=CUSTOMER: the stack's own keys decide
        KeyMetadata awsRds = KeyMetadata.builder()
                .keyId("2222")
                .arn("arn:aws:kms:eu-central-1:123456789012:key/2222")
                .keyManager("CUSTOMER")
                .enabled(true)
                .build();
        assertThat(DatabaseKey.problems("db", true, "alias/aws/rds", awsRds, true, Set.of("1111")))
                .singleElement()
                .asString()
                .contains("not a key the stack manages");
        KeyMetadata awsManaged = awsRds.toBuilder().keyManager("AWS").build();
        assertThat(DatabaseKey.problems("db", true, "alias/aws/rds", awsManaged, false, Set.of("2222")))
                .hasSize(2);
    }

    @Test
    void unencryptedDisabledOrNotRotatingFails() {
        assertThat(DatabaseKey.problems("db", false, null, null, false, Set.of("1111")))
                .singleElement()
                .asString()
                .contains("StorageEncrypted");
        assertThat(DatabaseKey.problems(
                        "db", true, STACK_KEY, CMK.toBuilder().enabled(false).build(), true, Set.of("1111")))
                .hasSize(1);
        assertThat(DatabaseKey.problems("db", true, STACK_KEY, CMK, false, Set.of("1111")))
                .singleElement()
                .asString()
                .contains("rotation");
        assertThat(DatabaseKey.problems("db", true, STACK_KEY, null, false, Set.of("1111")))
                .singleElement()
                .asString()
                .contains("does not exist");
    }
}
