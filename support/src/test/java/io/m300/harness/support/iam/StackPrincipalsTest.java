package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class StackPrincipalsTest {

    @Test
    void aUserIsTheStacksByTagOrByNamePrefix() {
        assertThat(StackPrincipals.isStackUser("m300-abc123-deployer", Map.of(), "m300-abc123"))
                .isTrue();
        assertThat(StackPrincipals.isStackUser("deployer", Map.of("m300:run-id", "m300-abc123"), "m300-abc123"))
                .isTrue();
        assertThat(StackPrincipals.isStackUser("deployer", Map.of("m300:run-id", "m300-other"), "m300-abc123"))
                .isFalse();
        assertThat(StackPrincipals.isStackUser("alice", null, "m300-abc123")).isFalse();
    }

    @Test
    void thePolicyAttachedOnlyToTheTaskRoleHolds() {
        assertThat(StackPrincipals.attachmentProblems("eni", List.of("task-role"), List.of(), List.of(), "task-role"))
                .isEmpty();
    }

    @Test
    void aUserGroupOrOtherRoleIsReported() {
        assertThat(StackPrincipals.attachmentProblems(
                        "eni", List.of("task-role", "other"), List.of("legacy-user"), List.of("ops"), "task-role"))
                .containsExactly(
                        "eni is also attached to role other",
                        "eni is attached to user legacy-user",
                        "eni is attached to group ops");
        assertThat(StackPrincipals.attachmentProblems("eni", List.of(), List.of(), List.of(), "task-role"))
                .containsExactly("eni is not attached to task-role");
    }

    @Test
    void theEniPolicyIsTheStacksPolicyThatManagesNetworkInterfaces() {
        PolicyDocument eni = PolicyDocument.parse(
                "managed policy arn:aws:iam::1:policy/eni",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ec2:CreateNetworkInterface\",\"ec2:DeleteNetworkInterface\"],\"Resource\":\"*\"}]}");
        PolicyDocument other = PolicyDocument.parse(
                "managed policy arn:aws:iam::1:policy/exec",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameters\",\"Resource\":\"*\"}]}");
        PolicyDocument wildcard = PolicyDocument.parse(
                "managed policy arn:aws:iam::1:policy/w",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:*NetworkInterface*\",\"Resource\":\"*\"}]}");
        assertThat(StackPrincipals.eniPolicies(Map.of(
                        "arn:aws:iam::1:policy/eni",
                        eni,
                        "arn:aws:iam::1:policy/exec",
                        other,
                        "arn:aws:iam::1:policy/w",
                        wildcard)))
                .containsExactlyInAnyOrder("arn:aws:iam::1:policy/eni", "arn:aws:iam::1:policy/w");
    }

    @Test
    void withSeveralTaskRolesThePolicyMayBeOnAnyOfThemButNowhereElse() {
        var roles = Set.of("web-task", "worker-task");
        Assertions.assertThat(
                        StackPrincipals.attachmentProblems("eni", List.of("worker-task"), List.of(), List.of(), roles))
                .isEmpty();
        Assertions.assertThat(StackPrincipals.attachmentProblems(
                        "eni", List.of("web-task", "ci"), List.of("bob"), List.of(), roles))
                .hasSize(2);
        Assertions.assertThat(StackPrincipals.attachmentProblems("eni", List.of(), List.of(), List.of(), roles))
                .singleElement()
                .asString()
                .contains("attached to no task role");
    }
}
