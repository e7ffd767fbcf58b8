package io.m300.harness.support.stack;

/**
 * The JVM shutdown hook that tears a stack down when the JVM stops before the run did (Ctrl-C, a
 * killed build): registered once the stack may hold something, removed by the teardown itself.
 */
final class TeardownHook {

    private final Thread hook;

    private TeardownHook(Thread hook) {
        this.hook = hook;
    }

    /** Registers {@code teardown} to run when the JVM stops. */
    static TeardownHook install(Runnable teardown) {
        // a shutdown hook is a thread of its own by the JVM's contract: no executor can run it
        Thread hook = new Thread(teardown, "m300-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new TeardownHook(hook);
    }

    /** Removes the hook, unless this is the hook running (the JVM is stopping). */
    void remove() {
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }
}
