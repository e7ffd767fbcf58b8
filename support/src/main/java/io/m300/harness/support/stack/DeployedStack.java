package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.provision.Tools;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.report.RunFile;
import io.m300.harness.support.report.Timings;
import io.m300.harness.support.state.BackendConfig;
import io.m300.harness.support.state.StateLockCheck;
import io.m300.harness.support.target.ProcessRegistry;
import io.m300.harness.support.target.Target;
import io.m300.harness.support.target.TargetEnvironment;
import io.m300.harness.support.target.Targets;
import io.m300.harness.support.terraform.ProviderServer;
import io.m300.harness.support.terraform.Terraform;
import io.m300.harness.support.terraform.TerraformVersion;
import io.m300.harness.support.terraform.TransientErrors;
import io.m300.harness.support.terraform.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The stack under test, deployed once per run and shared by every scenario (its owner is a
 * {@link StackSession}): the target it runs on, its outputs, AWS clients for reading it back, and the
 * Terraform that made it. Torn down once at the end of the run, by a shutdown hook if the JVM is
 * interrupted, and at once if deploying fails half-way, so that no half-deployed stack is left behind.
 */
public final class DeployedStack {

    private HarnessConfig config;
    private KeptStack reusing;
    private final Progress progress;
    private final RunExecutor executor;
    private final Instant started = Instant.now();
    private Target target;
    private TargetEnvironment environment;
    private AwsClients aws;
    private Prerequisites prerequisites;
    private Workspace workspace;
    private Terraform terraform;
    private String terraformBinary;
    private Outputs outputs;
    private StackInventory inventory;
    private String stateDocument;
    private int inventoryGeneration = -1;
    private boolean initialised;
    private ProcessRegistry registry;
    private boolean tornDown;
    private int generation;
    /** The state-lock check tried during the apply that made {@link #lockCheckGeneration}. */
    private StateLockCheck lockCheck;

    private int lockCheckGeneration = -1;
    private boolean destroyed;
    /** This run applied the stack (its state is this run's), and no destroy has been tried yet. */
    private boolean stateOwnedByThisRun;

    private Thread shutdownHook;
    private RolePolicyEnforcement enforcement;
    private RolePolicyEnforcement.Report proof;
    private long checksStarted;

    private DeployedStack(HarnessConfig config, Progress progress, RunExecutor executor) {
        this.config = config;
        this.progress = progress;
        this.executor = executor;
    }

