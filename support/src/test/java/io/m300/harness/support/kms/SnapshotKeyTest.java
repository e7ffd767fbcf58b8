package io.m300.harness.support.kms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class SnapshotKeyTest {

    static final KeyMetadata CMK = KeyMetadata.builder()
            .keyId("1111")
            .arn("arn:aws:kms:eu-central-1:123456789012:key/1111")
            .keyManager("CUSTOMER")
            .build();
    static final KeyMetadata OTHER = CMK.toBuilder()
            .keyId("2222")
            .arn("arn:aws:kms:eu-central-1:123456789012:key/2222")
            .build();

    @Test
    void aSnapshotUnderTheDatabasesCustomerManagedKeyHolds() {
        assertThat(SnapshotKey.problem("s", "db", true, "alias/db", CMK, "1111", CMK))
                .isEmpty();
    }

    @Test
    void anUnencryptedSnapshotFails() {
        assertThat(SnapshotKey.problem("s", "db", false, null, null, "1111", CMK))
                .contains("snapshot s of db is not encrypted");
        assertThat(SnapshotKey.problem("s", "db", null, null, null, "1111", CMK))
                .contains("snapshot s of db is not encrypted");
    }

    @Test
    void aKeyKmsDoesNotKnowFails() {
        assertThat(SnapshotKey.problem("s", "db", true, "gone", null, "1111", CMK))
                .contains("snapshot s of db names key gone, which KMS does not know");
    }

    @Test
    void anotherKeyThanTheDatabasesFails() {
        assertThat(SnapshotKey.problem("s", "db", true, "2222", OTHER, "1111", CMK))
                .get()
                .asString()
                .contains("is encrypted with " + OTHER.arn() + ", not the database's key " + CMK.arn());
        assertThat(SnapshotKey.problem("s", "db", true, "2222", OTHER, "missing", null))
                .get()
                .asString()
                .endsWith("not the database's key missing");
    }

    @Test
    void anAwsManagedKeyFailsEvenWhenTheDatabaseUsesIt() {
        KeyMetadata aws = CMK.toBuilder().keyManager("AWS").build();
        assertThat(SnapshotKey.problem("s", "db", true, "alias/aws/rds", aws, "alias/aws/rds", aws))
                .get()
                .asString()
                .contains("the AWS-managed key");
    }
}
