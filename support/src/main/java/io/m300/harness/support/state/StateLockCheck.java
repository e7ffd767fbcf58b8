package io.m300.harness.support.state;

import static org.awaitility.Awaitility.await;

import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.terraform.Terraform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The state-lock check (STATE-03), made on the plan that the drift check and the secret scan
 * share, so that it costs one short Terraform run: one operation holds the state lock; that plan,
 * run with {@code -lock-timeout=0s}, must be refused with a lock error; the lock is released;
 * then the same plan runs for drift and SEC-03 and must take the lock and succeed. The STATE-03
 * scenario judges what this recorded.
 *
 * <p>Who holds the lock: the harness's own {@code terraform apply}, when it runs long enough (the
 * plan is tried while the apply is still changing resources, and kept when refused: nothing on the
 * way to the checks then); otherwise, right before the plan, the harness: for an S3 backend with
 * {@code use_lockfile} it writes the lock file next to the state the way Terraform writes it
 * (conditional PutObject, {@code If-None-Match: *}); for any other backend, {@code terraform console}
 * takes the lock and holds it until its input ends.
 */
public final class StateLockCheck {

    /** A Terraform run as the evidence shows it: its arguments, exit code, and the lines that say why. */
    public record Attempt(List<String> args, int exitCode, String excerpt) {

        public static Attempt of(List<String> args, Terraform.Result r) {
            String out = r.stderr() + "\n" + r.stdout();
            return new Attempt(
                    List.copyOf(args),
                    r.exitCode(),
                    StateLockCheck.excerpt(out, out.contains(LOCK_ERROR) ? LOCK_ERROR : "Error"));
        }

        public boolean lockError() {
            return exitCode == 1 && excerpt.contains(LOCK_ERROR);
        }

        public String command() {
            return "terraform " + String.join(" ", args);
        }
    }

    public static final String LOCK_ERROR = "Error acquiring the state lock";

    private final BackendConfig backend;
    private volatile String holder = "";
    private volatile Attempt whileHeld;
    private volatile String released = "";
    private volatile Attempt afterRelease;
    private volatile String problem;
    private final CompletableFuture<Void> completed = new CompletableFuture<>();

    public StateLockCheck(BackendConfig backend) {
        this.backend = backend;
    }

    /** True when the backend is configured to lock (else there is nothing to hold, and nothing is tried). */
    public boolean applies() {
        return backend.locking().isPresent();
    }

    /**
     * Holds the lock, runs {@code plan} while it is held, releases it. Never throws: what went wrong
     * is {@link #problem()}. Returns at once when the backend does not lock.
     */
    public void holdAndAttempt(Terraform terraform, S3Reader s3, Path workDir, List<String> plan) {
        if (!applies()) {
            return;
        }
        Runnable release = null;
        try {
            release = hold(terraform, s3, workDir);
            whileHeld = Attempt.of(plan, terraform.run(plan, false));
        } catch (RuntimeException e) {
            problem = "the lock could not be held: " + e.getMessage();
        } finally {
            if (release != null) {
                try {
                    release.run();
                } catch (RuntimeException e) {
                    problem = "the lock could not be released: " + e.getMessage();
                }
            }
        }
    }

    /**
     * Runs {@code plan} while another Terraform operation ({@code who}) holds the lock, and keeps
     * the attempt only when it was refused with a lock error (an operation that ended first, or a
     * lock that does not hold, leaves the check to {@link #holdAndAttempt}).
     */
    public void attemptWhileHeldBy(String who, Terraform terraform, List<String> plan) {
        Attempt attempt = Attempt.of(plan, terraform.run(plan, false));
        if (attempt.lockError()) {
            whileHeld = attempt;
            holder = who;
        }
    }

    /** True when a plan was refused with a lock error while the lock was held. */
    public boolean refused() {
        Attempt attempt = whileHeld;
        return attempt != null && attempt.lockError();
    }

    /** Records how the operation that held the lock released it (it ended). */
    public void releasedWhen(String how) {
        if (refused()) {
            released = how;
        }
    }

    /** Records the plan run once the lock was released (the drift and SEC-03 plan); the check is then complete. */
    public void recordAfterRelease(List<String> plan, Terraform.Result r) {
        afterRelease = Attempt.of(plan, r);
        complete();
    }

