package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stack is torn down once, whoever asks first: the run at its end, another thread, or the shutdown hook. */
class TeardownOnceTest {

    private static final int ROUNDS = 200;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void teardownCalledFromManyThreadsAtOnceRunsItsStepsOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TeardownOnce once = new TeardownOnce();
            AtomicInteger steps = new AtomicInteger();
            CyclicBarrier together = new CyclicBarrier(4);
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(pool.submit(() -> {
                    together.await();
                    if (once.claim()) {
                        steps.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
            assertThat(steps).as("round %d", round).hasValue(1);
            assertThat(once.done()).isTrue();
        }
    }

    @Test
    void theShutdownHookRacingTheRunsTeardownTearsDownOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TeardownOnce once = new TeardownOnce();
            AtomicInteger steps = new AtomicInteger();
            Runnable tearDown = () -> {
                if (once.claim()) {
                    steps.incrementAndGet();
                }
            };
            Runnable hook = once.hook(tearDown, line -> {}, "m300-test-1");
            CyclicBarrier together = new CyclicBarrier(2);
            Future<?> run = pool.submit(() -> {
                together.await();
                tearDown.run();
                return null;
            });
            Future<?> jvmStopping = pool.submit(() -> {
                together.await();
                hook.run();
                return null;
            });
            run.get();
            jvmStopping.get();
            assertThat(steps).as("round %d", round).hasValue(1);
        }
    }

    @Test
    void theShutdownHookAfterANormalTeardownDoesNothing() {
        TeardownOnce once = new TeardownOnce();
        assertThat(once.claim()).isTrue(); // the run tore down
        List<String> said = new ArrayList<>();
        AtomicInteger steps = new AtomicInteger();

        once.hook(steps::incrementAndGet, said::add, "m300-test-1").run();

        assertThat(steps).hasValue(0);
        assertThat(said).isEmpty();
        assertThat(once.claim()).isFalse();
    }

    @Test
    void theShutdownHookBeforeTheRunsTeardownTearsDownAndSaysWhy() {
        TeardownOnce once = new TeardownOnce();
        List<String> said = new CopyOnWriteArrayList<>();
        AtomicInteger steps = new AtomicInteger();

        once.hook(
                        () -> {
                            if (once.claim()) {
                                steps.incrementAndGet();
                            }
                        },
                        said::add,
                        "m300-test-1")
                .run();

        assertThat(steps).hasValue(1);
        assertThat(said).containsExactly("JVM is stopping: tearing down run m300-test-1");
        assertThat(once.claim()).as("the run's own teardown then does nothing").isFalse();
    }

    @Test
    void aFailingTeardownInTheHookIsSaidNotThrown() {
        TeardownOnce once = new TeardownOnce();
        List<String> said = new ArrayList<>();
        Runnable hook = once.hook(
                () -> {
                    throw new IllegalStateException("terraform destroy failed: run it again");
                },
                said::add,
                "m300-test-1");

        assertThatCode(hook::run).doesNotThrowAnyException();
        assertThat(said)
                .containsExactly(
                        "JVM is stopping: tearing down run m300-test-1",
                        "ERROR: terraform destroy failed: run it again");
    }

    @Test
    void aClaimOnOneThreadIsSeenByTheHookOnAnother() throws Exception {
        TeardownOnce once = new TeardownOnce();
        pool.submit(once::claim).get();
        AtomicInteger steps = new AtomicInteger();

        pool.submit(once.hook(steps::incrementAndGet, line -> {}, "m300-test-1"))
                .get();

        assertThat(steps).hasValue(0);
    }
}
