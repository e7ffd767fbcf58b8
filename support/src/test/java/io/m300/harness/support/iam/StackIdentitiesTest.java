package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.stack.StackInventory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM-03, IAM-05, SEC-05: the users, groups and roles of the stack, from its state (not from names or tags). */
class StackIdentitiesTest {

    private static StackInventory state(String resources) {
        return StackInventory.parse("{\"version\":4,\"resources\":[" + resources + "]}");
    }

    private static String managed(String type, String name, String attributes) {
        return "{\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\",\"instances\":[{\"attributes\":" + attributes + "}]}";
    }

    @Test
    void anUntaggedUserWithoutTheRunPrefixIsStillAUserOfTheStack() {
        StackInventory inv = state(managed(
                "aws_iam_user_policy_attachment",
                "legacy",
                "{\"id\":\"x\",\"user\":\"deploy-bot\",\"policy_arn\":\"arn:aws:iam::1:policy/p\"}"));
        // the old rule: neither tag nor prefix, so not looked at
        assertThat(StackPrincipals.isStackUser("deploy-bot", Map.of(), "m300-abc"))
                .isFalse();
        assertThat(StackIdentities.from(inv).users()).containsExactly("deploy-bot");
        assertThat(StackIdentities.from(inv).attachedPolicyArns()).containsExactly("arn:aws:iam::1:policy/p");
    }

    @Test
    void everyWayOfNamingAUserGroupOrRoleCounts() {
        StackInventory inv = state(String.join(
                ",",
                managed("aws_iam_user", "a", "{\"id\":\"u1\",\"name\":\"u1\"}"),
                managed("aws_iam_user_policy", "b", "{\"id\":\"u2:p\",\"user\":\"u2\",\"name\":\"p\"}"),
                managed(
                        "aws_iam_policy_attachment",
                        "c",
                        "{\"id\":\"c\",\"users\":[\"u3\"],\"groups\":[\"g1\"],\"roles\":[\"r1\"],\"policy_arn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}"),
                managed("aws_iam_user_group_membership", "d", "{\"id\":\"d\",\"user\":\"u4\",\"groups\":[\"g2\"]}"),
                managed("aws_iam_group_membership", "e", "{\"id\":\"e\",\"users\":[\"u5\"],\"group\":\"g3\"}"),
                managed("aws_iam_group_policy", "f", "{\"id\":\"g4:x\",\"group\":\"g4\"}"),
                managed("aws_iam_group", "g", "{\"id\":\"g5\",\"name\":\"g5\"}"),
                managed("aws_iam_role", "h", "{\"id\":\"r2\",\"name\":\"r2\",\"arn\":\"arn:aws:iam::1:role/r2\"}"),
                managed("aws_iam_role_policy", "i", "{\"id\":\"r3:p\",\"role\":\"r3\"}"),
                managed(
                        "aws_iam_role_policy_attachment",
                        "j",
                        "{\"id\":\"j\",\"role\":\"r4\",\"policy_arn\":\"arn:aws:iam::1:policy/q\"}"),
                managed(
                        "aws_iam_policy",
                        "k",
                        "{\"id\":\"arn:aws:iam::1:policy/q\",\"arn\":\"arn:aws:iam::1:policy/q\",\"name\":\"q\"}"),
                managed(
                        "aws_ecs_task_definition",
                        "l",
                        "{\"id\":\"td\",\"arn\":\"arn:aws:ecs:r:1:task-definition/td:1\","
                                + "\"task_role_arn\":\"arn:aws:iam::1:role/r5\",\"execution_role_arn\":\"arn:aws:iam::1:role/path/r6\"}"),
                managed(
                        "aws_lambda_function",
                        "m",
                        "{\"id\":\"fn\",\"function_name\":\"fn\",\"role\":\"arn:aws:iam::1:role/r7\"}")));

        StackIdentities ids = StackIdentities.from(inv);

        assertThat(ids.users()).containsExactlyInAnyOrder("u1", "u2", "u3", "u4", "u5");
        assertThat(ids.groups()).containsExactlyInAnyOrder("g1", "g2", "g3", "g4", "g5");
        assertThat(ids.roles()).containsExactlyInAnyOrder("r1", "r2", "r3", "r4");
        assertThat(ids.customerPolicyArns()).containsExactly("arn:aws:iam::1:policy/q");
        assertThat(ids.attachedPolicyArns())
                .containsExactlyInAnyOrder("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::1:policy/q");
        assertThat(ids.runsAs())
                .extracting(StackIdentities.RunsAs::roleArn)
                .containsExactly("arn:aws:iam::1:role/r5", "arn:aws:iam::1:role/path/r6", "arn:aws:iam::1:role/r7");
        assertThat(ids.runsAs().get(0).who()).isEqualTo("task definition td (task role)");
    }

    @Test
    void aRoleReferenceNamesItsRoleAndAccount() {
        RoleRef ref = RoleRef.parse("arn:aws:iam::222233334444:role/service/ci-role");
        assertThat(ref.name()).isEqualTo("ci-role");
        assertThat(ref.account()).isEqualTo("222233334444");
        assertThat(ref.inAccount("111122223333")).isFalse();
        assertThat(RoleRef.parse("plain-name").name()).isEqualTo("plain-name");
        assertThat(RoleRef.parse("plain-name").inAccount("111122223333")).isTrue();
        assertThat(RoleRef.accountOf("arn:aws:ecs:eu-central-1:123456789012:task-definition/x:1"))
                .isEqualTo("123456789012");
    }

    @Test
    void anEmptyStackHasNoIdentities() {
        assertThat(StackIdentities.from(state("")).isEmpty()).isTrue();
    }

    @Test
    void aRoleThatLeadsNowhereIsOneLine() {
        String who = "the task (task definition td:1)";
        assertThat(RoleRef.problem(who, "arn:aws:iam::111122223333:role/ghost", "111122223333", n -> false))
                .hasValueSatisfying(p -> assertThat(p)
                        .isEqualTo(who
                                + " runs as role arn:aws:iam::111122223333:role/ghost, which does not exist in this account: "
                                + "IAM has no role named ghost in account 111122223333")
                        .doesNotContain("\n"));
        assertThat(RoleRef.problem(who, "arn:aws:iam::999999999999:role/x", "111122223333", n -> true))
                .get()
                .asString()
                .contains("another account (999999999999)");
        assertThat(RoleRef.problem(who, "arn:aws:iam::111122223333:role/x", "111122223333", n -> true))
                .isEmpty();
        assertThat(RoleRef.problem(who, null, "111122223333", n -> true))
                .get()
                .asString()
                .endsWith("names no role");
    }
}
