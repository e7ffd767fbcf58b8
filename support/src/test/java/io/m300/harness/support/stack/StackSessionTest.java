package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The session deploys once whoever asks and however many ask at once, remembers a failure, and works on its own executor. */
class StackSessionTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(console, true, StandardCharsets.UTF_8));
    private final AtomicInteger deployments = new AtomicInteger();
    private final List<String> deployedOn = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** A deployment that waits until released, then fails as a deployment that cannot reach its target would. */
    private StackSession blockedThenFailing() {
        return new StackSession(
                executor -> {
                    deployments.incrementAndGet();
                    deployedOn.add(Thread.currentThread().getName());
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new HarnessException("moto_server exited at start (exit 1): see moto.log");
                },
                progress);
    }

    @Test
    void manyScenariosAskingAtOnceGetOneDeploymentAndAllSeeItsFailure() throws Exception {
        StackSession session = blockedThenFailing();
        RunExecutor callers = new RunExecutor("test-scenario");
        try {
            List<CompletableFuture<String>> asked = IntStream.range(0, 8)
                    .mapToObj(i -> callers.supply(() -> {
                        try {
                            session.stack();
                            return "deployed";
                        } catch (HarnessException e) {
                            return e.getMessage();
                        }
                    }))
                    .toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> deployments.get() == 1);
            release.countDown();

            assertThat(asked)
                    .allSatisfy(f -> assertThat(f.get(30, TimeUnit.SECONDS))
                            .isEqualTo("moto_server exited at start (exit 1): see moto.log"));
            assertThat(deployments).as("one deployment for eight callers").hasValue(1);
            assertThatThrownBy(session::stack)
                    .as("later callers fail at once, the same way")
                    .isInstanceOf(HarnessException.class)
                    .hasMessage("moto_server exited at start (exit 1): see moto.log");
            assertThat(deployments).hasValue(1);
            assertThat(session.deployed()).isEmpty();
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .containsOnlyOnce("[m300] ERROR: moto_server exited at start (exit 1): see moto.log");
        } finally {
            callers.close();
        }
    }

    @Test
    void endingASessionThatNeverDeployedDeploysNothing() {
        StackSession session = blockedThenFailing();

        session.end();
        session.awaitPlan();

        assertThat(deployments).hasValue(0);
        assertThat(session.deployed()).isEmpty();
    }

    @Test
    void interruptibleWorkIsStoppedByItsInterruptAndOtherWorkGoesOn() throws Exception {
        try (RunExecutor executor = new RunExecutor("test")) {
            CountDownLatch started = new CountDownLatch(1);
            RunExecutor.Interruptible<String> plan = executor.interruptible(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                    return "planned";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HarnessException("terraform plan was stopped");
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            plan.interrupt();

            await().atMost(Duration.ofSeconds(10)).until(plan.result()::isDone);
            assertThat(plan.result()).isCompletedExceptionally();
            assertThat(executor.supply(() -> "state read").get(10, TimeUnit.SECONDS))
                    .isEqualTo("state read");
        }
    }
}
