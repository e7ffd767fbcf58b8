package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.stack.StackInventory;
import org.junit.jupiter.api.Test;

/** IAM-01: the task role is the stack's own and dedicated to the task, whatever anything is called. */
class RoleUsesTest {

    private static final String ARN = "arn:aws:iam::1:role/svc/wp-runtime";

    private static StackInventory state(String... resources) {
        return StackInventory.parse("{\"version\":4,\"resources\":[" + String.join(",", resources) + "]}");
    }

    private static String managed(String type, String name, String attributes) {
        return "{\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\",\"instances\":[{\"attributes\":" + attributes + "}]}";
    }

    private static final String ROLE = managed(
            "aws_iam_role", "runtime", "{\"id\":\"wp-runtime\",\"name\":\"wp-runtime\",\"arn\":\"" + ARN + "\"}");
    private static final String TASK = managed(
            "aws_ecs_task_definition",
            "app",
            "{\"id\":\"app\",\"arn\":\"td:1\",\"task_role_arn\":\"" + ARN
                    + "\",\"execution_role_arn\":\"arn:aws:iam::1:role/exec\"}");

    @Test
    void aRoleOnlyTheTaskRunsAsHasOneUseWhateverItIsCalled() {
        StackInventory s = state(
                ROLE,
                TASK,
                managed(
                        "aws_iam_role_policy_attachment",
                        "eni",
                        "{\"id\":\"a\",\"role\":\"wp-runtime\",\"policy_arn\":\"arn:aws:iam::1:policy/eni\"}"),
                managed(
                        "aws_iam_role_policy",
                        "inline",
                        "{\"id\":\"wp-runtime:x\",\"role\":\"wp-runtime\",\"policy\":\"{}\"}"),
                managed(
                        "aws_kms_key",
                        "data",
                        "{\"id\":\"k\",\"policy\":\"{\\\"Principal\\\":{\\\"AWS\\\":\\\"" + ARN.replace("/", "\\/")
                                + "\\\"}}\"}"));

        assertThat(RoleUses.managedRole(s, ARN, "wp-runtime"))
                .hasValueSatisfying(r -> assertThat(r.address()).isEqualTo("aws_iam_role.runtime"));
        assertThat(RoleUses.of(s, ARN, "wp-runtime"))
                .as("attachments and a policy text that mentions it are no use")
                .containsExactly(new RoleUses.Use("aws_ecs_task_definition.app", "task_role_arn"));
    }

    @Test
    void sharingTheRoleWithTheExecutionRoleAFunctionOrAnInstanceProfileIsAUse() {
        StackInventory s = state(
                ROLE,
                managed(
                        "aws_ecs_task_definition",
                        "app",
                        "{\"id\":\"app\",\"arn\":\"td:1\",\"task_role_arn\":\"" + ARN + "\",\"execution_role_arn\":\""
                                + ARN + "\"}"),
                managed("aws_lambda_function", "backup", "{\"id\":\"fn\",\"role\":\"" + ARN + "\"}"),
                managed("aws_iam_instance_profile", "debug", "{\"id\":\"p\",\"role\":\"wp-runtime\"}"),
                managed(
                        "aws_cloudwatch_event_target",
                        "t",
                        "{\"id\":\"t\",\"ecs_target\":[{\"task_role\":{\"x\":\"" + ARN + "\"}}]}"));

        assertThat(RoleUses.of(s, ARN, "wp-runtime"))
                .extracting(RoleUses.Use::toString)
                .containsExactly(
                        "aws_ecs_task_definition.app.task_role_arn",
                        "aws_ecs_task_definition.app.execution_role_arn",
                        "aws_lambda_function.backup.role",
                        "aws_iam_instance_profile.debug.role",
                        "aws_cloudwatch_event_target.t.ecs_target[0].task_role.x");
    }

    @Test
    void theNameCountsOnlyWhereAnAttributeIsAboutARole() {
        StackInventory s = state(
                ROLE,
                managed("aws_cloudwatch_log_group", "same-name", "{\"id\":\"wp-runtime\",\"name\":\"wp-runtime\"}"),
                managed("aws_iam_policy_attachment", "old", "{\"id\":\"o\",\"roles\":[\"wp-runtime\"]}"),
                managed(
                        "aws_ecs_task_definition",
                        "other",
                        "{\"id\":\"o\",\"arn\":\"td:2\",\"task_role_arn\":\"wp-runtime\"}"));

        assertThat(RoleUses.of(s, ARN, "wp-runtime"))
                .extracting(RoleUses.Use::toString)
                .containsExactly("aws_ecs_task_definition.other.task_role_arn");
    }

    @Test
    void aRoleTheStackDidNotCreateIsNotItsOwn() {
        assertThat(RoleUses.managedRole(state(TASK), ARN, "wp-runtime")).isEmpty();
        assertThat(RoleUses.managedRole(state(ROLE), "arn:aws:iam::1:role/other", "other"))
                .isEmpty();
    }
}
