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

    @Test
    void aCreateRefusedAsExistingIsALostCreateAndNothingElseIs() {
        assertThat(TransientErrors.lostCreate(
                        "terraform apply failed: creating VPC Security Group Rule: operation error EC2:"
                                + " AuthorizeSecurityGroupEgress, https response error StatusCode: 400, api error"
                                + " InvalidPermission.Duplicate: The specified rule already exists"))
                .contains("InvalidPermission.Duplicate");
        assertThat(TransientErrors.lostCreate(
                        "creating IAM Role (x): EntityAlreadyExists: Role with name x already exists"))
                .contains("EntityAlreadyExists");
        assertThat(TransientErrors.lostCreate(
                        "creating Lambda Function: ResourceConflictException: Function already exist"))
                .isEmpty();
        assertThat(TransientErrors.lostCreate(
                        "terraform apply failed: creating RDS DB Instance: InvalidParameterCombination"))
                .isEmpty();
        assertThat(TransientErrors.lostCreate("Error acquiring the state lock: ConditionalCheckFailed AlreadyExists"))
                .isEmpty();
    }
}
