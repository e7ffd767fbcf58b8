package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransientErrorsTest {

    @Test
    void throttlingConnectionsAndIamConsistencyAreTransient() {
        assertThat(TransientErrors.cause(
                        "Error: creating EC2 VPC: operation error EC2: CreateVpc, api error Throttling: Rate exceeded"))
                .contains("Throttling");
        assertThat(TransientErrors.cause(
                        "Error: reading ...: RequestError: send request failed: read tcp: connection reset by peer"))
                .isPresent();
        assertThat(
                        TransientErrors.cause(
                                "InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda."))
                .isPresent();
        assertThat(TransientErrors.cause(
                        "https response error StatusCode: 503, RequestID: x, api error ServiceUnavailable"))
                .isPresent();
    }

    @Test
    void permanentErrorsAreNotRetried() {
        assertThat(TransientErrors.cause("Error: Reference to undeclared input variable"))
                .isEmpty();
        assertThat(TransientErrors.cause("Error: creating RDS DB Instance: InvalidParameterCombination: bad engine"))
                .isEmpty();
        assertThat(TransientErrors.cause("Error acquiring the state lock ... connection reset by peer"))
                .isEmpty();
        assertThat(TransientErrors.cause("")).isEmpty();
    }
}
