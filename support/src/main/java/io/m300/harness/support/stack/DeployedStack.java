package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.target.TargetEnvironment;
import io.m300.harness.support.terraform.Terraform;
import io.m300.harness.support.terraform.TransientErrors;
import io.m300.harness.support.terraform.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The stack under test, deployed once per run and shared by every scenario (its owner is a
 * {@link StackSession}): the target it runs on, its outputs, AWS clients for reading it back, and the
 * Terraform that made it. Torn down once at the end of the run, by a shutdown hook if the JVM is
 * interrupted, and at once if deploying fails half-way, so that no half-deployed stack is left behind.
 *
 * <p>This class keeps the stack's generations (each apply is one) and its destroy; what the stack
 * stands on (target, prerequisites, workspace, Terraform) is a {@link StackGround}, the state-lock
 * check of each apply an {@link ApplyLockChecks}, and what the run writes about itself {@link RunRecords}.
 */
public final class DeployedStack {

    private final StackGround ground;
    private final Progress progress;
    private final RunExecutor executor;
    private final RunRecords records = new RunRecords();
    private final ApplyLockChecks lockChecks = new ApplyLockChecks();
    private Outputs outputs;
    private StackInventory inventory;
    private String stateDocument;
    private int inventoryGeneration = -1;
    private boolean initialised;
    private final TeardownOnce teardown = new TeardownOnce();
    private int generation;
    private boolean destroyed;
    /** This run applied the stack (its state is this run's), and no destroy has been tried yet. */
    private boolean stateOwnedByThisRun;

    private DeployedStack(HarnessConfig config, Progress progress, RunExecutor executor) {
        this.ground = new StackGround(config, progress, executor);
        this.progress = progress;
        this.executor = executor;
    }

    /** Deploys with background work on {@code executor}, the session's ({@link RunExecutor}). */
    public static DeployedStack deploy(HarnessConfig config, Progress progress, RunExecutor executor) {
        for (int attempt = 1; ; attempt++) {
            DeployedStack stack = new DeployedStack(config, progress, executor);
            try {
                stack.up();
                return stack;
            } catch (RuntimeException e) {
                progress.info("deployment failed; removing what was created");
                try {
                    stack.tearDown();
                } catch (RuntimeException teardown) {
                    e.addSuppressed(
                            teardown); // the deployment's error is the one to show; teardown already logged its own
                }
                Optional<String> lost = attempt == 1 && e.getSuppressed().length == 0 && stack.ground.onOwnEmulator()
                        ? TransientErrors.lostCreate(String.valueOf(e.getMessage()))
                        : Optional.empty();
                if (lost.isEmpty()) {
                    throw e instanceof HarnessException h
                            ? h
                            : new HarnessException("deployment failed: " + e.getMessage(), e);
                }
                progress.info("  the emulator answered a create with '" + lost.get()
                        + "' for a resource Terraform had not recorded (an emulator under load can apply a request"
                        + " whose answer is lost, and the provider's retry then conflicts with it): removed, and"
                        + " deploying once more on a fresh emulator; a stack that conflicts with itself fails again");
            }
        }
    }

    private void up() {
        ground.open(
                teardown.hook(this::tearDown, progress::info, ground.config().runId()));
        KeptStack reusing = ground.reusing();
        Terraform terraform = ground.terraform();
        HarnessConfig config = ground.config();
        if (reusing == null) {
            ground.prerequisites().awaitParameter(); // the apply reads it
            validatedWhileApplying();
        } else if (ground.infraUnchanged()) {
            initialised = true;
            progress.info("skipped terraform validate: " + config.infraDir() + " is what run " + reusing.runId()
                    + " validated and applied");
            progress.info("skipped terraform apply: " + config.infraDir() + " is unchanged since run " + reusing.runId()
                    + " kept it");
            outputs = new Outputs(terraform.outputs());
            generation++;
        } else {
            progress.phase("terraform validate", terraform::validate);
            initialised = true;
            apply("terraform apply (infra changed since run " + reusing.runId()
                    + " was kept: applying the difference)");
        }
        TargetEnvironment environment = ground.environment();
        records.deployed(config, environment, ground.workspace());
        // said once the probe has answered: a reuse run's checks do not wait for it (1.7 s on moto)
        environment
                .capabilities()
                .whenProbed(() ->
                        progress.info("capabilities of " + environment.name() + ": " + environment.capabilities()));
    }

