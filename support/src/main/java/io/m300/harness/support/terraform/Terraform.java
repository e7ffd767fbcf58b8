package io.m300.harness.support.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * The Terraform CLI in one working directory. Each command returns parsed JSON where Terraform
 * offers it ({@code output -json}, {@code show -json}), never scraped text. Everything Terraform
 * prints goes to the run's log file; the console gets a heartbeat while long commands run.
 * A command that outlives its timeout is stopped (SIGTERM, then SIGKILL) and reported.
 */
public final class Terraform {

    /** What one Terraform command left behind. */
    /**
     * A command's exit code and output; for a command run with {@code -json} (init, plan, apply,
     * destroy), {@code stdout} is its event stream rendered as text and {@code error} the first error
     * diagnostic it reported.
     */
    public record Result(int exitCode, String stdout, String stderr, Optional<String> error) {

        public Result(int exitCode, String stdout, String stderr) {
            this(exitCode, stdout, stderr, Optional.empty());
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String binary;
    private final Path dir;
    private final Map<String, String> env;
    private final Duration timeout;
    private final Path log;
    private final Progress progress;
    private final ProcessRegistry registry;
    /** The stack's shared provider process, when there is one ({@link ProviderServer}). */
    private volatile ProviderServer providerServer;

    private Supplier<Optional<ProviderServer>> providerStarter;
    /** What runs once the next apply has been changing resources for a while ({@link #whileApplying}). */
    private final AtomicReference<WhileApplying> whileApplying = new AtomicReference<>();

    /** An action for the next apply, and the executor (the run's) it runs on. */
    record WhileApplying(Executor executor, LongConsumer action) {}

    private final TerraformProcesses processes;

    public Terraform(
            String binary,
            Path dir,
            Map<String, String> env,
            Duration timeout,
            Path log,
            Progress progress,
            ProcessRegistry registry) {
        this.binary = binary;
        this.dir = dir;
        this.env = env;
        this.timeout = timeout;
        this.log = log;
        this.progress = progress;
        this.registry = registry;
        this.processes = new TerraformProcesses(timeout, log, progress, registry, whileApplying);
    }

    public Path dir() {
        return dir;
    }

    /**
     * From now on, every command attaches to {@code server} instead of starting its own aws
     * provider (as long as the server runs; after it ended, commands start their own again).
     */
    public synchronized void attach(ProviderServer server) {
        this.providerServer = server;
        this.providerStarter = null;
    }

    /**
     * The first command that needs the aws provider (validate, plan, show, apply, destroy) starts the
     * shared one with {@code starter} and attaches to it; a run that needs none (a reuse run of
     * checks that read no plan) starts nothing. An empty result: every command starts its own.
     */
    public synchronized void attachOnFirstUse(Supplier<Optional<ProviderServer>> starter) {
        this.providerStarter = starter;
    }

    /** Commands start their own provider again; returns the server that was attached, if any (its owner stops it). */
    public synchronized Optional<ProviderServer> detach() {
        ProviderServer server = providerServer;
        providerServer = null;
        providerStarter = null;
        return Optional.ofNullable(server);
    }

    /** The shared provider for a command about to start: started now if this is the first that needs it. */
    private synchronized ProviderServer providerForCommand() {
        if (providerServer == null && providerStarter != null) {
            Supplier<Optional<ProviderServer>> starter = providerStarter;
            providerStarter = null;
            providerServer = starter.get().orElse(null);
        }
        return providerServer;
    }

    public void init(Path backendConfig) {
        check("init", run(List.of("init", "-json", "-input=false", "-backend-config=" + backendConfig), false));
    }

    /** {@code terraform init -reconfigure}: after the backend block changed; the state stays where it is. */
    public void reinit(Path backendConfig) {
        check(
                "init -reconfigure",
                run(
                        List.of("init", "-json", "-reconfigure", "-input=false", "-backend-config=" + backendConfig),
                        false));
    }

    /** {@code terraform validate -json}: fails with the first diagnostic, located. */
    public void validate() {
        // a verdict (valid or not) is an answer; only a validate that could not give one is tried again
        Result r = shared(
                List.of("validate", "-json", "-no-color"),
                false,
                v -> v.ok() || v.stdout().contains("\"valid\""));
        JsonNode json = parse(r.stdout(), "validate");
        if (!json.path("valid").asBoolean(false)) {
            JsonNode d = json.path("diagnostics").path(0);
            String where = d.path("range").isMissingNode()
                    ? ""
                    : " at " + d.path("range").path("filename").asText() + ":"
                            + d.path("range").path("start").path("line").asText();
            throw new HarnessException("the infra directory fails 'terraform validate': "
                    + d.path("summary").asText("invalid") + where
                    + (d.hasNonNull("detail")
                            ? " (" + TerraformErrors.oneLine(d.path("detail").asText()) + ")"
                            : ""));
        }
    }

    /**
     * {@code action} runs once, on {@code executor} (the run's), with the process id of the next
     * {@code terraform apply}, when that apply reports a resource still being changed (after 10 s:
     * it holds the state lock, taken before it planned); never, if the apply changes nothing for
     * that long. Replaces an action set before that has not run.
     */
    public void whileApplying(Executor executor, LongConsumer action) {
        whileApplying.set(new WhileApplying(executor, action));
    }

    /** Clears the action; true when one was set and never ran. */
    public boolean cancelWhileApplying() {
        return whileApplying.getAndSet(null) != null;
    }

    public void apply() {
        check(
                "apply",
                withRetries("apply", List.of("apply", "-json", "-input=false", "-auto-approve", "-lock-timeout=60s")));
    }

    /**
     * {@code terraform apply -refresh=false}: plans from the state alone, without reading every
     * resource back first. Only for a stack whose state this run wrote a moment ago and nothing
     * else changes (a mutation shard's own stack); whoever uses it checks the result with a
     * refreshing plan (the drift check).
     */
    public void applyFromState() {
        check(
                "apply",
                withRetries(
                        "apply",
                        List.of(
                                "apply",
                                "-json",
                                "-input=false",
                                "-auto-approve",
                                "-lock-timeout=60s",
                                "-refresh=false")));
    }

    public void destroy() {
        check(
                "destroy",
                withRetries(
                        "destroy", List.of("destroy", "-json", "-input=false", "-auto-approve", "-lock-timeout=60s")));
    }

    /**
     * {@code terraform destroy -refresh=false}: deletes what the state lists without reading every
     * resource back first (on moto, 1.5 s before the first deletion). Only for a stack whose state
     * this run wrote and that nothing else changes; a resource already gone is one the provider's
     * delete finds missing, which it accepts.
     */
    public void destroyFromState() {
        check(
                "destroy",
                withRetries(
                        "destroy",
                        List.of(
                                "destroy",
                                "-json",
                                "-input=false",
                                "-auto-approve",
                                "-lock-timeout=60s",
                                "-refresh=false")));
    }

    /**
     * Runs an idempotent command (apply, destroy) again when it failed with a transient error, at
     * most twice, 10 s and then 30 s later; each retry is logged. A permanent error returns at once.
     */
    private Result withRetries(String name, List<String> args) {
        Duration[] backoff = {Duration.ofSeconds(10), Duration.ofSeconds(30)};
        Result r = shared(args, true, Result::ok);
        for (int attempt = 0; attempt < backoff.length && !r.ok(); attempt++) {
            var cause = TransientErrors.cause(r.stderr() + "\n" + r.stdout());
            if (cause.isEmpty()) {
                return r;
            }
            progress.info("  " + name + " failed with a transient error (" + cause.get() + "): retrying in "
                    + Progress.seconds(backoff[attempt]));
            Awaitility.await()
                    .pollDelay(backoff[attempt])
                    .atMost(backoff[attempt].plusSeconds(5))
                    .until(() -> true);
            r = run(args, true);
        }
        return r;
    }

    /**
     * Runs a command that may use the shared provider process. When it fails while attached, or the
     * shared process ended while it ran (another command gave it up), the shared process is given up for good (stopped; every command from now on starts its own, as
     * Terraform does by default) and the command runs once more: a provider that cannot serve two
     * Terraform processes in some configuration must cost time, never a verdict. Only for commands
     * that are safe to repeat (validate, plan, show, apply, destroy).
     */
    private Result shared(List<String> args, boolean heartbeat, Predicate<Result> ok) {
        ProviderServer server = providerForCommand();
        Result r = run(args, heartbeat);
        if (server == null) {
            return r;
        }
        // a shared process that is gone (given up by a command beside this one) makes any answer suspect
        if (ok.test(r) && server.reattach().isPresent()) {
            return r;
        }
        synchronized (this) {
            if (providerServer == server) {
                providerServer = null;
                progress.info(
                        "  " + args.get(0) + " failed while attached to the shared aws provider ("
                                + r.error().orElseGet(() -> TerraformErrors.firstError(r.stderr() + "\n" + r.stdout()))
                                + "): stopped it; trying again, and every command from now on, with its own provider, as Terraform does by default");
                server.close();
            }
        }
        return run(args, heartbeat);
    }

    /** {@code terraform output -json}. */
    public JsonNode outputs() {
        Result r = run(List.of("output", "-json", "-no-color"), false);
        check("output", r);
        return parse(r.stdout(), "output");
    }

    /**
     * {@code terraform state pull}: the raw state document, from wherever the stack's backend keeps
     * it (S3, local file, ...). May hold secrets: parse it, never log it.
     */
    public String statePull() {
        Result r = run(List.of("state", "pull"), false);
        check("state pull", r);
        return r.stdout();
    }

    /**
     * The plan that drift and SEC-03 share: {@code terraform plan -detailed-exitcode -out=<file>},
     * taking the state lock without waiting for it ({@code -lock-timeout=0s}), or, with {@code lock}
     * false, taking none ({@code -lock=false}).
     */
    public static List<String> planCommand(Path planFile, boolean lock) {
        return List.of(
                "plan",
                "-json",
                "-input=false",
                "-detailed-exitcode",
                lock ? "-lock-timeout=0s" : "-lock=false",
                "-out=" + planFile);
    }

    /** Runs a {@link #planCommand}; exit 0 (no changes) and 2 (changes) are its successes. */
    public Result plan(List<String> command) {
        return shared(command, true, p -> p.exitCode() == 0 || p.exitCode() == 2);
    }

    /** The saved plan {@code planFile} as {@code show -json} renders it; a one-line error when {@code plan} failed. */
    public JsonNode show(Result plan, Path planFile) {
        if (plan.exitCode() != 0 && plan.exitCode() != 2) {
            check("plan", plan);
        }
        Result shown = shared(List.of("show", "-json", "-no-color", planFile.toString()), false, Result::ok);
        check("show plan", shown);
        return parse(shown.stdout(), "show plan");
    }

    /**
     * Starts a Terraform command with the run's environment and returns at once (for steps that
     * need two operations at the same time, such as the state-lock check). Its output is appended
     * to {@code log}; its stdin stays open until the caller closes it. The caller waits for it and
     * stops it ({@link Process#destroy()} sends SIGTERM, which lets Terraform release its lock).
     */
    public Process start(List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        ProcessBuilder pb = environment(new ProcessBuilder(command).directory(dir.toFile()));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new HarnessException("could not start '" + binary + "': " + e.getMessage());
        }
    }

    private ProcessBuilder environment(ProcessBuilder pb) {
        pb.environment().remove("TF_LOG"); // with TF_LOG=debug the provider logs secrets in plain text
        pb.environment().remove("TF_LOG_PROVIDER");
        pb.environment().remove("TF_LOG_CORE");
        pb.environment().putAll(env);
        ProviderServer server = providerServer;
        if (server != null) {
            server.reattach().ifPresent(r -> pb.environment().put("TF_REATTACH_PROVIDERS", r));
        }
        return pb;
    }

    /** Runs any Terraform command with the run's environment; for steps that need raw behaviour (locks). */
    public Result run(List<String> args, boolean heartbeat) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        ProcessBuilder pb = environment(new ProcessBuilder(command).directory(dir.toFile()));
        return processes.run(pb, command, args.get(0), heartbeat);
    }

    private void check(String what, Result r) {
        if (!r.ok()) {
            throw new HarnessException("terraform " + what + " failed: "
                    + r.error().orElseGet(() -> TerraformErrors.firstError(r.stderr() + "\n" + r.stdout()))
                    + " (full log: " + log + ")");
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new HarnessException("terraform " + what + " did not print JSON: " + TerraformErrors.oneLine(text));
        }
    }
}