    /** Stops an emulator this run started (no destroy: its state goes with it); otherwise {@link #tearDown()}. */
    public synchronized void discardOrTearDown() {
        boolean ownEmulator = environment != null
                && reusing == null
                && !config.keep()
                && ("moto".equals(target.name()) || "localstack".equals(target.name()));
        if (!ownEmulator || tornDown) {
            tearDown();
            return;
        }
        tornDown = true;
        List<String> problems = new ArrayList<>();
        progress.info(
                "discarding run " + config.runId() + ": stopping its " + target.name() + " without terraform destroy");
        if (aws != null) {
            aws.close();
        }
        stopProvider();
        attempt(problems, "stop target", () -> progress.phase("stop target " + target.name(), target::close));
        writeTimings();
        removeHook();
        if (!problems.isEmpty()) {
            throw new HarnessException(
                    "discarding run " + config.runId() + " incomplete: " + String.join("; ", problems));
        }
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
                Optional<String> lost = attempt == 1 && e.getSuppressed().length == 0 && stack.onOwnEmulator()
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

    /** This run deployed to an emulator it started itself (a fresh one can be started again). */
    private boolean onOwnEmulator() {
        return target != null
                && reusing == null
                && ("moto".equals(target.name()) || "localstack".equals(target.name()));
    }

    private void up() {
        terraformBinary = Tools.terraform(config, progress);
        String version = TerraformVersion.require(terraformBinary);
        progress.info("run " + config.runId() + ": Terraform " + version + ", infra " + config.infraDir() + ", target "
                + config.target());
        if (!Boolean.getBoolean("harness.selfTest")) {
            progress.info(
                    "skipped: the harness's own tests (unit and integration tests of support, steps and features, "
                            + "about 40 s): a local run checks the stack; -Dharness.selfTest=true runs them, as CI does");
        }
        registry = new ProcessRegistry(config.workDir().resolve("processes"));
        registry.sweepOrphans().forEach(p -> progress.info("stopped a leftover of an earlier run: " + p));

        var kept = KeptStack.read(config.workDir());
        if (config.reuse()) {
            reusing = kept.orElseThrow(() -> new HarnessException("harness.reuse=true, but no stack was kept in "
                    + config.workDir() + ": run once with -Dharness.keep=true"));
            config = config.withRunId(reusing.runId());
            progress.info("reusing the stack kept by run " + reusing.runId() + " on " + reusing.target()
                    + ": skipped starting a target and creating prerequisites");
            target = Targets.reattach(config, reusing, registry);
        } else {
            kept.ifPresent(k -> removeKept(k, registry));
            // before the target starts: its log (moto.log) lives in this run's folder, and a stale
            // TF_DATA_DIR of an earlier run with this id would hold that run's backend
            Workspace.discard(config);
            target = Targets.create(config, registry, progress);
        }
        shutdownHook = new Thread(this::tearDownFromHook, "m300-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path tls = config.workDir().resolve(config.runId()).resolve("tls");
        // a new key pair takes a second of CPU: made while the target starts
        CompletableFuture<SelfSignedCertificate> certificate = reusing != null
                ? CompletableFuture.completedFuture(null)
                : executor.supply(() -> SelfSignedCertificate.generate(config.runId() + ".m300.test"));
        environment = progress.phase("start target " + target.name(), target::start);
        if (reusing != null && config.enforceRolePolicy().isEmpty()) {
            environment
                    .capabilities()
                    .probeInBackground(
                            executor::run); // no apply to wait on: asked now, answered by the first check that needs it
        }
        progress.info(
                "target: " + environment.description() + " (its capabilities are probed while Terraform applies)");
        aws = AwsClients.of(environment);
        if (config.enforceRolePolicy().isPresent() && reusing == null) {
            // the probe is the harness's own question to the target, not the role's traffic: asked
            // before the role's policy is enforced (moto would refuse it, and a refusal reads as "implemented")
            environment.capabilities().probeNow();
            enforceRolePolicy();
        }

        if (reusing != null) {
            failIfLocked(Prerequisites.existing(aws, config));
        }
        prerequisites = reusing != null
                ? Prerequisites.existing(aws, config)
                : progress.phase(
                        "create prerequisites (state bucket; the password parameter beside it and terraform init)",
                        () -> Prerequisites.create(aws, config, executor));
        SelfSignedCertificate cert = reusing != null ? SelfSignedCertificate.load(tls) : joined(certificate);
        if (config.keep()) {
            cert.save(tls);
        }
        workspace = Workspace.prepare(
                config,
                environment,
                new Workspace.Backend(prerequisites.bucket(), prerequisites.stateKey()),
                new Workspace.Inputs(
                        prerequisites.passwordParameterName(), cert.certificatePem(), cert.privateKeyPem()));
        terraform = new Terraform(
                terraformBinary,
                workspace.infra(),
                workspace.env(),
                config.phaseTimeout(),
                workspace.root().resolve("terraform.log"),
                progress,
                registry);

        boolean unchanged = reusing != null && reusing.infraHash().equals(KeptStack.hash(config.infraDir()));
        if (unchanged && workspace.initialised()) {
            progress.info("skipped terraform init: the kept workspace of run " + reusing.runId()
                    + " is initialised for this infra");
        } else {
            progress.phase("terraform init", () -> {
                try {
                    terraform.init(workspace.backendConfig());
                } catch (HarnessException e) {
                    if (config.pluginMirror().isEmpty() && e.getMessage().contains("registry.terraform.io")) {
                        throw new HarnessException(
                                "Terraform cannot install hashicorp/aws: no plugin mirror is configured and "
                                        + "registry.terraform.io cannot be reached: set TF_PLUGIN_MIRROR (or harness.pluginMirror) to a "
                                        + "filesystem mirror holding hashicorp/aws (full log: "
                                        + workspace.root().resolve("terraform.log") + ")");
                    }
                    throw e;
                }
            });
        }
        shareProvider();
        if (unchanged) {
            progress.info("skipped terraform validate: " + config.infraDir() + " is what run " + reusing.runId()
                    + " validated and applied");
        }
        if (reusing == null) {
            aws.prepareInBackground(
                    executor::run); // the checks' clients, and the target's probe, while Terraform applies
            environment.capabilities().probeInBackground(executor::run);
            prerequisites.awaitParameter(); // the apply reads it
            validatedWhileApplying();
        } else if (unchanged) {
            initialised = true;
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
        writeRunFile();
        // said once the probe has answered: a reuse run's checks do not wait for it (1.7 s on moto)
        environment
                .capabilities()
                .whenProbed(
                        () -> progress.info("capabilities of " + target.name() + ": " + environment.capabilities()));
        checksStarted = System.nanoTime();
    }

    /** The future's value; its failure rethrown as it was thrown, not wrapped. */
    public static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * One aws provider process for all of this stack's Terraform commands ({@link ProviderServer}),
     * started by the first command that needs a provider, where the configuration has a single aws
     * provider configuration; otherwise, or when it does not start, each command starts its own, as
     * Terraform does by default. {@code harness.shareProvider=false} turns it off.
     */
    private void shareProvider() {
        if (!config.shareProvider()) {
            return;
        }
        Path data = workspace.root().resolve("tf-data");
        var binary = ProviderServer.installedBinary(data);
        if (binary.isEmpty() || !ProviderServer.soleConfiguration(workspace.infra(), data)) {
            progress.info("each Terraform command starts its own aws provider: "
                    + (binary.isEmpty()
                            ? "no single installed hashicorp/aws binary found"
                            : "the configuration has more than one aws provider configuration"));
            return;
        }
        Path log = workspace.root().resolve("provider.log");
        terraform.attachOnFirstUse(() -> {
            var server = ProviderServer.start(binary.get(), workspace.infra(), workspace.env(), log, registry);
            progress.info(server.map(p ->
                            "aws provider: one process (pid " + p.pid() + ") for every Terraform command of this run")
                    .orElse("each Terraform command starts its own aws provider: the shared one did not start (see "
                            + log + ")"));
            return server;
        });
    }

    /** Stops the shared provider process, if one was started (the commands after this start their own). */
    private void stopProvider() {
        if (terraform != null) {
            terraform.detach().ifPresent(ProviderServer::close);
        }
    }

    /**
     * {@code terraform validate} beside the first {@code terraform apply} rather than before it: an
     * apply validates the configuration before it changes anything, so an invalid one fails within
     * seconds with nothing deployed; validate's located diagnostic is then the error reported. A
     * valid one costs no wait (validate takes about 3 s; the apply waits minutes on the provider).
     */
    private void validatedWhileApplying() {
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
            joined(validation);
            return null;
        } catch (HarnessException h) {
            return h;
        }
    }

    /** Records how long the checks took: from the end of the deployment to the destroy (or the keep). */
    private void recordChecks() {
        if (checksStarted != 0) {
            progress.record(
                    "checks (every scenario between apply and destroy)",
                    Duration.ofNanos(System.nanoTime() - checksStarted));
            checksStarted = 0;
        }
    }

    /**
     * harness.enforceRolePolicy: the state bucket is made first with the emulator's administrator
     * (a real account has it before the run), then everything else (the password parameter,
     * Terraform, the checks, the teardown, a sweep) runs as the IAM user that holds the policy.
     */
    private void enforceRolePolicy() {
        String bucket = config.stateBucket().orElse(config.runId() + "-tfstate");
        AwsClients admin = aws;
        enforcement = progress.phase("role policy proof: state bucket, IAM user, enforcement on", () -> {
            Prerequisites.createStateBucket(admin, bucket);
            return RolePolicyEnforcement.begin(environment, admin, config, bucket, progress);
        });
        config = config.withStateBucket(bucket);
        admin.close();
        environment = enforcement.environment();
        aws = AwsClients.of(environment);
    }

    /** The proof's result once the run was torn down (harness.enforceRolePolicy), else null. */
    public RolePolicyEnforcement.Report roleProof() {
        return proof;
    }

    /** The sweeper of the nightly workflow, in the same session: its calls belong to the proof too. */
    private void sweepAsRole() {
        try (AwsClients noRetries = AwsClients.withoutRetries(environment)) {
            var report = new io.m300.harness.support.sweep.Sweeper(
                            noRetries, config.runId(), System.out, false, Duration.ofMinutes(1), Duration.ofSeconds(5))
                    .sweep(config.stateBucket());
            progress.info("role policy proof: sweep deleted " + report.deleted().size() + " leftover(s)"
                    + (report.clean() ? "" : "; could not delete " + report.failed()));
            if (!report.clean()) {
                throw new HarnessException("the sweep could not delete " + report.failed());
            }
        }
    }

    private void finishProof() {
        proof = enforcement.finish(config.workDir().resolve(config.runId()), progress);
        if (!proof.proven()) {
            throw new HarnessException(
                    "the role policy " + config.enforceRolePolicy().orElseThrow() + " does not suffice: moto refused "
                            + proof.refused() + " request(s), "
                            + proof.with(io.m300.harness.support.iam.RolePolicyCheck.Outcome.DENIED)
                                    .size()
                            + " call(s) not allowed, "
                            + proof.with(io.m300.harness.support.iam.RolePolicyCheck.Outcome.UNMAPPED)
                                    .size()
                            + " unmapped (see " + proof.requestsFile() + ")");
        }
    }

    /** A kept stack whose state another operation has locked is not reused: say who holds it, and stop. */
    private void failIfLocked(Prerequisites kept) {
        String lock = kept.stateKey() + ".tflock";
        String info;
        try {
            info = aws.s3()
                    .getObjectAsBytes(r -> r.bucket(kept.bucket()).key(lock))
                    .asUtf8String();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return;
        }
        String holder = "";
        try {
            JsonNode json = new ObjectMapper().readTree(info);
            holder = " (lock " + json.path("ID").asText("?") + ", "
                    + json.path("Operation").asText("?") + " by "
                    + json.path("Who").asText("?") + " since "
                    + json.path("Created").asText("?") + ")";
        } catch (IOException | RuntimeException ignored) {
            // an unreadable lock is still a lock
        }
        throw new HarnessException(
                "the stack kept by run " + reusing.runId() + " is locked by another Terraform operation" + holder
                        + ": wait for it to finish, or release it with terraform force-unlock");
    }

    /** A plain run first removes a stack that an earlier run kept. */
    private void removeKept(KeptStack kept, ProcessRegistry registry) {
        if (kept.emulatorPid() > 0) {
            ProcessHandle.of(kept.emulatorPid()).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            registry.forget(kept.emulatorPid());
            progress.info("removed the stack kept by run " + kept.runId() + " (stopped its moto_server, pid "
                    + kept.emulatorPid() + ")");
        } else {
            progress.info(
                    "destroying the stack kept by run " + kept.runId() + " on " + kept.target() + " before this run");
            DeployedStack.deploy(config.withRunId(kept.runId()).withStages(false, true), progress, executor)
                    .tearDown();
        }
        KeptStack.forget(config.workDir());
    }

    /**
     * Applies the workspace as it is now (after a mutant was added to it or removed) and reads the
     * outputs again. Each apply starts a new generation: what was read from the previous one (a
     * saved plan) is stale.
     */
    public synchronized void apply(String phase) {
        stateOwnedByThisRun = true;
        StateLockCheck lock = triedWhileApplying(phase, terraform::apply);
        outputs = new Outputs(terraform.outputs());
        generation++;
        lockCheck = lock;
        lockCheckGeneration = generation;
    }

    /**
     * Like {@link #apply(String)}, but plans from the state without refreshing it first
     * ({@link Terraform#applyFromState()}): for a stack that only this run changes, whose next
     * check is a refreshing plan.
     */
    public synchronized void applyFromState(String phase) {
        stateOwnedByThisRun = true;
        StateLockCheck lock = triedWhileApplying(phase, terraform::applyFromState);
        outputs = new Outputs(terraform.outputs());
        generation++;
        lockCheck = lock;
        lockCheckGeneration = generation;
    }

    /**
     * Runs the apply; while it changes resources (it holds the state lock), tries the plan of the
     * next generation, which must be refused (STATE-03, see {@link StateLockCheck}). Returns the
     * check, refused or not; its attempt has ended when this returns.
     */
    private StateLockCheck triedWhileApplying(String phase, Runnable apply) {
        StateLockCheck lock = new StateLockCheck(backend());
        CompletableFuture<Void> tried = new CompletableFuture<>();
        if (lock.applies()) {
            List<String> plan = Terraform.planCommand(planFile(generation + 1), true);
            terraform.whileApplying(executor::run, pid -> {
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
            progress.phase(phase, apply);
        } finally {
            if (terraform.cancelWhileApplying()) {
                tried.complete(null); // the apply never ran long enough
            }
            try {
                tried.get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not refused in time: the check is made again before the plan
            }
        }
        lock.releasedWhen("the apply finished");
        return lock;
    }

    /** The backend as {@code terraform init} recorded it. */
    public BackendConfig backend() {
        return BackendConfig.read(Path.of(workspace.env().get("TF_DATA_DIR")));
    }

    /** Where the plan of a generation is saved while it is read ({@code -out}). */
    public Path planFile(int generation) {
        return workspace.root().resolve("verify-" + generation + ".tfplan");
    }

    /**
     * The state-lock check made during the apply that made {@code generation}, if a plan was refused
     * while that apply held the lock; empty otherwise (the check is then made before the plan).
     */
    public synchronized Optional<StateLockCheck> lockCheckOfApply(int generation) {
        return lockCheckGeneration == generation && lockCheck != null && lockCheck.refused()
                ? Optional.of(lockCheck)
                : Optional.empty();
    }

    /** How many applies this stack has had; changes whenever the deployed configuration may have. */
    public synchronized int generation() {
        return generation;
    }

    public HarnessConfig config() {
        return config;
    }

    public TargetEnvironment target() {
        return environment;
    }

    public AwsClients aws() {
        return aws;
    }

    public Outputs outputs() {
        return outputs;
    }

    public Terraform terraform() {
        return terraform;
    }

    public Workspace workspace() {
        return workspace;
    }

    public Prerequisites prerequisites() {
        return prerequisites;
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
            stateDocument = terraform.statePull();
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
        return new Secret(aws.ssm()
                .getParameter(r -> r.name(prerequisites.passwordParameterName()).withDecryption(true))
                .parameter()
                .value());
    }

    /** The raw state document, read from the backend (S3) where it lives, not through Terraform. */
    public String stateFromBackend() {
        return aws.s3()
                .getObjectAsBytes(r -> r.bucket(prerequisites.bucket()).key(prerequisites.stateKey()))
                .asUtf8String();
    }

    /**
     * Destroys the stack now ({@code terraform destroy}) but keeps the target, the prerequisites and
     * the clients, so that a scenario can look for what the destroy left behind. The final
     * {@link #tearDown()} then does not destroy again, and still removes the prerequisites and stops
     * the target. Does nothing when the stack was already destroyed.
     */
    public synchronized void destroyKeepingTarget() {
        if (destroyed || tornDown) {
            return;
        }
        if (!initialised) {
            throw new HarnessException(
                    "the stack of run " + config.runId() + " was never deployed: nothing to destroy");
        }
        recordChecks();
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
        boolean fromState = stateOwnedByThisRun && environment.isEmulator();
        stateOwnedByThisRun = false; // a retry after a failure refreshes
        progress.phase("terraform destroy", fromState ? terraform::destroyFromState : terraform::destroy);
    }

    /** True once {@link #destroyKeepingTarget()} has destroyed the stack. */
    public synchronized boolean destroyed() {
        return destroyed;
    }

    /** True once {@link #tearDown()} ran (the stack is destroyed, or kept when harness.keep=true). */
    public synchronized boolean tornDown() {
        return tornDown;
    }

    public synchronized void tearDown() {
        if (tornDown) {
            return;
        }
        tornDown = true;
        recordChecks();
        List<String> problems = new ArrayList<>();
        if (reusing != null && outputs == null) {
            // Reattaching to a kept stack failed (its lock is held, its emulator is gone, ...): it is
            // not this run's to destroy. Leave it, and its record, as they were.
            progress.info("could not reuse the stack kept by run " + reusing.runId() + "; left it as it was");
            if (aws != null) {
                aws.close();
            }
        } else if (config.keep() && outputs != null) {
            long pid = target.keepRunning();
            new KeptStack(
                            config.runId(),
                            environment.name(),
                            environment.endpoint().map(Object::toString).orElse(""),
                            environment.region(),
                            pid,
                            KeptStack.hash(config.infraDir()))
                    .write(config.workDir());
            aws.close();
            progress.info("harness.keep=true: left run " + config.runId() + " deployed on " + environment.description()
                    + "; -Dharness.reuse=true verifies it again without applying, a plain run removes it");
        } else {
            boolean destroyFailed = initialised && !destroyed && !attempt(problems, "terraform destroy", this::destroy);
            if (prerequisites != null) {
                var keep = TeardownNotice.keepPrerequisites(
                        destroyFailed,
                        config.runId(),
                        prerequisites.bucket(),
                        prerequisites.stateKey(),
                        prerequisites.passwordParameterName(),
                        workspace == null ? config.workDir().resolve(config.runId()) : workspace.root());
                if (keep.isPresent()) {
                    progress.info(keep.get());
                } else {
                    attempt(problems, "remove prerequisites", prerequisites::remove);
                }
            }
            if (enforcement != null) {
                attempt(problems, "sweep", () -> progress.phase("sweep (as the role)", this::sweepAsRole));
                attempt(problems, "role policy proof", () -> progress.phase("role policy proof", this::finishProof));
            }
            if (aws != null) {
                aws.close();
            }
            if (target != null) {
                attempt(problems, "stop target", () -> progress.phase("stop target " + target.name(), target::close));
            }
            if (reusing != null && problems.isEmpty()) {
                KeptStack.forget(config.workDir());
            }
        }
        stopProvider();
        writeTimings();
        removeHook();
        if (!problems.isEmpty()) {
            throw new HarnessException(
                    "teardown of run " + config.runId() + " incomplete: " + String.join("; ", problems));
        }
    }

    private void tearDownFromHook() {
        if (!tornDown) {
            progress.info("JVM is stopping: tearing down run " + config.runId());
            try {
                tearDown();
            } catch (RuntimeException e) {
                progress.info("ERROR: " + e.getMessage());
            }
        }
    }

    private void removeHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private boolean attempt(List<String> problems, String what, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getMessage());
            progress.info("ERROR during " + what + ": " + e.getMessage());
            return false;
        }
    }

    private void writeRunFile() {
        new RunFile(
                        config.runId(),
                        environment.name(),
                        environment.description(),
                        environment.region(),
                        started.toString(),
                        environment.capabilities().toString())
                .writeTo(workspace.root());
    }

    private void writeTimings() {
        if (workspace == null) {
            return;
        }
        Timings.of(progress.timings()).writeTo(workspace.root());
    }
}
