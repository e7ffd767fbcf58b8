package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.terraform.Terraform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The owner of one run's stack: deploys it on first use and remembers a failed deployment (every
 * later use fails the same way, at once), holds it open for a caller that runs the suite several
 * times against it (a mutation shard), and tears it down at the end. It also reads, in the
 * background, what several checks share: the state and the plan of the stack as deployed now.
 * An ordinary object: two sessions are two stacks, each with its own emulator, workspace and plan.
 * Its background work runs on the session's one {@link RunExecutor}, which the stack shares.
 */
public final class StackSession {

    private final Function<RunExecutor, DeployedStack> deployer;
    private final Progress progress;
    private final RunExecutor executor = new RunExecutor("m300-run");
    private DeployedStack stack;
    private HarnessException failure;
    private volatile boolean heldOpen;
    private CompletableFuture<JsonNode> plan;
    /** The state-lock check of {@link #plan} (STATE-03): tried during the apply, or right before the plan. */
    private StateLockCheck lockCheck;

    private RunExecutor.Interruptible<JsonNode> planTask;
    private boolean planRead;
    private int planGeneration = -1;

    /** A session whose deployer runs its background work on the session's executor. */
    public StackSession(Function<RunExecutor, DeployedStack> deployer, Progress progress) {
        this.deployer = deployer;
        this.progress = progress;
    }

    /** A session whose deployer has no background work of its own (tests). */
    public StackSession(Supplier<DeployedStack> deployer, Progress progress) {
        this(executor -> deployer.get(), progress);
    }

    /** A session that deploys as the system properties say ({@code harness.*}), reporting on the console. */
    public static StackSession fromSystem() {
        Progress progress = Progress.console();
        return new StackSession(
                executor -> DeployedStack.deploy(HarnessConfig.fromSystem(), progress, executor), progress);
    }

    /** The session's stack, deployed on first call. A failed deployment fails every later call the same way. */
    public synchronized DeployedStack stack() {
        if (failure != null) {
            throw failure;
        }
        if (stack == null) {
            try {
                stack = deployer.apply(executor);
            } catch (HarnessException e) {
                failure = e;
                progress.info("ERROR: " + e.getMessage());
                throw e;
            }
        }
        return stack;
    }

    /** The session's one executor, for work of the run's steps that waits on the network (the teardown check's lookups). */
    public Executor executor() {
        return executor;
    }

    /** The stack if one was deployed; never deploys. */
    public synchronized Optional<DeployedStack> deployed() {
        return Optional.ofNullable(stack);
    }

    /** Keeps the stack deployed across suite runs: {@link #end()} then leaves it, until {@link #releaseDiscarding()}. */
    public synchronized void holdOpen() {
        heldOpen = true;
    }

    /**
     * The end of a suite run: stops the background plan if no check read it (a run of a few tagged
     * scenarios), else waits for it; then tears the stack down, unless the session is held open.
     */
    public void end() {
        RunExecutor.Interruptible<JsonNode> unread;
        synchronized (this) {
            unread = plan != null && !plan.isDone() && !planRead ? planTask : null;
        }
        if (unread != null) {
            progress.info("stopping the background plan: no check of this run read it");
            unread.interrupt();
        }
        awaitPlan(); // it reads the state and writes a plan file while it runs
        synchronized (this) {
            if (stack != null && !heldOpen) {
                stack.tearDown();
            }
        }
    }

    /**
     * Replaces the stack with a fresh one: tears the current one down (its errors are logged, not
     * thrown) and deploys again on a fresh target. For a caller that holds the stack open and finds it
     * can no longer bring it back to the baseline (a mutation shard after a failed revert).
     */
    public synchronized DeployedStack redeploy() {
        if (stack != null) {
            try {
                stack.discardOrTearDown();
            } catch (RuntimeException e) {
                progress.info("tearing down the old stack before a fresh deployment: " + e.getMessage());
            }
        }
        stack = null;
        failure = null;
        return stack();
    }

    /**
     * Ends {@link #holdOpen()} for a caller that has no use for the stack afterwards (a mutation
     * shard): on an emulator this run started itself, stops the emulator without destroying the
     * stack first (nothing of it outlives the emulator, and destroy waits minutes on RDS); anywhere
     * else, tears it down.
     */
    public synchronized void releaseDiscarding() {
        heldOpen = false;
        if (stack != null) {
            stack.discardOrTearDown();
        }
    }

    /**
     * {@code terraform destroy}, keeping the target for the teardown check, once the background plan
     * (which reads the stack while it runs) has ended.
     */
    public void destroyKeepingTarget() {
        awaitPlan();
        stack().destroyKeepingTarget();
    }

