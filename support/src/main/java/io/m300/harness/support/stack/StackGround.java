package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.provision.Tools;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import io.m300.harness.support.target.Target;
import io.m300.harness.support.target.TargetEnvironment;
import io.m300.harness.support.target.Targets;
import io.m300.harness.support.terraform.Terraform;
import io.m300.harness.support.terraform.TerraformVersion;
import io.m300.harness.support.terraform.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What a {@link DeployedStack} stands on, made in this order by {@link #open} and removed by the
 * teardown: the target (started, or reattached to a kept one), the AWS clients, the role-proof hook,
 * the prerequisites (state bucket, password parameter), the workspace and an initialised Terraform.
 * Whatever is null was not made (a deployment that failed half-way), and is not removed.
 */
final class StackGround {

    private final Progress progress;
    private final RunExecutor executor;
    private HarnessConfig config;
    private KeptStack reusing;
    private boolean infraUnchanged;
    private ProcessRegistry registry;
    private Target target;
    private TargetEnvironment environment;
    private AwsClients aws;
    private RoleProof roleProof;
    private Prerequisites prerequisites;
    private Workspace workspace;
    private Terraform terraform;
    private TeardownHook hook;

    StackGround(HarnessConfig config, Progress progress, RunExecutor executor) {
        this.config = config;
        this.progress = progress;
        this.executor = executor;
    }

    HarnessConfig config() {
        return config;
    }

    /** The stack an earlier run kept, when this run reuses it; else null. */
    KeptStack reusing() {
        return reusing;
    }

    /** This run reuses a kept stack whose infra is what it applied. */
    boolean infraUnchanged() {
        return infraUnchanged;
    }

    Target targetProcess() {
        return target;
    }

    TargetEnvironment environment() {
        return environment;
    }

    AwsClients aws() {
        return aws;
    }

    Prerequisites prerequisites() {
        return prerequisites;
    }

    Workspace workspace() {
        return workspace;
    }

    Terraform terraform() {
        return terraform;
    }

    RoleProof roleProof() {
        return roleProof;
    }

    /** This run deployed to an emulator it started itself (a fresh one can be started again). */
    boolean onOwnEmulator() {
        return target != null
                && reusing == null
                && ("moto".equals(target.name()) || "localstack".equals(target.name()));
    }

    /** Makes everything up to an initialised Terraform; {@code onShutdown} tears down if the JVM stops meanwhile. */
    void open(Runnable onShutdown) {
        String terraformBinary = Tools.terraform(config, progress);
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
        openTarget(onShutdown);

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
                            executor); // no apply to wait on: asked now, answered by the first check that needs it
        }
        progress.info("target: " + environment.description());
        aws = AwsClients.of(environment);
        if (config.enforceRolePolicy().isPresent() && reusing == null) {
            // the probe is the harness's own question to the target, not the role's traffic: asked
            // before the role's policy is enforced (moto would refuse it, and a refusal reads as "implemented")
            environment.capabilities().probeNow();
            roleProof = RoleProof.begin(aws, environment, config, progress);
            config = config.withStateBucket(roleProof.bucket());
            environment = roleProof.environment();
            aws = AwsClients.of(environment);
        }
        if (reusing != null) {
            failIfLocked(Prerequisites.existing(aws, config));
        }
        prerequisites = reusing != null
                ? Prerequisites.existing(aws, config)
                : progress.phase(
                        "create prerequisites (state bucket; the password parameter beside it and terraform init)",
                        () -> Prerequisites.create(aws, config, executor));
        SelfSignedCertificate cert =
                reusing != null ? SelfSignedCertificate.load(tls) : RunExecutor.joined(certificate);
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
        init();
        SharedProvider.attach(config, workspace, terraform, registry, progress);
    }

    /** Reattaches to the kept stack (harness.reuse), or removes one and creates a target of this run's own. */
    private void openTarget(Runnable onShutdown) {
        var kept = KeptStack.read(config.workDir());
        if (config.reuse()) {
            reusing = kept.orElseThrow(() -> new HarnessException("harness.reuse=true, but no stack was kept in "
                    + config.workDir() + ": run once with -Dharness.keep=true"));
            config = config.withRunId(reusing.runId());
            progress.info("reusing the stack kept by run " + reusing.runId() + " on " + reusing.target()
                    + ": skipped starting a target and creating prerequisites");
            target = Targets.reattach(config, reusing, registry);
        } else {
            kept.ifPresent(this::removeKept);
            // before the target starts: its log (moto.log) lives in this run's folder, and a stale
            // TF_DATA_DIR of an earlier run with this id would hold that run's backend
            Workspace.discard(config);
            target = Targets.create(config, registry, progress);
        }
        hook = TeardownHook.install(onShutdown);
        infraUnchanged = reusing != null && reusing.infraHash().equals(KeptStack.hash(config.infraDir()));
    }

    private void init() {
        if (infraUnchanged && workspace.initialised()) {
            progress.info("skipped terraform init: the kept workspace of run " + reusing.runId()
                    + " is initialised for this infra");
            return;
        }
        progress.phase("terraform init", () -> {
            try {
                terraform.init(workspace.backendConfig());
            } catch (HarnessException e) {
                if (config.pluginMirror().isEmpty() && e.getMessage().contains("registry.terraform.io")) {
                    throw new HarnessException("Terraform cannot install hashicorp/aws: no plugin mirror is configured"
                            + " and registry.terraform.io cannot be reached: set TF_PLUGIN_MIRROR (or"
                            + " harness.pluginMirror) to a filesystem mirror holding hashicorp/aws (full log: "
                            + workspace.root().resolve("terraform.log") + ")");
                }
                throw e;
            }
        });
    }

    /** A kept stack whose state another operation has locked is not reused: say who holds it, and stop. */
    private void failIfLocked(Prerequisites kept) {
        String info;
        try {
            info = new S3Reader(aws).text(kept.bucket(), kept.stateKey() + ".tflock");
        } catch (NoSuchKeyException e) {
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
    private void removeKept(KeptStack kept) {
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

    // ---------------------------------------------------------------- removal

    /** Reattaching to a kept stack failed (its lock is held, its emulator is gone, ...): leaves it, and its record. */
    void leaveUnreused() {
        progress.info("could not reuse the stack kept by run " + reusing.runId() + "; left it as it was");
        closeClients();
    }

    /** harness.keep=true: leaves the stack and its target running, and records it for a reuse run. */
    void keep() {
        long pid = target.keepRunning();
        new KeptStack(
                        config.runId(),
                        environment.name(),
                        environment.endpoint().map(Object::toString).orElse(""),
                        environment.region(),
                        pid,
                        KeptStack.hash(config.infraDir()))
                .write(config.workDir());
        closeClients();
        progress.info("harness.keep=true: left run " + config.runId() + " deployed on " + environment.description()
                + "; -Dharness.reuse=true verifies it again without applying, a plain run removes it");
    }

    /**
     * Removes what the stack stood on, after its destroy: the prerequisites (kept, with a notice, when
     * the destroy failed), the role proof's sweep and verdict, the clients, the target.
     */
    void remove(boolean destroyFailed, List<String> problems) {
        if (prerequisites != null) {
            var notice = TeardownNotice.keepPrerequisites(
                    destroyFailed,
                    config.runId(),
                    prerequisites.bucket(),
                    prerequisites.stateKey(),
                    prerequisites.passwordParameterName(),
                    workspace == null ? config.workDir().resolve(config.runId()) : workspace.root());
            if (notice.isPresent()) {
                progress.info(notice.get());
            } else {
                attempt(problems, "remove prerequisites", prerequisites::remove);
            }
        }
        if (roleProof != null) {
            attempt(
                    problems,
                    "sweep",
                    () -> progress.phase("sweep (as the role)", () -> roleProof.sweep(environment, config, progress)));
            attempt(
                    problems,
                    "role policy proof",
                    () -> progress.phase("role policy proof", () -> roleProof.finish(config, progress)));
        }
        closeClients();
        stopTarget(problems);
        if (reusing != null && problems.isEmpty()) {
            KeptStack.forget(config.workDir());
        }
    }

    /** Stops an emulator this run started, without destroying what it holds (its state goes with it). */
    void discard(List<String> problems) {
        progress.info(
                "discarding run " + config.runId() + ": stopping its " + target.name() + " without terraform destroy");
        closeClients();
        SharedProvider.stop(terraform);
        stopTarget(problems);
    }

    /** The last of every removal: the shared provider stops, timings.json is written, the hook goes. */
    void close() {
        SharedProvider.stop(terraform);
        RunRecords.timings(progress, workspace);
        if (hook != null) {
            hook.remove();
        }
    }

    private void closeClients() {
        if (aws != null) {
            aws.close();
        }
    }

    private void stopTarget(List<String> problems) {
        if (target != null) {
            attempt(problems, "stop target", () -> progress.phase("stop target " + target.name(), target::close));
        }
    }

    /** Runs one step of a removal; its failure is logged and added to {@code problems}, and the removal goes on. */
    boolean attempt(List<String> problems, String what, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getMessage());
            progress.info("ERROR during " + what + ": " + e.getMessage());
            return false;
        }
    }
}
