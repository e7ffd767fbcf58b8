package io.m300.harness.support.stack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one executor of a run, owned by its {@link StackSession}: every piece of work the session and its
 * stack do in the background (the certificate, validate beside the apply, the password parameter, the
 * state, the plan, the teardown check's listings and lookups) runs on its threads, never on an ad-hoc
 * thread or on the common ForkJoinPool (one thread on 2 cores, which the blocking Terraform runs and
 * AWS calls would hold). Its threads are daemons, made when work comes and ended after a minute idle.
 */
public final class RunExecutor implements Executor, AutoCloseable {

    private final ExecutorService pool;

    public RunExecutor(String name) {
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(work -> {
            Thread t = new Thread(work, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable work) {
        pool.execute(work);
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

    /** Work whose result (or failure) is the future's. */
    public <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }

    /** Work whose end (or failure) is the future's. */
    public CompletableFuture<Void> run(Runnable work) {
        return CompletableFuture.runAsync(work, pool);
    }

    /** Work that {@link Interruptible#interrupt()} can stop (a Terraform process it waits on is then stopped). */
    public <T> Interruptible<T> interruptible(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> handle = pool.submit(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return new Interruptible<>(result, handle);
    }

    /** Work in progress: its result, and a way to interrupt the thread that does it. */
    public record Interruptible<T>(CompletableFuture<T> result, Future<?> handle) {
        public void interrupt() {
            handle.cancel(true);
        }
    }

    /** Interrupts whatever still runs; for the end of a session. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
