package io.m300.harness.support.stack;

import java.util.function.Consumer;

/**
 * That a stack is torn down once: by the run at its end, or by the JVM's shutdown hook when the JVM
 * stops first, whichever comes first. The first {@link #claim()} wins; {@link #done()} may be read
 * without the stack's lock (the shutdown hook reads it while an apply holds that lock).
 */
final class TeardownOnce {

    private volatile boolean done;

    /** True for the first caller only, who then tears down; false once anyone has. */
    synchronized boolean claim() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }

    /** True once the teardown was claimed (it ran, runs, or was given up). */
    boolean done() {
        return done;
    }

    /**
     * The shutdown hook's body: {@code tearDown} unless the teardown was claimed already; its failure
     * is said through {@code say}, not thrown (nothing catches a hook's exception).
     */
    Runnable hook(Runnable tearDown, Consumer<String> say, String runId) {
        return () -> {
            if (!done()) {
                say.accept("JVM is stopping: tearing down run " + runId);
                try {
                    tearDown.run();
                } catch (RuntimeException e) {
                    say.accept("ERROR: " + e.getMessage());
                }
            }
        };
    }
}
