package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;

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
}
