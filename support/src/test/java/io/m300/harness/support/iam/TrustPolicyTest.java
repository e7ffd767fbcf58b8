package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IAM-01: exactly one principal, ecs-tasks.amazonaws.com, with sts:AssumeRole. */
class TrustPolicyTest {

    private static final String ECS =
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}";

    private static PolicyDocument trust(String statements) {
        return PolicyDocument.parse(
                "trust policy of r", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    @Test
    void aSecondStatementForTheSameServiceFails() {
        assertThat(PolicyAnalysis.trustProblems(
                        trust(ECS + "," + ECS.replace("sts:AssumeRole", "sts:AssumeRole")), "ecs-tasks.amazonaws.com"))
                .anyMatch(p -> p.contains("2 Allow statements"));
    }

    @Test
    void aSecondStatementWithAnAccountPrincipalFails() {
        assertThat(PolicyAnalysis.trustProblems(
                        trust(ECS + ",{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222233334444:root\"},"
                                + "\"Action\":\"sts:AssumeRole\"}"),
                        "ecs-tasks.amazonaws.com"))
                .anyMatch(p -> p.contains("AWS principal arn:aws:iam::222233334444:root"));
    }

    @Test
    void wildcardAndExtraPrincipalsFail() {
        assertThat(PolicyAnalysis.trustProblems(
                        trust(ECS.replace("{\"Service\":\"ecs-tasks.amazonaws.com\"}", "\"*\"")),
                        "ecs-tasks.amazonaws.com"))
                .anyMatch(p -> p.contains("every principal"));
        assertThat(PolicyAnalysis.trustProblems(
                        trust(ECS.replace(
                                "\"ecs-tasks.amazonaws.com\"", "[\"ecs-tasks.amazonaws.com\",\"ec2.amazonaws.com\"]")),
                        "ecs-tasks.amazonaws.com"))
                .anyMatch(p -> p.contains("ec2.amazonaws.com"));
    }

    @Test
    void theDedicatedTrustHolds() {
        assertThat(PolicyAnalysis.trustProblems(trust(ECS), "ecs-tasks.amazonaws.com"))
                .isEmpty();
    }
}