    /** The future's value; its failure rethrown as it was thrown, not wrapped. */
    public static <T> T joined(CompletableFuture<T> future) {
        return RunExecutor.joined(future);
    }

    /**
     * {@code terraform validate} beside the first {@code terraform apply} rather than before it: an
     * apply validates the configuration before it changes anything, so an invalid one fails within
     * seconds with nothing deployed; validate's located diagnostic is then the error reported. A
     * valid one costs no wait (validate takes about 3 s; the apply waits minutes on the provider).
     */
    private void validatedWhileApplying() {
        Terraform terraform = ground.terraform();
        var validation = executor.run(() -> progress.phase("terraform validate", terraform::validate));
        initialised = true; // from here on, something may be deployed: teardown destroys
        try {
            apply("terraform apply");
        } catch (RuntimeException e) {
            HarnessException invalid = failure(validation);
            if (invalid != null) {
                initialised = false; // an invalid configuration is refused before anything is created
                throw invalid;
            }
            throw e;
        }
        HarnessException invalid = failure(validation);
        if (invalid != null) {
            throw invalid; // applied, yet not valid: teardown destroys what was made
        }
    }

    /** The harness error a finished (or finishing) validation ended with; null when it passed. */
    private static HarnessException failure(CompletableFuture<Void> validation) {
        try {
            RunExecutor.joined(validation);
            return null;
        } catch (HarnessException h) {
            return h;
        }
    }

    /** The proof's result once the run was torn down (harness.enforceRolePolicy), else null. */
    public RolePolicyEnforcement.Report roleProof() {
        RoleProof proof = ground.roleProof();
        return proof == null ? null : proof.report();
    }

    /**
     * Applies the workspace as it is now (after a mutant was added to it or removed) and reads the
     * outputs again. Each apply starts a new generation: what was read from the previous one (a
     * saved plan) is stale.
     */
    public synchronized void apply(String phase) {
        applied(phase, ground.terraform()::apply);
    }

    /**
     * Like {@link #apply(String)}, but plans from the state without refreshing it first
     * ({@link Terraform#applyFromState()}): for a stack that only this run changes, whose next
     * check is a refreshing plan.
     */
    public synchronized void applyFromState(String phase) {
        applied(phase, ground.terraform()::applyFromState);
    }

    private void applied(String phase, Runnable apply) {
        stateOwnedByThisRun = true;
        Terraform terraform = ground.terraform();
        StateLockCheck lock = ApplyLockChecks.triedWhileApplying(
                terraform, backend(), planFile(generation + 1), executor, () -> progress.phase(phase, apply));
        outputs = new Outputs(terraform.outputs());
        generation++;
        lockChecks.record(lock, generation);
    }

    /** The backend as {@code terraform init} recorded it. */
    public BackendConfig backend() {
        return BackendConfig.read(Path.of(ground.workspace().env().get("TF_DATA_DIR")));
    }

    /** Where the plan of a generation is saved while it is read ({@code -out}). */
    public Path planFile(int generation) {
        return ground.workspace().root().resolve("verify-" + generation + ".tfplan");
    }

    /**
     * The state-lock check made during the apply that made {@code generation}, if a plan was refused
     * while that apply held the lock; empty otherwise (the check is then made before the plan).
     */
    public Optional<StateLockCheck> lockCheckOfApply(int generation) {
        return lockChecks.of(generation);
    }

    /** How many applies this stack has had; changes whenever the deployed configuration may have. */
    public synchronized int generation() {
        return generation;
    }

    public HarnessConfig config() {
        return ground.config();
    }

    public TargetEnvironment target() {
        return ground.environment();
    }

    public AwsClients aws() {
        return ground.aws();
    }

    public Outputs outputs() {
        return outputs;
    }

    public Terraform terraform() {
        return ground.terraform();
    }

    public Workspace workspace() {
        return ground.workspace();
    }

    public Prerequisites prerequisites() {
        return ground.prerequisites();
    }

    public Progress progress() {
        return progress;
    }

