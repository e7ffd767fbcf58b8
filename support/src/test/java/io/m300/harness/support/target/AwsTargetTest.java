package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsTargetTest {

    @Test
    void awsEndpointUrlTurnsTheAwsTargetIntoARehearsalOnlyWhenSet() {
        assertThat(AwsTarget.endpointFrom(null)).isEmpty();
        assertThat(AwsTarget.endpointFrom("  ")).isEmpty();
        assertThat(AwsTarget.endpointFrom("http://127.0.0.1:5000")).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(new AwsTarget("eu-central-1", Optional.empty(), Optional.empty()).endpoint())
                .isEmpty();
    }

    @Test
    void aMalformedAwsEndpointUrlStopsTheRunWithOneLine() {
        assertThatThrownBy(() -> AwsTarget.endpointFrom("127.0.0.1:5000"))
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL '127.0.0.1:5000' is not a URL");
    }

    @Test
    void theAccountGuardNamesOnlyTheLastFourDigits() {
        assertThatThrownBy(() -> AwsTarget.checkAccount("111122223333", "444455556666"))
                .hasMessage(
                        "target 'aws': the credentials belong to account ...6666, not to harness.awsAccount ...3333; nothing was touched");
    }
}
