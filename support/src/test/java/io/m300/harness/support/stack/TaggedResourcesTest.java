package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The walker's choices that need no emulator. */
class TaggedResourcesTest {

    @Test
    void containerInsightsLogGroupBelongsToTheRunThatBeginsItsClusterName() {
        assertThat(RunNames.containerInsights(
                        "/aws/ecs/containerinsights/m300n1-a1-cluster/performance", "m300n1-a1"::equals))
                .contains("m300n1-a1");
        assertThat(RunNames.containerInsights(
                        "/aws/ecs/containerinsights/m300n1-a1-cluster/performance", id -> id.startsWith("m300n1-a")))
                .as("a prefix selection (every attempt)")
                .contains("m300n1-a1");
        assertThat(RunNames.containerInsights(
                        "/aws/ecs/containerinsights/other-cluster/performance", "m300n1-a1"::equals))
                .isEmpty();
        assertThat(RunNames.containerInsights("/m300/m300n1-a1/app", "m300n1-a1"::equals))
                .isEmpty();
    }

    @Test
    void theRunOfANameIsTheShortestSelectedBeginningUpToAHyphen() {
        assertThat(RunNames.runOfName("m300n1-a1-ops", id -> id.startsWith("m300n1-a")))
                .contains("m300n1-a1");
        assertThat(RunNames.runOfName("m300n1-a1", "m300n1-a1"::equals)).contains("m300n1-a1");
        assertThat(RunNames.runOfName("m300n2-a1-ops", id -> id.startsWith("m300n1-a")))
                .isEmpty();
    }
}
