package io.m300.harness.support.target;

import static org.awaitility.Awaitility.await;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.Provisioning;
import io.m300.harness.support.provision.Tools;
import io.m300.harness.support.report.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * moto as a {@code moto_server} child process on a free loopback port. The process is recorded in
 * the run's process registry so that a later run can stop it if this JVM is killed before it can.
 */
public final class MotoTarget implements Target {

    static final String NO_ALARM_ACTIONS = "moto changes an alarm's state but never runs its actions";
    static final String NO_LAMBDA = "moto runs Lambda code only inside Docker, and no Docker engine is reachable here";
    static final String NO_POLICY_CONDITIONS =
            "moto 5.2 evaluates a bucket policy's Deny while ignoring its Condition, so a TLS-only "
                    + "policy (Deny when aws:SecureTransport is false) would refuse every request: the state bucket carries no such policy here";
    static final String NO_REAL_NETWORK = "an emulator has no real network: nothing listens on the deployed endpoints";

    private final String region;
    private final ProcessRegistry registry;
    private Path logFile;
    private Process process;
    private boolean forPolicyProof;
    private Path recording;
    private Path launcherDir;
    private URI attachedEndpoint;
    private long attachedPid = -1;
    private Supplier<Path> server = () -> binary().orElseThrow(
                    () -> new HarnessException(
                            "moto_server is not on PATH: install it with 'pip install \"moto[server]\"', or choose another harness.target"));

    public MotoTarget(String region, ProcessRegistry registry, Path logFile) {
        this.region = region;
        this.registry = registry;
        this.logFile = logFile;
    }

    /** A moto_server that an earlier run started and kept: reattached, and stopped by {@link #close()}. */
    public static MotoTarget attach(String region, ProcessRegistry registry, URI endpoint, long pid) {
        MotoTarget target = new MotoTarget(region, registry, null);
        target.attachedEndpoint = endpoint;
        target.attachedPid = pid;
        return target;
    }

    @Override
    public String name() {
        return "moto";
    }

    /**
     * harness.enforceRolePolicy: start moto with its SigV4 signature check switched off (moto 5.2
     * recomputes some REST signatures wrongly, e.g. Lambda's and S3's {@code ?versions}, and answers
     * SignatureDoesNotMatch) while the access key is still resolved to its IAM user and every action
     * is still authorised against that user's policy; the request recorder writes to a private
     * temporary file (it holds request bodies) that {@link #close()} deletes.
     */
    public MotoTarget forPolicyProof() {
        this.forPolicyProof = true;
        return this;
    }

    /** This moto_server instead of the one on PATH. */
    MotoTarget withServer(Path binary) {
        this.server = () -> binary;
        return this;
    }

    /** When moto_server is not on PATH, install the pinned moto into the tool cache instead of failing. */
    public MotoTarget provisionedFrom(Provisioning provisioning, Progress progress) {
        this.server = () -> Tools.motoServer(provisioning, progress);
        return this;
    }

    /**
     * moto_server's own entry point ({@code moto_server_launcher.py} beside this class): two lookups that
     * moto 5.2 repeats on every request, under the lock that serialises its request dispatch, done once
     * instead (27 % less moto CPU). A moto without these functions runs as it is (the launcher says so in its log).
     */
    static final String LAUNCHER = launcherScript();

