package io.m300.harness.support.stack;

import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.terraform.Terraform;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The state-lock check (STATE-03, see {@link StateLockCheck}) tried while an apply holds the lock,
 * and which generation of the stack that apply made: the plan of that generation uses the check
 * when it was refused, and otherwise makes it again right before the plan.
 */
final class ApplyLockChecks {

    private StateLockCheck lockCheck;
    private int generation = -1;

    /**
     * Runs {@code apply}; while it changes resources (it holds the state lock), tries the plan that
     * would be saved to {@code nextPlan}, on {@code executor} (the run's), which must be refused. Returns the check, refused or not;
     * its attempt has ended when this returns.
     */
    static StateLockCheck triedWhileApplying(
            Terraform terraform, BackendConfig backend, Path nextPlan, Executor executor, Runnable apply) {
        StateLockCheck lock = new StateLockCheck(backend);
        CompletableFuture<Void> tried = new CompletableFuture<>();
        if (lock.applies()) {
            List<String> plan = Terraform.planCommand(nextPlan, true);
            terraform.whileApplying(executor, pid -> {
                try {
                    lock.attemptWhileHeldBy(
                            "terraform apply (pid " + pid + "), while it was changing resources", terraform, plan);
                } catch (RuntimeException e) {
                    // not refused: the check is made again before the plan
                } finally {
                    tried.complete(null);
                }
            });
        } else {
            tried.complete(null);
        }
        try {
            apply.run();
        } finally {
            if (terraform.cancelWhileApplying()) {
                tried.complete(null); // the apply never ran long enough
            }
            awaitAttempt(tried);
        }
        lock.releasedWhen("the apply finished");
        return lock;
    }

    private static void awaitAttempt(CompletableFuture<Void> tried) {
        try {
            tried.get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not refused in time: the check is made again before the plan
        }
    }

    /** The check tried during the apply that made {@code generation}. */
    synchronized void record(StateLockCheck check, int generation) {
        this.lockCheck = check;
        this.generation = generation;
    }

    /** The check of the apply that made {@code generation}, if a plan was refused while it held the lock. */
    synchronized Optional<StateLockCheck> of(int generation) {
        return this.generation == generation && lockCheck != null && lockCheck.refused()
                ? Optional.of(lockCheck)
                : Optional.empty();
    }
}