    private static void awaitIgnoringFailure(CompletableFuture<?> running) {
        if (running != null) {
            try {
                running.join();
            } catch (RuntimeException reportedElsewhere) {
                // whoever reads its result reports the failure
            }
        }
    }

    /**
     * Starts, once per apply, what several checks read and nothing changes until the next apply: the
     * state ({@code terraform state pull}) and, if asked, the plan ({@code terraform plan}), each on the
     * session's executor, so that they are read while the first checks run. Without the plan here, it
     * is made when a check first reads it.
     */
    public void prefetch(boolean withPlan) {
        DeployedStack deployedNow = stack();
        // a failure here is reported by the first check that reads the state: it reads it again
        inBackground(deployedNow::inventory);
        if (withPlan) {
            planFuture();
        }
    }

    /** Work on the session's executor whose failure is reported elsewhere (by the session, or by the work's readers). */
    private void inBackground(Runnable work) {
        executor.run(() -> {
            try {
                work.run();
            } catch (RuntimeException reportedElsewhere) {
                // see the callers
            }
        });
    }

    /**
     * {@code terraform plan} of the stack as deployed now, rendered as JSON and held in memory only;
     * made once per apply and shared by the drift check and the secret scan. The binary plan file
     * Terraform needs for {@code show -json} (a zip that holds every planned value) is deleted as
     * soon as it is read.
     */
    public JsonNode plan() {
        return DeployedStack.joined(planInProgress());
    }

    /** The plan of {@link #plan()}, started if it has not been, without waiting for it. */
    public synchronized CompletableFuture<JsonNode> planInProgress() {
        planRead = true;
        return planFuture();
    }

    /**
     * The state-lock check (STATE-03) of the plan of the stack as deployed now: tried during the
     * apply that deployed it, else right before the plan (see {@link StateLockCheck}); made with the
     * plan if that has not started, and complete when returned.
     */
    public StateLockCheck lockCheck() {
        StateLockCheck check;
        synchronized (this) {
            planRead = true;
            planFuture();
            check = lockCheck;
        }
        return check.awaitCompletion(); // once the plan has run: its show -json is not waited for
    }

    /** Waits for a plan started in the background, if any (its failure is reported by the checks that read it). */
    public void awaitPlan() {
        CompletableFuture<JsonNode> running;
        synchronized (this) {
            running = plan;
        }
        awaitIgnoringFailure(running);
    }

    private synchronized CompletableFuture<JsonNode> planFuture() {
        DeployedStack deployedNow = stack();
        int generation = deployedNow.generation();
        if (plan == null || planGeneration != generation) {
            planGeneration = generation;
            planRead = false;
            // refused while the apply that made this generation held the lock, or to be made before the plan
            StateLockCheck check =
                    deployedNow.lockCheckOfApply(generation).orElseGet(() -> new StateLockCheck(deployedNow.backend()));
            lockCheck = check;
            planTask = executor.interruptible(() -> makePlan(deployedNow, generation, check));
            plan = planTask.result();
        }
        return plan;
    }

    private static JsonNode makePlan(DeployedStack stack, int generation, StateLockCheck lock) {
        Path file = stack.planFile(generation);
        String phase = "terraform plan (drift and secrets)";
        stack.progress().info("> " + phase + ", in the background ...");
        long start = System.nanoTime();
        try {
            Terraform terraform = stack.terraform();
            List<String> command = Terraform.planCommand(file, true);
            if (lock.applies() && !lock.refused()) {
                long held = System.nanoTime();
                lock.holdAndAttempt(
                        terraform, new S3Reader(stack.aws()), stack.workspace().root(), command);
                stack.progress()
                        .record(
                                "state lock check (STATE-03), before the plan",
                                Duration.ofNanos(System.nanoTime() - held));
            }
            Terraform.Result planned = terraform.plan(command);
            lock.recordAfterRelease(command, planned);
            if (StateLockCheck.Attempt.of(command, planned).lockError()) {
                // the lock is still held (STATE-03 says by whom, or why): drift and SEC-03 judge a plan without it
                planned = terraform.plan(Terraform.planCommand(file, false));
            }
            JsonNode made = terraform.show(planned, file);
            stack.progress().record(phase, Duration.ofNanos(System.nanoTime() - start));
            return made;
        } finally {
            lock.complete(); // a plan that could not run completes the check too (it records no plan after the release)
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                stack.progress().info("WARNING: could not delete the saved plan " + file + ": " + e.getMessage());
            }
        }
    }
}
