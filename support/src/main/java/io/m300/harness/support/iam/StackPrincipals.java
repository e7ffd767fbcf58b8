package io.m300.harness.support.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which IAM principals belong to a run of the stack, and what is attached to them (IAM-02, IAM-03). */
public final class StackPrincipals {

    public static final String RUN_TAG = "m300:run-id";

    private StackPrincipals() {}

    /** A user belongs to the stack when it carries the run's tag {@code m300:run-id = runId} or its name starts with the run id. */
    public static boolean isStackUser(String userName, Map<String, String> tags, String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run id is empty");
        }
        return (userName != null && userName.startsWith(runId))
                || runId.equals(tags == null ? null : tags.get(RUN_TAG));
    }

    /**
     * IAM-02: the entities a policy is attached to must be exactly {@code expectedRole}: no other
     * role, no user, no group. Empty means it holds.
     */
    public static List<String> attachmentProblems(
            String policy,
            Collection<String> roles,
            Collection<String> users,
            Collection<String> groups,
            String expectedRole) {
        List<String> problems = new ArrayList<>();
        if (!roles.contains(expectedRole)) {
            problems.add(policy + " is not attached to " + expectedRole);
        }
        return elsewhere(problems, policy, roles, users, groups, Set.of(expectedRole));
    }

    /**
     * Like {@link #attachmentProblems(String, Collection, Collection, Collection, String)}, when the
     * stack has several task roles (one per service): the policy must be attached to at least one
     * of {@code expectedRoles}, and to no other role, no user and no group.
     */
    public static List<String> attachmentProblems(
            String policy,
            Collection<String> roles,
            Collection<String> users,
            Collection<String> groups,
            Set<String> expectedRoles) {
        List<String> problems = new ArrayList<>();
        if (roles.stream().noneMatch(expectedRoles::contains)) {
            problems.add(policy + " is attached to no task role " + expectedRoles);
        }
        return elsewhere(problems, policy, roles, users, groups, expectedRoles);
    }

    /** Adds an attachment to any role but {@code expected}, to any user and to any group. */
    private static List<String> elsewhere(
            List<String> problems,
            String policy,
            Collection<String> roles,
            Collection<String> users,
            Collection<String> groups,
            Set<String> expected) {
        roles.stream()
                .filter(r -> !expected.contains(r))
                .forEach(r -> problems.add(policy + " is also attached to role " + r));
        users.forEach(u -> problems.add(policy + " is attached to user " + u));
        groups.forEach(g -> problems.add(policy + " is attached to group " + g));
        return problems;
    }

    /** Actions that manage network interfaces: what makes a policy "the ENI management policy" (IAM-02). */
    public static final List<String> ENI_ACTIONS = List.of(
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:AttachNetworkInterface",
            "ec2:DetachNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:ModifyNetworkInterfaceAttribute",
            "ec2:CreateNetworkInterfacePermission");

    /**
     * IAM-02 without the output: of the stack's customer-managed policies (ARN to document), those
     * that allow an {@code ec2:*NetworkInterface*} action, in the map's order.
     */
    public static List<String> eniPolicies(Map<String, PolicyDocument> policies) {
        List<String> out = new ArrayList<>();
        policies.forEach((arn, doc) -> {
            if (!PolicyAnalysis.allowedActions(List.of(doc), ENI_ACTIONS).isEmpty()) {
                out.add(arn);
            }
        });
        return out;
    }
}
