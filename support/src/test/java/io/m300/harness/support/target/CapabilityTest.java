package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void tagsMapToCapabilities() {
        assertThat(Capability.ofTag("@requires-alarm-actions")).contains(Capability.ALARM_ACTIONS);
        assertThat(Capability.ofTag("requires-iam-simulation")).contains(Capability.IAM_SIMULATION);
        assertThat(Capability.ofTag("@NET-01")).isEmpty();
    }

    @Test
    void aMissingCapabilityKeepsItsReason() {
        Capabilities caps = Capabilities.all().without(Capability.ALARM_ACTIONS, "no actions here");
        assertThat(caps.has(Capability.ALARM_ACTIONS)).isFalse();
        assertThat(caps.whyMissing(Capability.ALARM_ACTIONS)).contains("no actions here");
        assertThat(caps.has(Capability.LAMBDA_INVOKE)).isTrue();
        assertThat(caps.toString()).contains("alarm_actions=no", "lambda_invoke=yes");
    }

    @Test
    void aQuestionAboutAProbedCapabilityWaitsForTheProbeAndNoOtherDoes() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        Capabilities caps = Capabilities.all().without(Capability.ALARM_ACTIONS, "no actions here");
        caps.probedWhenAsked(Set.of(Capability.IAM_SIMULATION), () -> {
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            caps.without(Capability.IAM_SIMULATION, "no simulator");
        });
        ExecutorService executor = Executors.newSingleThreadExecutor();
        caps.probeInBackground(executor);
        executor.shutdown();
        assertThat(caps.has(Capability.ALARM_ACTIONS))
                .as("not probed: answered at once")
                .isFalse();
        assertThat(caps.has(Capability.LAMBDA_INVOKE)).isTrue();
        answer.countDown();
        assertThat(caps.has(Capability.IAM_SIMULATION))
                .as("waits for the probe's answer")
                .isFalse();
        assertThat(caps.whyMissing(Capability.IAM_SIMULATION)).contains("no simulator");
    }

    @Test
    void aProbeThatFailsLeavesItsCapabilitiesMissingWithTheReason() {
        Capabilities caps = Capabilities.all().probedWhenAsked(Set.of(Capability.NETWORK_INSIGHTS), () -> {
            throw new IllegalStateException("endpoint went away");
        });
        assertThat(caps.has(Capability.NETWORK_INSIGHTS))
                .as("asked before the background probe: probed now")
                .isFalse();
        assertThat(caps.whyMissing(Capability.NETWORK_INSIGHTS))
                .contains("the probe of this capability failed: endpoint went away");
        assertThat(caps.toString()).contains("network_insights=no");
    }

    @Test
    void probeNowRunsAPendingProbeBeforeItReturns() {
        Capabilities caps = Capabilities.all();
        Capabilities[] seen = new Capabilities[1];
        caps.probedWhenAsked(
                Set.of(Capability.IAM_SIMULATION), () -> seen[0] = caps.without(Capability.IAM_SIMULATION, "asked"));
        caps.probeNow();
        assertThat(seen[0]).as("the probe ran before probeNow returned").isSameAs(caps);
        assertThat(caps.whyMissing(Capability.IAM_SIMULATION)).contains("asked");
    }

    @Test
    void theProbeRunsOnceOnTheExecutorItIsGiven() {
        Capabilities caps = Capabilities.all();
        caps.probedWhenAsked(Set.of(Capability.IAM_SIMULATION), () -> caps.without(Capability.IAM_SIMULATION, "given"));
        List<Runnable> given = new ArrayList<>();
        caps.probeInBackground(given::add);
        caps.probeInBackground(given::add);
        assertThat(given).as("started once, on the caller's executor").hasSize(1);
        given.get(0).run();
        assertThat(caps.whyMissing(Capability.IAM_SIMULATION)).contains("given");
    }
}
