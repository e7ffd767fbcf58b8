package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The teardown check's lookups run on the run's executor, eight at a time, and are judged in the state's order. */
class StateListedResourcesConcurrencyTest {

    /** A state of {@code n} VPCs, vpc-0 to vpc-(n-1). */
    private static StackInventory vpcs(int n) {
        String resources = IntStream.range(0, n)
                .mapToObj(i -> "{\"mode\":\"managed\",\"type\":\"aws_vpc\",\"name\":\"v" + i
                        + "\",\"instances\":[{\"attributes\":{\"id\":\"vpc-" + i + "\"}}]}")
                .collect(Collectors.joining(","));
        return StackInventory.parse("{\"version\":4,\"resources\":[" + resources + "]}");
    }

    @Test
    void eightLookupsRunAtOnceOnTheRunsExecutorAndTheVerdictKeepsTheStatesOrder() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch eightStarted = new CountDownLatch(8);
        try (RunExecutor executor = new RunExecutor("test-lookup")) {
            var verdict = StateListedResources.check(
                    vpcs(20),
                    r -> {
                        most.accumulateAndGet(active.incrementAndGet(), Math::max);
                        threads.add(Thread.currentThread().getName());
                        eightStarted.countDown();
                        try {
                            // the first eight wait for each other: they can only all start if they run at once
                            assertThat(eightStarted.await(30, TimeUnit.SECONDS))
                                    .as("eight lookups at once")
                                    .isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            active.decrementAndGet();
                        }
                        return StateListedResources.ABSENT;
                    },
                    executor);

            assertThat(verdict.complete()).isTrue();
            assertThat(verdict.gone())
                    .extracting(StateListedResources.Check::address)
                    .as("in the state's order, whatever order the lookups ended in")
                    .containsExactlyElementsOf(IntStream.range(0, 20)
                            .mapToObj(i -> "aws_vpc.v" + i)
                            .toList());
        }
        assertThat(most.get()).isEqualTo(8);
        assertThat(threads)
                .hasSize(8)
                .allSatisfy(t -> assertThat(t).startsWith("test-lookup-").doesNotContain("ForkJoinPool"));
    }

    @Test
    void withoutAnExecutorTheLookupsRunOneAfterTheOtherOnTheCallersThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        var verdict = StateListedResources.check(vpcs(3), r -> {
            threads.add(Thread.currentThread().getName());
            return StateListedResources.ABSENT;
        });

        assertThat(verdict.gone()).hasSize(3);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aStateWithoutManagedResourcesStartsNoLookup() {
        List<String> asked = new ArrayList<>();
        try (RunExecutor executor = new RunExecutor("test-lookup")) {
            var verdict = StateListedResources.check(
                    StackInventory.parse("{\"version\":4,\"resources\":[]}"),
                    r -> {
                        asked.add(r.address());
                        return StateListedResources.ABSENT;
                    },
                    executor);
            assertThat(verdict.checked()).isZero();
        }
        assertThat(asked).isEmpty();
    }
}
