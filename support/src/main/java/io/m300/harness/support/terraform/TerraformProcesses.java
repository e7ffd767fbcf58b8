package io.m300.harness.support.terraform;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one Terraform process to its end: records it in the process registry (a killed run's next run
 * stops it), reads its output (the {@code -json} event stream through {@link TerraformEvents}), says
 * every 20 s what a long one waits for, stops one that outlives the phase timeout (SIGTERM, so that it
 * releases its lock, then SIGKILL), and appends what it printed to the run's {@code terraform.log}
 * (never a JSON document or the raw state: they may hold secrets).
 */
final class TerraformProcesses {

    /** The commands whose {@code -json} output is Terraform's machine-readable UI stream ({@link TerraformEvents}). */
    private static final Set<String> STREAMING = Set.of("init", "plan", "apply", "destroy");

    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final Duration timeout;
    private final Path log;
    private final Progress progress;
    private final ProcessRegistry registry;
    private final AtomicReference<Terraform.WhileApplying> whileApplying;

    TerraformProcesses(
            Duration timeout,
            Path log,
            Progress progress,
            ProcessRegistry registry,
            AtomicReference<Terraform.WhileApplying> whileApplying) {
        this.timeout = timeout;
        this.log = log;
        this.progress = progress;
        this.registry = registry;
        this.whileApplying = whileApplying;
    }

    /** Runs {@code pb} (a Terraform {@code command}) to its end, within the timeout, reporting a long one's progress. */
    Terraform.Result run(ProcessBuilder pb, List<String> command, String name, boolean heartbeat) {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new HarnessException("could not run '" + command.get(0) + "': " + e.getMessage());
        }
        // Recorded, so that if this JVM is killed the next run stops a Terraform left running.
        registry.record(process.pid(), "terraform", 0);
        try {
            return await(process, command, name, heartbeat);
        } finally {
            registry.forget(process.pid());
        }
    }

    private Terraform.Result await(Process process, List<String> command, String name, boolean heartbeat) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        boolean streaming = STREAMING.contains(name) && command.contains("-json");
        TerraformEvents events = new TerraformEvents();
        boolean applying = "apply".equals(name);
        Thread outReader = pump(process, false, out, line -> {
            boolean stillChanging = streaming && events.accept(line);
            if (applying && stillChanging) {
                Terraform.WhileApplying action = whileApplying.getAndSet(null);
                if (action != null) {
                    action.executor().execute(() -> action.action().accept(process.pid()));
                }
            }
        });
        Thread errReader = pump(process, true, err, line -> {});
        long start = System.nanoTime();
        try {
            long deadline = start + timeout.toNanos();
            long nextBeat = start + HEARTBEAT.toNanos();
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    stop(process);
                    throw new HarnessException("terraform " + name + " did not finish within "
                            + Progress.seconds(timeout) + " (harness.phaseTimeout): stopped it; see " + log);
                }
                if (heartbeat && now > nextBeat) {
                    nextBeat = now + HEARTBEAT.toNanos();
                    List<String> pending = events.inFlight();
                    int done = events.done();
                    String elapsed = Progress.seconds(Duration.ofNanos(now - start));
                    progress.info("  " + name + " running for " + elapsed
                            + (done == 0 && pending.isEmpty() ? "" : ": " + done + " resources done")
                            + (pending.isEmpty()
                                    ? ""
                                    : ", waiting for "
                                            + String.join(", ", pending.subList(0, Math.min(3, pending.size())))
                                            + (pending.size() > 3 ? " and " + (pending.size() - 3) + " more" : "")));
                }
            }
            outReader.join(10_000);
            errReader.join(10_000);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during terraform " + name + ": stopped it");
        }
        Terraform.Result result = streaming
                ? new Terraform.Result(
                        process.exitValue(),
                        events.text(),
                        err.toString(),
                        events.firstError().map(TerraformEvents.Diagnostic::oneLine))
                : new Terraform.Result(process.exitValue(), out.toString(), err.toString());
        appendLog(command, result, streaming);
        return result;
    }

    private static Thread pump(Process process, boolean stderr, StringBuilder sink, Consumer<String> onLine) {
        return StreamDrain.start(
                stderr ? process.getErrorStream() : process.getInputStream(),
                "terraform-" + (stderr ? "err" : "out"),
                line -> {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                    onLine.accept(line);
                },
                () -> {});
    }

    /** SIGTERM first, so that Terraform can release its state lock; SIGKILL if it will not stop. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void appendLog(List<String> command, Terraform.Result r, boolean streaming) {
        try (Writer w = Files.newBufferedWriter(
                log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write("$ " + String.join(" ", command.subList(1, command.size())) + "  (exit " + r.exitCode() + ")\n");
            // JSON outputs (state, plan) are not copied into the log: they are read, not kept. The same
            // for 'state pull' (the raw state: a leaky stack's password is in it).
            // A streaming command's output is its events rendered as text, which is kept.
            if (streaming || !command.contains("-json") && !(command.contains("state") && command.contains("pull"))) {
                w.write(r.stdout());
            }
            w.write(r.stderr());
            w.write("\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