    /**
     * Every resource the stack's state lists (read with {@code terraform state pull}, so from
     * wherever its backend keeps it), read once per apply.
     */
    public synchronized StackInventory inventory() {
        if (inventory == null || inventoryGeneration != generation) {
            stateDocument = ground.terraform().statePull();
            inventory = StackInventory.parse(stateDocument);
            inventoryGeneration = generation;
        }
        return inventory;
    }

    /**
     * The raw state document behind {@link #inventory()} ({@code terraform state pull}, from wherever
     * the backend keeps it), held in memory only. May hold secrets: scan it, never log or write it.
     */
    public synchronized String stateDocument() {
        inventory();
        return stateDocument;
    }

    /** The database password, read with decryption from where the stack reads it. Never print it. */
    public Secret databasePassword() {
        return ground.prerequisites().password();
    }

    /** The raw state document, read from the backend (S3) where it lives, not through Terraform. */
    public String stateFromBackend() {
        return ground.prerequisites().stateFromBackend();
    }

    /**
     * Destroys the stack now ({@code terraform destroy}) but keeps the target, the prerequisites and
     * the clients, so that a scenario can look for what the destroy left behind. The final
     * {@link #tearDown()} then does not destroy again, and still removes the prerequisites and stops
     * the target. Does nothing when the stack was already destroyed.
     */
    public synchronized void destroyKeepingTarget() {
        if (destroyed || teardown.done()) {
            return;
        }
        if (!initialised) {
            throw new HarnessException(
                    "the stack of run " + ground.config().runId() + " was never deployed: nothing to destroy");
        }
        records.checksEnded(progress);
        destroy();
        destroyed = true; // only after success: a failed destroy is tried again by tearDown()
    }

    /**
     * {@code terraform destroy}. On an emulator, a stack this run applied is destroyed from its state
     * without reading every resource back first (1.5 s on moto before the first deletion): the state
     * is what this run's apply wrote minutes ago, and the emulator is this run's. A reused stack, a
     * real account, and a second attempt after a failed destroy refresh first, as Terraform does.
     */
    private void destroy() {
        boolean fromState = stateOwnedByThisRun && ground.environment().isEmulator();
        stateOwnedByThisRun = false; // a retry after a failure refreshes
        Terraform terraform = ground.terraform();
        progress.phase("terraform destroy", fromState ? terraform::destroyFromState : terraform::destroy);
    }

    /** True once {@link #destroyKeepingTarget()} has destroyed the stack. */
    public synchronized boolean destroyed() {
        return destroyed;
    }

    /** True once {@link #tearDown()} ran (the stack is destroyed, or kept when harness.keep=true). */
    public synchronized boolean tornDown() {
        return teardown.done();
    }

    /**
     * Destroys the stack (unless it was destroyed already) and removes what it stood on; a stack of
     * harness.keep=true is left deployed and recorded instead, and a kept stack this run could not
     * reattach to is left as it was. Runs once; every step is tried, and the failures are thrown together.
     */
    public synchronized void tearDown() {
        if (!teardown.claim()) {
            return;
        }
        records.checksEnded(progress);
        List<String> problems = new ArrayList<>();
        if (ground.reusing() != null && outputs == null) {
            ground.leaveUnreused(); // not this run's to destroy
        } else if (ground.config().keep() && outputs != null) {
            ground.keep();
        } else {
            boolean destroyFailed =
                    initialised && !destroyed && !ground.attempt(problems, "terraform destroy", this::destroy);
            ground.remove(destroyFailed, problems);
        }
        ground.close();
        failIfAny(problems, "teardown");
    }

    /** Stops an emulator this run started (no destroy: its state goes with it); otherwise {@link #tearDown()}. */
    public synchronized void discardOrTearDown() {
        boolean ownEmulator = ground.environment() != null
                && ground.onOwnEmulator()
                && !ground.config().keep();
        if (!ownEmulator || !teardown.claim()) {
            tearDown(); // or nothing, when the teardown was claimed already
            return;
        }
        List<String> problems = new ArrayList<>();
        ground.discard(problems);
        ground.close();
        failIfAny(problems, "discarding");
    }

    private void failIfAny(List<String> problems, String what) {
        if (!problems.isEmpty()) {
            throw new HarnessException(
                    what + " of run " + ground.config().runId() + " incomplete: " + String.join("; ", problems));
        }
    }
}