    /** Marks the check complete, whatever it recorded (also when the plan could not run). */
    public void complete() {
        completed.complete(null);
    }

    /** Waits until the check is {@linkplain #complete() complete}: the plan after the release has run, or could not. */
    public StateLockCheck awaitCompletion() {
        completed.join();
        return this;
    }

    /** Who held the lock, as evidence ("" before the check was made). */
    public String holder() {
        return holder;
    }

    /** The plan run while the lock was held (null when the lock could not be held). */
    public Attempt whileHeld() {
        return whileHeld;
    }

    /** How the lock was released. */
    public String released() {
        return released;
    }

    /** The plan run after the release (null before it ran). */
    public Attempt afterRelease() {
        return afterRelease;
    }

    /** Why the check could not be made as described (null: it was). */
    public String problem() {
        return problem;
    }

    public BackendConfig backend() {
        return backend;
    }

    /** Takes the lock; returns what releases it. */
    private Runnable hold(Terraform terraform, S3Reader s3, Path workDir) {
        if ("s3".equals(backend.type()) && backend.useLockfile()) {
            String lock = backend.key() + ".tflock";
            String id = UUID.randomUUID().toString();
            String info = "{\"ID\":\"" + id
                    + "\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\",\"Who\":\"m300-harness (STATE-03)\","
                    + "\"Version\":\"1.11.4\",\"Created\":\"" + Instant.now() + "\",\"Path\":\"" + backend.bucket()
                    + "/" + backend.key() + "\"}";
            s3.putJsonIfAbsent(backend.bucket(), lock, info);
            holder = "the harness holds the S3 lock file s3://" + backend.bucket() + "/" + lock + " (lock " + id
                    + "), written the way Terraform writes it (conditional PutObject, If-None-Match: *)";
            return () -> {
                try {
                    if (s3.text(backend.bucket(), lock).contains(id)) { // never another operation's lock
                        s3.delete(backend.bucket(), lock);
                    }
                    released = "the harness deleted its lock file";
                } catch (NoSuchKeyException gone) {
                    released = "the harness's lock file was already gone";
                }
            };
        }
        Path log = workDir.resolve("lock-holder.log");
        // 'terraform console' takes the state lock and holds it until its input ends: a lock held as
        // long as the check needs, whatever the backend.
        Process console = terraform.start(List.of("console", "-lock-timeout=60s"), log);
        List<String> probe = List.of(
                "plan",
                "-input=false",
                "-no-color",
                "-refresh=false",
                "-lock-timeout=0s",
                "-target=terraform_data.none");
        try {
            await("terraform console to take the lock")
                    .atMost(Duration.ofSeconds(90))
                    .pollDelay(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .failFast(
                            "terraform console exited before it held the lock (see " + log + ")",
                            () -> !console.isAlive())
                    .until(() -> Attempt.of(probe, terraform.run(probe, false)).lockError());
        } catch (RuntimeException e) {
            stop(console);
            throw new IllegalStateException(
                    e.getMessage() == null
                            ? e.toString()
                            : e.getMessage().lines().findFirst().orElse(""));
        }
        holder = "terraform console (pid " + console.pid() + ") holds the lock of the " + backend.describe();
        return () -> {
            int exit = stop(console);
            released = "the lock holder (terraform console) exited with " + exit + " when its input ended";
        };
    }

    /** Ends the console's input (it exits and releases the lock); SIGTERM after 60 s, which lets Terraform release it too. */
    private static int stop(Process console) {
        try {
            console.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!console.waitFor(60, TimeUnit.SECONDS)) {
                console.destroy();
                console.waitFor(30, TimeUnit.SECONDS);
            }
            return console.isAlive() ? -1 : console.exitValue();
        } catch (InterruptedException e) {
            console.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The lines of {@code text} from {@code marker} on, on one line, at most 500 characters. */
    static String excerpt(String text, String marker) {
        int i = text.indexOf(marker);
        String s = i < 0 ? text.strip() : text.substring(i);
        s = s.replaceAll("[\\s\u2502\u2575\u2577]+", " ").trim();
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
