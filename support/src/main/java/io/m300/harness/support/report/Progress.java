package io.m300.harness.support.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Tells the user what the harness is doing: each phase (start target, init, apply, verify, destroy)
 * is announced when it starts and reported with its duration when it ends. The timings are kept so
 * that the run can write them next to its reports.
 */
public final class Progress {

    public record Timing(String phase, Duration duration, boolean ok) {}

    private static final Progress CONSOLE = new Progress(System.out);

    private final PrintStream out;
    private final List<Timing> timings = Collections.synchronizedList(new ArrayList<>());

    public Progress(PrintStream out) {
        this.out = out;
    }

    public static Progress console() {
        return CONSOLE;
    }

    public void info(String message) {
        out.println("[m300] " + message);
        out.flush();
    }

    public <T> T phase(String name, Callable<T> work) {
        info("> " + name + " ...");
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.call();
            ok = true;
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            timings.add(new Timing(name, took, ok));
            info((ok ? "done " : "FAILED ") + name + " in " + seconds(took));
        }
    }

    public void phase(String name, Runnable work) {
        phase(name, () -> {
            work.run();
            return null;
        });
    }

    /** A span that was not one call (such as all the checks between apply and destroy): kept and shown like a phase. */
    public void record(String name, Duration took) {
        timings.add(new Timing(name, took, true));
        info("the " + name + " took " + seconds(took));
    }

    public List<Timing> timings() {
        synchronized (timings) {
            return List.copyOf(timings);
        }
    }

    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
