package io.m300.harness.support.target;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The capabilities of one target: each one present, or missing with the reason. Some are decided by
 * asking the target ({@link CapabilityProbe}), on the run's executor while Terraform applies; a question
 * about one of those waits for the answer (or asks itself, when the probe has not started).
 */
public final class Capabilities {

    private final Map<Capability, String> missing = Collections.synchronizedMap(new EnumMap<>(Capability.class));
    private volatile Set<Capability> probing = Set.of();
    private volatile CompletableFuture<Void> probe = CompletableFuture.completedFuture(null);
    private Runnable pendingProbe; // guarded by this

    public static Capabilities all() {
        return new Capabilities();
    }

    public Capabilities without(Capability c, String reason) {
        missing.put(c, reason);
        return this;
    }

    /**
     * The capabilities {@code decided} are decided by {@code probe} (it records what it finds missing
     * with {@link #without}): on the caller's executor from {@link #probeInBackground(Executor)}, or
     * at the latest, in the asking thread, when one of them is asked about. A probe that fails leaves
     * them missing, with its error as the reason.
     */
    public Capabilities probedWhenAsked(Set<Capability> decided, Runnable probe) {
        this.probing = Set.copyOf(decided);
        this.pendingProbe = probe;
        return this;
    }

    /** Starts the probe, if any and not yet started, on {@code executor} (the run's), and returns at once. */
    public void probeInBackground(Executor executor) {
        start().ifPresent(executor::execute);
    }

    /** The probe, once: its work, ending the probe's future however it ends; empty when started before. */
    private synchronized Optional<Runnable> start() {
        Runnable run = pendingProbe;
        if (run == null) {
            return Optional.empty();
        }
        pendingProbe = null;
        CompletableFuture<Void> done = new CompletableFuture<>();
        probe = done;
        Set<Capability> decided = probing;
        return Optional.of(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                decided.forEach(c -> without(c, "the probe of this capability failed: " + e.getMessage()));
            } finally {
                done.complete(null);
            }
        });
    }

    /** Runs {@code then} once the probe has ended (at once when there is none, or it has ended); does not wait. */
    public void whenProbed(Runnable then) {
        probe.thenRun(then);
    }

    /** Runs the probe now, if it has not run, and waits for it. */
    public void probeNow() {
        settle(null);
    }

    public boolean has(Capability c) {
        settle(c);
        return !missing.containsKey(c);
    }

    /** Why the target lacks the capability; empty if it has it. */
    public Optional<String> whyMissing(Capability c) {
        settle(c);
        return Optional.ofNullable(missing.get(c));
    }

    /** Waits for the probe when it decides {@code c} (any capability: null). */
    private void settle(Capability c) {
        if (c == null || probing.contains(c)) {
            start().ifPresent(Runnable::run);
            probe.join();
        }
    }

    @Override
    public String toString() {
        settle(null);
        StringBuilder b = new StringBuilder();
        for (Capability c : Capability.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.name().toLowerCase()).append(has(c) ? "=yes" : "=no");
        }
        return b.toString();
    }
}
