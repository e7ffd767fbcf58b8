package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataProtectionStepsTest {

    @Test
    void readsTheSnapshotIdTheBackupFunctionReturns() {
        assertThat(
                        DataProtectionSteps.readSnapshotId(
                                "{\"snapshot_id\":\"m300-x-db-20261127t0800\",\"status\":\"creating\",\"encrypted\":true,\"kms_key_id\":\"k\"}"))
                .isEqualTo("m300-x-db-20261127t0800");
    }

    @Test
    void anAnswerWithoutASnapshotFails() {
        assertThatThrownBy(() -> DataProtectionSteps.readSnapshotId("{\"errorMessage\":\"AccessDenied\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("without a snapshot_id");
        assertThatThrownBy(() -> DataProtectionSteps.readSnapshotId("<html>Bad Gateway</html>"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not JSON");
    }
}
