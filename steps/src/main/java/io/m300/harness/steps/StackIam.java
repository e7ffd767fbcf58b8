package io.m300.harness.steps;

import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.IamReader.PrincipalPolicies;
import io.m300.harness.support.iam.RoleRef;
import io.m300.harness.support.iam.StackIdentities;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The IAM side of "the stack" for the identity checks (IAM-01..05, SEC-05): its principals from
 * the state (every role, user and group it creates or attaches policies to, every role a task or
 * function runs under) resolved in IAM, and their policies read from IAM. A role reference that
 * leads nowhere is a one-line {@link AssertionError}.
 */
final class StackIam {

    private final StackContext ctx;
    private final EcsView ecs;
    private final IamReader iam;
    private StackIdentities identities;

    StackIam(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.iam = new IamReader(ctx.aws());
    }

    IamReader reader() {
        return iam;
    }

    StackIdentities identities() {
        if (identities == null) {
            StackInventory inv = ctx.inventory();
            if (inv.isEmpty()) {
                throw new AssertionError(
                        "the stack's state lists no resource: nothing to check (" + inv.summary() + ")");
            }
            identities = StackIdentities.from(inv);
        }
        return identities;
    }

    /** The account the stack is deployed in: the account field of the stack's own ARNs. */
    String account() {
        for (StackInventory.Resource r : ctx.inventory()
                .managed(
                        "aws_iam_role",
                        "aws_ecs_task_definition",
                        "aws_lambda_function",
                        "aws_iam_policy",
                        "aws_db_instance")) {
            String a = r.arn().map(RoleRef::accountOf).orElse("");
            if (!a.isEmpty()) {
                return a;
            }
        }
        throw new AssertionError("no ARN in the stack's state names its account ("
                + ctx.inventory().summary() + ")");
    }

    /**
     * The role {@code who} runs under, from IAM; a role of another account, or one that does not
     * exist in this account, is a one-line finding.
     */
    Role roleRunUnder(String who, String roleReference) {
        String account = account();
        Optional<String> problem =
                RoleRef.problem(who, roleReference, account, n -> iam.role(n).isPresent());
        if (problem.isPresent()) {
            throw new AssertionError(problem.get());
        }
        return iam.role(RoleRef.parse(roleReference).name()).orElseThrow();
    }

    /** The service's task definition, when the stack has the outputs that lead to it; else null. */
    TaskDefinition serviceTaskDefinitionIfAny() {
        return ctx.outputs().has("ecs_cluster_name") && ctx.outputs().has("ecs_service_name")
                ? ecs.serviceTaskDefinition()
                : null;
    }

    /** Every principal of the stack, label ({@code "role x"}) to its policies; {@code skipRoles} are left out. */
    Map<String, PrincipalPolicies> principals(Set<String> skipRoles) {
        StackIdentities ids = identities();
        Set<String> roles = new LinkedHashSet<>(ids.roles());
        List<String[]> runs = new ArrayList<>();
        ids.runsAs().forEach(r -> runs.add(new String[] {r.who(), r.roleArn()}));
        var td = serviceTaskDefinitionIfAny();
        if (td != null) {
            runs.add(new String[] {
                "the service's task definition " + td.taskDefinitionArn() + " (task role)", td.taskRoleArn()
            });
            runs.add(new String[] {
                "the service's task definition " + td.taskDefinitionArn() + " (execution role)", td.executionRoleArn()
            });
        }
        for (String[] run : runs) {
            if (run[1] != null && !run[1].isBlank()) {
                roles.add(roleRunUnder(run[0], run[1]).roleName());
            }
        }
        Set<String> users = new LinkedHashSet<>(ids.users());
        Set<String> groups = new LinkedHashSet<>(ids.groups());
        for (String user : users) {
            if (iam.user(user).isEmpty()) {
                throw new AssertionError("the stack names IAM user " + user + ", which does not exist in this account");
            }
            groups.addAll(iam.groupsOfUser(user));
        }
        Map<String, PrincipalPolicies> out = new LinkedHashMap<>();
        for (String role : roles) {
            if (skipRoles.contains(role)) {
                continue;
            }
            if (iam.role(role).isEmpty()) {
                throw new AssertionError("the stack names IAM role " + role + ", which does not exist in this account");
            }
            out.put("role " + role, iam.policiesOf("role", role));
        }
        users.forEach(u -> out.put("user " + u, iam.policiesOf("user", u)));
        for (String group : groups) {
            if (!iam.groupExists(group)) {
                throw new AssertionError(
                        "the stack names IAM group " + group + ", which does not exist in this account");
            }
            out.put("group " + group, iam.policiesOf("group", group));
        }
        return out;
    }

    /** For the evidence: each principal and its policies' statements. */
    static List<String> describe(Map<String, PrincipalPolicies> principals) {
        List<String> lines = new ArrayList<>();
        principals.forEach((who, p) -> {
            lines.add(who + ": " + p.documents().size() + " policy document(s)"
                    + (p.unreadable().isEmpty() ? "" : ", unreadable " + p.unreadable()));
            IamReader.describe(p.documents()).forEach(l -> lines.add("  " + l));
        });
        return lines;
    }
}
