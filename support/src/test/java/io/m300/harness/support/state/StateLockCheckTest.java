package io.m300.harness.support.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.terraform.Terraform;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateLockCheckTest {

    private static final List<String> PLAN = Terraform.planCommand(Path.of("p.tfplan"), true);

    @Test
    void theSharedPlanTakesTheLockWithoutWaitingOrNoneAtAll() {
        assertThat(PLAN).contains("-lock-timeout=0s", "-detailed-exitcode").doesNotContain("-lock=false");
        assertThat(Terraform.planCommand(Path.of("p.tfplan"), false))
                .contains("-lock=false")
                .doesNotContain("-lock-timeout=0s");
    }

    @Test
    void aLockErrorIsExitOneWithTerraformsMessage() {
        String refused =
                "\u2577\n\u2502 Error: Error acquiring the state lock\n\u2502 \n\u2502 Error message: operation error S3: PutObject, StatusCode: 412\n\u2502 Lock Info:\n\u2502   ID: 1234\n";
        var locked = StateLockCheck.Attempt.of(PLAN, new Terraform.Result(1, "", refused));
        assertThat(locked.lockError()).isTrue();
        assertThat(locked.excerpt())
                .startsWith("Error acquiring the state lock")
                .contains("StatusCode: 412")
                .doesNotContain("\u2502");
        assertThat(locked.command()).startsWith("terraform plan ");
        // another error, or success, is no lock error
        assertThat(StateLockCheck.Attempt.of(PLAN, new Terraform.Result(1, "", "Error: Invalid provider configuration"))
                        .lockError())
                .isFalse();
        var planned = StateLockCheck.Attempt.of(PLAN, new Terraform.Result(2, "Plan: 1 to add", ""));
        assertThat(planned.lockError()).isFalse();
        assertThat(planned.exitCode()).isEqualTo(2);
    }

    @Test
    void aBackendThatDoesNotLockIsNeitherHeldNorTried() {
        var check = new StateLockCheck(new BackendConfig("s3", "b", "k", false, ""));
        assertThat(check.applies()).isFalse();
        check.holdAndAttempt(null, null, Path.of("."), PLAN); // touches nothing
        assertThat(check.whileHeld()).isNull();
        assertThat(check.problem()).isNull();
        assertThat(check.holder()).isEmpty();
        assertThat(new StateLockCheck(new BackendConfig("s3", "b", "k", true, "")).applies())
                .isTrue();
        assertThat(new StateLockCheck(new BackendConfig("s3", "b", "k", false, "locks")).applies())
                .isTrue();
    }
}