    private static String launcherScript() {
        try (var in = MotoTarget.class.getResourceAsStream("moto_server_launcher.py")) {
            return new String(
                    Objects.requireNonNull(in, "moto_server_launcher.py").readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the policy proof, also: requests are authorised against the caller's policy, their signatures not checked. */
    private static final String NO_SIGNATURE_CHECK = String.join(
            "\n",
            "import moto.iam.access_control as access_control",
            "access_control.IAMRequestBase.check_signature = lambda self: None");

    public static Optional<Path> binary() {
        return Tools.onPath("moto_server");
    }

    @Override
    public TargetEnvironment start() {
        if (attachedEndpoint != null) {
            EmulatorSupport.requireAnswers(attachedEndpoint, "the kept moto_server (pid " + attachedPid + ")");
            return environment(attachedEndpoint, attachedPid);
        }
        Path binary = server.get();
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            process = launch(binary, port, true);
            if (!answers(endpoint) && !forPolicyProof) {
                Progress.console()
                        .info("moto_server did not start through the harness's launcher (see " + logFile
                                + "): starting it as it is");
                stopProcess();
                process = launch(binary, port, false);
                answers(endpoint);
            }
        } catch (IOException e) {
            throw new HarnessException("could not start moto_server: " + e.getMessage());
        }
        if (!process.isAlive()) {
            int exit = process.exitValue();
            close();
            throw new HarnessException("moto_server exited at start (exit " + exit + "): see " + logFile);
        }
        if (!forPolicyProof) {
            deleteLauncherDir(); // read at start; only the policy proof's recording lives on in it
        }
        return environment(endpoint, process.pid());
    }

    /** Starts moto_server, through {@link #LAUNCHER} or as it is, and records it in the registry. */
    private Process launch(Path binary, int port, boolean throughLauncher) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb;
        if (throughLauncher) {
            Path dir = Files.createTempDirectory("m300-moto");
            // named so that its command line still says moto_server (.ci/run's leftover check looks for it)
            Path launcher = dir.resolve("moto_server_launcher.py");
            Files.writeString(launcher, LAUNCHER.replace("# policy proof", forPolicyProof ? NO_SIGNATURE_CHECK : ""));
            launcherDir = dir;
            pb = new ProcessBuilder(
                    Tools.python(binary), launcher.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
            if (forPolicyProof) {
                recording = dir.resolve("recording.jsonl");
                pb.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
            }
        } else {
            pb = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
        }
        Process started = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        registry.record(started.pid(), "moto_server", port);
        return started;
    }

    /** Waits until the server answers (true) or exits (false); one that does neither within 60 s is stopped and reported. */
    private boolean answers(URI endpoint) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive()
                            || EmulatorSupport.answers(endpoint.resolve("/moto-api/"), Duration.ofSeconds(1)));
        } catch (ConditionTimeoutException e) {
            close();
            throw new HarnessException("moto_server did not answer on " + endpoint + " within 60 s: see " + logFile);
        }
        return process.isAlive();
    }

    private TargetEnvironment environment(URI endpoint, long pid) {
        Capabilities caps = Capabilities.all()
                .without(Capability.ALARM_ACTIONS, NO_ALARM_ACTIONS)
                .without(Capability.LAMBDA_INVOKE, NO_LAMBDA)
                .without(Capability.REAL_NETWORK, NO_REAL_NETWORK)
                .without(Capability.POLICY_CONDITIONS, NO_POLICY_CONDITIONS);
        return EmulatorSupport.emulated("moto", "moto_server (pid " + pid + ") on " + endpoint, endpoint, region, caps);
    }

    @Override
    public long keepRunning() {
        long pid = process != null ? process.pid() : attachedPid;
        registry.keep(pid);
        process = null;
        attachedPid = -1;
        attachedEndpoint = null;
        return pid;
    }

    @Override
    public void close() {
        if (attachedPid > 0) {
            ProcessHandle.of(attachedPid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroy();
            });
            registry.forget(attachedPid);
            attachedPid = -1;
            return;
        }
        stopProcess();
        deleteLauncherDir();
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        // SIGKILL: moto keeps nothing worth a graceful stop (its state goes with it; the policy proof's
        // recorder has written each request as it came), and its interpreter's teardown costs a second
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // moto_server may be a wrapper (pyenv shim) whose child serves the port: stop descendants too.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        registry.forget(process.pid());
        process = null;
    }

    /** The launcher's temporary folder, with the policy proof's recording (it holds request bodies). */
    private void deleteLauncherDir() {
        if (launcherDir == null) {
            return;
        }
        try (var files = Files.list(launcherDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(launcherDir);
        } catch (IOException ignored) {
            // a temporary directory; best effort
        }
        launcherDir = null;
        recording = null;
    }

    /** The moto log of this run (its access log holds one line per request with the HTTP status). */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new HarnessException("no free loopback port for the emulator: " + e.getMessage());
        }
    }
}
