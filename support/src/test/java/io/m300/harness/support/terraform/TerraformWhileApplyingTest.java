package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STATE-03 during the harness's own apply: the plan is tried while the apply holds the lock, and kept only when refused. */
class TerraformWhileApplyingTest {

    @TempDir
    Path dir;

    /**
     * A fake terraform: apply holds a "lock" file while it changes a resource, reporting it as
     * {@code terraform apply -json} does; plan is refused while the file exists.
     */
    private Terraform fake(String applyBody) throws Exception {
        return terraform(
                "apply) " + applyBody + " ;;\n"
                        + "plan) if [ -e lock ]; then echo 'Error: Error acquiring the state lock' >&2; echo 'Lock Info: Operation: OperationTypeApply' >&2; exit 1; fi; echo 'Plan: 0 to add'; exit 0 ;;\n");
    }

    /** A fake terraform that runs in {@code dir} and answers as the {@code cases} branches say. */
    private Terraform terraform(String cases) throws Exception {
        return FakeTerraform.at(dir, "#!/bin/sh\ncd " + dir + "\ncase \"$1\" in\n" + cases + "esac\n");
    }

    private StateLockCheck tryDuring(Terraform tf) throws Exception {
        StateLockCheck check = new StateLockCheck(new BackendConfig("s3", "b", "k", true, ""));
        CompletableFuture<Void> tried = new CompletableFuture<>();
        List<String> plan = Terraform.planCommand(dir.resolve("p.tfplan"), true);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            tf.whileApplying(executor, pid -> {
                try {
                    check.attemptWhileHeldBy("terraform apply (pid " + pid + ")", tf, plan);
                } finally {
                    tried.complete(null);
                }
            });
            tf.apply();
            if (tf.cancelWhileApplying()) {
                tried.complete(null);
            }
            tried.get(30, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        check.releasedWhen("the apply finished");
        return check;
    }

    @Test
    void aPlanTriedWhileTheApplyHoldsTheLockIsRefused() throws Exception {
        Terraform tf = fake(
                "touch lock; echo '{\"type\":\"apply_start\",\"@message\":\"aws_db_instance.db: Modifying...\",\"hook\":{\"resource\":{\"addr\":\"aws_db_instance.db\"}}}'; echo '{\"type\":\"apply_progress\",\"@message\":\"aws_db_instance.db: Still modifying... [10s elapsed]\",\"hook\":{\"resource\":{\"addr\":\"aws_db_instance.db\"}}}'; sleep 2; rm lock; echo '{\"type\":\"change_summary\",\"@message\":\"Apply complete!\"}'");
        StateLockCheck check = tryDuring(tf);
        assertThat(check.refused()).isTrue();
        assertThat(check.holder()).startsWith("terraform apply (pid ");
        assertThat(check.whileHeld().excerpt()).contains("Error acquiring the state lock", "OperationTypeApply");
        assertThat(check.released()).isEqualTo("the apply finished");
    }

    @Test
    void anApplyThatChangesNothingForLongTriesNothing() throws Exception {
        StateLockCheck check = tryDuring(
                fake(
                        "echo '{\"type\":\"apply_start\",\"@message\":\"aws_vpc.main: Modifying...\",\"hook\":{\"resource\":{\"addr\":\"aws_vpc.main\"}}}'; echo '{\"type\":\"change_summary\",\"@message\":\"Apply complete!\"}'"));
        assertThat(check.refused()).isFalse();
        assertThat(check.whileHeld()).isNull();
        assertThat(check.holder()).isEmpty();
    }

    @Test
    void aPlanThatWasNotRefusedIsNotKept() throws Exception {
        // the "lock" does not hold: the plan gets through while the apply runs; the check is left to be made again
        StateLockCheck check = tryDuring(
                fake(
                        "echo '{\"type\":\"apply_progress\",\"@message\":\"aws_db_instance.db: Still creating... [10s elapsed]\",\"hook\":{\"resource\":{\"addr\":\"aws_db_instance.db\"}}}'; sleep 2; echo '{\"type\":\"change_summary\",\"@message\":\"Apply complete!\"}'"));
        assertThat(check.refused()).isFalse();
        assertThat(check.whileHeld()).isNull();
        assertThat(check.released()).isEmpty();
    }

    @Test
    void withoutALockFileOptionTerraformConsoleHoldsTheLockUntilItsInputEnds() throws Exception {
        Terraform tf = terraform(
                "console) touch lock; cat > /dev/null; rm lock ;;\n"
                        + "plan) if [ -e lock ]; then echo 'Error: Error acquiring the state lock' >&2; exit 1; fi; echo 'Plan: 0 to add'; exit 0 ;;\n");
        StateLockCheck check = new StateLockCheck(new BackendConfig("s3", "b", "k", false, "locks"));
        List<String> plan = Terraform.planCommand(dir.resolve("p.tfplan"), true);
        check.holdAndAttempt(tf, null, dir, plan);
        assertThat(check.problem()).isNull();
        assertThat(check.refused()).isTrue();
        assertThat(check.holder()).startsWith("terraform console (pid ");
        assertThat(check.released()).contains("exited with 0");
        assertThat(Files.exists(dir.resolve("lock"))).as("released").isFalse();
        // and the plan once released gets through
        Terraform.Result again = tf.run(plan, false);
        check.recordAfterRelease(plan, again);
        assertThat(check.awaitCompletion().afterRelease().exitCode()).isZero();
    }
}
