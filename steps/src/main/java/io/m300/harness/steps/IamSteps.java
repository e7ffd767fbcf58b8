package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.PrivilegeVerdict;
import io.m300.harness.support.iam.ScopedAccess;
import io.m300.harness.support.iam.StackPrincipals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/** Identity and access management: who may do what, read from IAM (never from the Terraform source). */
public final class IamSteps {

    /** Actions probed in every least-privilege check, wanted or not: what a too-wide policy would also grant. */
    static final List<String> PROBE_ACTIONS = List.of(
            "rds:CreateDBSnapshot", "rds:DescribeDBInstances", "rds:AddTagsToResource", "rds:DeleteDBInstance",
            "rds:DeleteDBSnapshot", "rds:ModifyDBInstance", "rds:RestoreDBInstanceFromDBSnapshot", "rds:CopyDBSnapshot",
            "rds:ModifyDBSnapshotAttribute", "iam:PassRole", "iam:CreateUser", "iam:AttachRolePolicy", "iam:PutRolePolicy",
            "s3:GetObject", "s3:PutObject", "ssm:GetParameter", "ssm:GetParameters", "kms:Decrypt", "kms:CreateGrant",
            "ec2:CreateNetworkInterface", "lambda:InvokeFunction", "logs:CreateLogStream", "logs:PutLogEvents",
            "logs:DeleteLogGroup", "sts:AssumeRole");
    private static final String ADMINISTRATOR_ACCESS = "AdministratorAccess";

    private final StackContext ctx;
    private final EcsView ecs;
    private final IamReader iam;
    private List<PolicyDocument> backupPolicies;
    private List<User> users;
    private List<PolicyDocument> stackPolicies;

    public IamSteps(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.iam = new IamReader(ctx.aws().iam());
    }

    // --- IAM-01 ---------------------------------------------------------------------------

    @When("the ECS service's task definition is read")
    public void theTaskDefinitionIsRead() {
        ecs.serviceTaskDefinition();
    }

    @Then("its task role is the stack's ECS task role")
    public void itsTaskRoleIsTheStacksTaskRole() {
        String expected = iam.roleArn(ctx.outputs().string("ecs_task_role_name"));
        String actual = ecs.serviceTaskDefinition().taskRoleArn();
        ctx.evidence().record("task role", "taskRoleArn " + actual + "; the stack's ECS task role is " + expected);
        assertThat(actual).as("taskRoleArn of task definition %s", ecs.serviceTaskDefinition().taskDefinitionArn())
                .isEqualTo(expected);
    }

