package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.terraform.FakeTerraform;
import io.m300.harness.support.terraform.Terraform;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which apply's state-lock check a plan uses, while another apply records its own. */
class ApplyLockChecksTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private StateLockCheck refused;
    private StateLockCheck notRefused;

    @BeforeEach
    void checks() throws Exception {
        // a fake terraform whose plan is always refused with Terraform's lock error
        Terraform tf = FakeTerraform.at(
                dir,
                "#!/bin/sh\necho 'Error: Error acquiring the state lock' >&2\n"
                        + "echo 'Lock Info: Operation: OperationTypeApply' >&2\nexit 1\n");
        BackendConfig s3 = new BackendConfig("s3", "b", "k", true, "");
        refused = new StateLockCheck(s3);
        refused.attemptWhileHeldBy("an apply", tf, Terraform.planCommand(dir.resolve("p.tfplan"), true));
        notRefused = new StateLockCheck(s3);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aRefusedCheckServesOnlyTheGenerationItsApplyMade() {
        ApplyLockChecks checks = new ApplyLockChecks();
        assertThat(refused.refused()).isTrue();
        assertThat(checks.of(0)).isEmpty();

        checks.record(refused, 1);
        assertThat(checks.of(1)).containsSame(refused);
        assertThat(checks.of(2)).isEmpty();

        checks.record(notRefused, 2);
        assertThat(checks.of(1)).as("the newer apply replaced it").isEmpty();
        assertThat(checks.of(2)).as("not refused: made again before the plan").isEmpty();
    }

    @Test
    void aPlanAskingWhileTheApplyRecordsSeesTheOldGenerationsOrTheNewCheckWhole() throws Exception {
        for (int round = 0; round < 200; round++) {
            ApplyLockChecks checks = new ApplyLockChecks();
            checks.record(notRefused, round);
            int next = round + 1;
            CyclicBarrier together = new CyclicBarrier(2);
            Future<?> apply = pool.submit(() -> {
                together.await();
                checks.record(refused, next);
                return null;
            });
            Future<Optional<StateLockCheck>> plan = pool.submit(() -> {
                together.await();
                return checks.of(next);
            });
            apply.get();
            Optional<StateLockCheck> seen = plan.get();
            assertThat(seen.isEmpty() || seen.get() == refused)
                    .as("round %d: %s", round, seen)
                    .isTrue();
            assertThat(checks.of(next)).containsSame(refused);
            assertThat(checks.of(round)).isEmpty();
        }
    }
}
