package io.m300.harness.support.iam;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.stack.StackInventory.Resource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IAM principals of the stack, from its state: every user, group and role that the stack
 * creates or attaches a policy (or a group) to, whether or not it created, tagged or named it,
 * and every role a task definition or function of the stack runs under (IAM-03, IAM-05, SEC-05).
 * Also the stack's customer-managed policies and every policy ARN it attaches.
 *
 * <p>Roles that a task or function runs under are kept apart ({@code runsAs}), as ARNs: the
 * check resolves them in IAM and reports one that leads nowhere.
 */
public record StackIdentities(
        Set<String> users,
        Set<String> groups,
        Set<String> roles,
        Set<String> customerPolicyArns,
        Set<String> attachedPolicyArns,
        List<RunsAs> runsAs) {

    /** {@code who} runs under {@code roleArn}, e.g. {@code "task definition td (task role)"}. */
    public record RunsAs(String who, String roleArn) {}

    public StackIdentities {
        users = Collections.unmodifiableSet(new LinkedHashSet<>(users));
        groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        customerPolicyArns = Collections.unmodifiableSet(new LinkedHashSet<>(customerPolicyArns));
        attachedPolicyArns = Collections.unmodifiableSet(new LinkedHashSet<>(attachedPolicyArns));
        runsAs = List.copyOf(runsAs);
    }

    public static StackIdentities from(StackInventory inv) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        Set<String> policies = new LinkedHashSet<>();
        Set<String> attached = new LinkedHashSet<>();
        List<RunsAs> runsAs = new ArrayList<>();

        add(users, inv, "name", "aws_iam_user");
        add(
                users,
                inv,
                "user",
                "aws_iam_user_policy_attachment",
                "aws_iam_user_policy",
                "aws_iam_user_group_membership");
        add(users, inv, "users", "aws_iam_policy_attachment", "aws_iam_group_membership");
        add(users, inv, "user_name", "aws_iam_user_policies_exclusive", "aws_iam_user_policy_attachments_exclusive");

        add(groups, inv, "name", "aws_iam_group");
        add(
                groups,
                inv,
                "group",
                "aws_iam_group_policy",
                "aws_iam_group_policy_attachment",
                "aws_iam_group_membership");
        add(groups, inv, "groups", "aws_iam_policy_attachment", "aws_iam_user_group_membership");
        add(
                groups,
                inv,
                "group_name",
                "aws_iam_group_policies_exclusive",
                "aws_iam_group_policy_attachments_exclusive");

        add(roles, inv, "name", "aws_iam_role");
        add(roles, inv, "role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_instance_profile");
        add(roles, inv, "roles", "aws_iam_policy_attachment");
        add(roles, inv, "role_name", "aws_iam_role_policies_exclusive", "aws_iam_role_policy_attachments_exclusive");

        inv.managed("aws_iam_policy").forEach(r -> r.arn().ifPresent(policies::add));
        attached.addAll(inv.values(
                "policy_arn",
                "aws_iam_user_policy_attachment",
                "aws_iam_group_policy_attachment",
                "aws_iam_role_policy_attachment",
                "aws_iam_policy_attachment"));
        attached.addAll(inv.values(
                "policy_arns",
                "aws_iam_role_policy_attachments_exclusive",
                "aws_iam_user_policy_attachments_exclusive",
                "aws_iam_group_policy_attachments_exclusive"));

        for (Resource td : inv.managed("aws_ecs_task_definition")) {
            String name = td.attr("family").orElse(td.id())
                    + td.attr("revision").map(v -> ":" + v).orElse("");
            td.attr("task_role_arn")
                    .ifPresent(a -> runsAs.add(new RunsAs("task definition " + name + " (task role)", a)));
            td.attr("execution_role_arn")
                    .ifPresent(a -> runsAs.add(new RunsAs("task definition " + name + " (execution role)", a)));
        }
        for (Resource fn : inv.managed("aws_lambda_function")) {
            fn.attr("role")
                    .ifPresent(a -> runsAs.add(
                            new RunsAs("function " + fn.attr("function_name").orElse(fn.id()), a)));
        }
        return new StackIdentities(users, groups, roles, policies, attached, runsAs);
    }

    /** True when the stack names no principal and runs nothing under a role. */
    public boolean isEmpty() {
        return users.isEmpty()
                && groups.isEmpty()
                && roles.isEmpty()
                && runsAs.isEmpty()
                && customerPolicyArns.isEmpty();
    }

    private static void add(Set<String> into, StackInventory inv, String attribute, String... types) {
        for (String v : inv.values(attribute, types)) {
            into.add(Arns.lastName(v));
        }
    }
}