    @Then("that role's trust policy lets only {word} assume it")
    public void thatRolesTrustPolicyLetsOnly(String service) {
        String role = ctx.outputs().string("ecs_task_role_name");
        String doc = ctx.aws().iam().getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument();
        PolicyDocument trust = PolicyDocument.parse("trust policy of " + role, doc);
        List<String> problems = PolicyAnalysis.trustProblems(trust, service);
        ctx.evidence().record("trust policy", IamReader.describe(List.of(trust)) + "\nproblems: "
                + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("trust policy of role %s (expected: only %s, sts:AssumeRole)", role, service).isEmpty();
    }

    // --- IAM-02 ---------------------------------------------------------------------------

    @Then("the ENI management policy is attached to the ECS task role and to no other role, user or group")
    public void theEniPolicyIsAttachedOnlyToTheTaskRole() {
        String policyArn = ctx.outputs().string("eni_policy_arn");
        String role = ctx.outputs().string("ecs_task_role_name");
        List<String> roles = new ArrayList<>();
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        ctx.aws().iam().listEntitiesForPolicyPaginator(r -> r.policyArn(policyArn)).forEach(page -> {
            page.policyRoles().forEach(p -> roles.add(p.roleName()));
            page.policyUsers().forEach(p -> users.add(p.userName()));
            page.policyGroups().forEach(p -> groups.add(p.groupName()));
        });
        List<String> problems = StackPrincipals.attachmentProblems(policyArn, roles, users, groups, role);
        ctx.evidence().record("entities for policy", "ListEntitiesForPolicy " + policyArn + ": roles " + roles + ", users "
                + users + ", groups " + groups + "; problems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("attachments of the ENI management policy (only role %s expected)", role).isEmpty();
    }

    // --- IAM-03 ---------------------------------------------------------------------------

    @When("the account's IAM users are listed")
    public void theUsersAreListed() {
        users = new ArrayList<>();
        ctx.aws().iam().listUsersPaginator().users().forEach(users::add);
    }

    @Then("no user of the stack has an attached or inline policy")
    public void noUserOfTheStackHasAPolicy() {
        String runId = ctx.stack().config().runId();
        List<String> stackUsers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (User user : users) {
            Map<String, String> tags = new LinkedHashMap<>();
            ctx.aws().iam().listUserTagsPaginator(r -> r.userName(user.userName())).tags()
                    .forEach((Tag t) -> tags.put(t.key(), t.value()));
            if (!StackPrincipals.isStackUser(user.userName(), tags, runId)) {
                continue;
            }
            stackUsers.add(user.userName());
            ctx.aws().iam().listAttachedUserPoliciesPaginator(r -> r.userName(user.userName())).attachedPolicies()
                    .forEach(p -> problems.add("user " + user.userName() + " has attached policy " + p.policyArn()));
            ctx.aws().iam().listUserPoliciesPaginator(r -> r.userName(user.userName())).policyNames()
                    .forEach(p -> problems.add("user " + user.userName() + " has inline policy " + p));
            ctx.aws().iam().listGroupsForUserPaginator(r -> r.userName(user.userName())).groups().forEach(g -> {
                boolean groupHasPolicies = ctx.aws().iam().listAttachedGroupPolicies(r -> r.groupName(g.groupName()))
                        .attachedPolicies().size() + ctx.aws().iam().listGroupPolicies(r -> r.groupName(g.groupName()))
                        .policyNames().size() > 0;
                if (groupHasPolicies) {
                    problems.add("user " + user.userName() + " gets policies through group " + g.groupName());
                }
            });
        }
        ctx.evidence().record("IAM users", "scanned " + users.size() + " user(s) of the account; " + stackUsers.size()
                + " belong to run " + runId + " (tag " + StackPrincipals.RUN_TAG + "=" + runId + " or name prefix): "
                + stackUsers + "; problems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("policies carried by IAM users of run %s", runId).isEmpty();
    }

    @Then("on a sandbox account no user at all has AdministratorAccess attached directly")
    public void noUserHasAdministratorAccess() {
        if (!ctx.target().name().equals("aws")) {
            ctx.evidence().record("AdministratorAccess", "not checked on target " + ctx.target().name()
                    + ": the account-wide check applies to a sandbox account; the emulator's users are the run's own (checked above)");
            return;
        }
        List<String> admins = new ArrayList<>();
        for (User user : users) {
            ctx.aws().iam().listAttachedUserPoliciesPaginator(r -> r.userName(user.userName())).attachedPolicies().stream()
                    .filter(p -> ADMINISTRATOR_ACCESS.equals(p.policyName()) || p.policyArn().endsWith(":policy/" + ADMINISTRATOR_ACCESS))
                    .forEach(p -> admins.add(user.userName()));
        }
        ctx.evidence().record("AdministratorAccess", "users with AdministratorAccess attached directly, of " + users.size()
                + ": " + (admins.isEmpty() ? "none" : admins));
        assertThat(admins).as("users of the account with AdministratorAccess attached directly").isEmpty();
    }

    // --- IAM-04 ---------------------------------------------------------------------------

    @When("the policies of the backup function's role are read from IAM")
    public void theBackupPoliciesAreRead() {
        String role = ctx.outputs().string("backup_role_name");
        backupPolicies = iam.rolePolicies(role);
        ctx.evidence().record("policies of " + role, IamReader.describe(backupPolicies));
    }

    @Then("^they grant exactly (.+), without wildcards$")
    public void theyGrantExactly(String actionList) {
        Set<String> required = actions(actionList);
        PrivilegeVerdict verdict = PrivilegeVerdict.exactly(backupPolicies, required, PROBE_ACTIONS);
        ctx.evidence().record("least privilege", verdict.toString());
        assertThat(verdict.problems()).as("least privilege of role %s (exactly %s)",
                ctx.outputs().string("backup_role_name"), required).isEmpty();
    }

    @Then("the database actions are limited to the stack's database and its snapshots")
    public void theDatabaseActionsAreLimited() {
        String dbArn = databaseArn();
        String snapshots = dbArn.replace(":db:", ":snapshot:") + "-*";
        List<String> allowed = List.of(dbArn, snapshots);
        List<String> problems = new ArrayList<>();
        for (String action : List.of("rds:CreateDBSnapshot", "rds:DescribeDBInstances", "rds:AddTagsToResource")) {
            problems.addAll(ScopedAccess.beyond(backupPolicies, action, allowed));
        }
        ctx.evidence().record("database scope", "allowed resources " + allowed + "; beyond: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("database actions of the backup role beyond %s", allowed).isEmpty();
    }

    @Then("the log actions are limited to the function's own log group")
    public void theLogActionsAreLimited() {
        String group = ctx.outputs().string("lambda_log_group_name");
        var groups = ctx.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(group)).toList();
        assertThat(groups).as("log group %s", group).hasSize(1);
        String arn = groups.get(0).arn();
        String base = arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
        List<String> allowed = List.of(base, base + ":*", base + ":log-stream:*");
        List<String> problems = new ArrayList<>();
        for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
            problems.addAll(ScopedAccess.beyond(backupPolicies, action, allowed));
        }
        ctx.evidence().record("log scope", "allowed resources " + allowed + "; beyond: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("log actions of the backup role beyond its own log group").isEmpty();
    }

    // --- behaviour: IAM's policy simulator (IAM-04, SEC-05) --------------------------------

    @Then("^the policy simulator (allows|denies) the (backup|execution|task) role (.+) on (the database|the password parameter|another parameter)$")
    public void thePolicySimulator(String verdict, String role, String actionList, String resource) {
        String roleName = ctx.outputs().string(switch (role) {
            case "backup" -> "backup_role_name";
            case "execution" -> "ecs_execution_role_name";
            default -> "ecs_task_role_name";
        });
        String resourceArn = switch (resource) {
            case "the database" -> databaseArn();
            case "the password parameter" -> ctx.outputs().string("db_password_parameter_arn");
            default -> ctx.outputs().string("db_password_parameter_arn") + "-not-the-password";
        };
        List<String> actions = List.copyOf(actions(actionList));
        Map<String, String> decisions = iam.simulate(iam.roleArn(roleName), actions, resourceArn);
        ctx.evidence().record("policy simulator", "SimulatePrincipalPolicy " + roleName + " on " + resourceArn + ": " + decisions);
        for (String action : actions) {
            String decision = decisions.getOrDefault(action, "no answer");
            if (verdict.equals("allows")) {
                assertThat(decision).as("simulated decision for %s %s on %s", roleName, action, resourceArn).isEqualTo("allowed");
            } else {
                assertThat(decision).as("simulated decision for %s %s on %s", roleName, action, resourceArn)
                        .isIn("implicitDeny", "explicitDeny");
            }
        }
    }

    // --- IAM-05 ---------------------------------------------------------------------------

    @When("the customer-managed and inline policies of the stack are read from IAM")
    public void theStackPoliciesAreRead() {
        String runId = ctx.stack().config().runId();
        List<String> roles = List.of(ctx.outputs().string("ecs_task_role_name"), ctx.outputs().string("ecs_execution_role_name"),
                ctx.outputs().string("backup_role_name"), ctx.outputs().string("flow_log_role_name"));
        Set<String> managedArns = new LinkedHashSet<>();
        ctx.aws().iam().listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
                .filter(p -> p.policyName().startsWith(runId)).forEach(p -> managedArns.add(p.arn()));
        stackPolicies = new ArrayList<>();
        for (String role : roles) {
            // every policy attached to a stack role counts, an AWS-managed AdministratorAccess too
            iam.attachedPolicies(role).stream().map(AttachedPolicy::policyArn).forEach(managedArns::add);
            for (String name : ctx.aws().iam().listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                String doc = ctx.aws().iam().getRolePolicy(r -> r.roleName(role).policyName(name)).policyDocument();
                stackPolicies.add(PolicyDocument.parse("inline policy " + name + " of role " + role, doc));
            }
        }
        managedArns.forEach(arn -> stackPolicies.add(iam.managedPolicy(arn)));
        ctx.evidence().record("policies of the stack", "roles " + roles + "; managed policies (name prefix " + runId
                + " or attached to those roles): " + managedArns + "; " + stackPolicies.size() + " documents:\n"
                + String.join("\n", IamReader.describe(stackPolicies)));
        assertThat(stackPolicies).as("policies found for run %s (the check must have something to look at)", runId).isNotEmpty();
    }

    @Then("none of them allows every action")
    public void noneAllowsEveryAction() {
        List<String> grants = PolicyAnalysis.wildcardGrants(stackPolicies);
        ctx.evidence().record("wildcard grants", grants.isEmpty() ? "none" : String.join("\n", grants));
        assertThat(grants).as("policy statements of the stack that allow every action (Action * or NotAction)").isEmpty();
    }

    private String databaseArn() {
        String id = ctx.outputs().string("db_instance_identifier");
        return ctx.aws().rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0).dbInstanceArn();
    }

    /** "a, b and c" (also "a, b, c") as a set of actions. */
    static Set<String> actions(String list) {
        return Arrays.stream(list.split(",|\\band\\b")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
