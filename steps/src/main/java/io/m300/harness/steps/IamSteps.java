package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.IamReader.PrincipalPolicies;
import io.m300.harness.support.iam.AwsManagedPolicies;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.RoleUses;
import io.m300.harness.support.iam.StackIdentities;
import io.m300.harness.support.iam.StackPrincipals;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Identity and access management: who may do what, read from IAM (never from the Terraform
 * source). "The stack" is what its state lists (see {@link StackIam}); outputs are entry points at most.
 */
public final class IamSteps {

    private static final String ADMINISTRATOR_ACCESS = "AdministratorAccess";

    private final StackContext ctx;
    private final EcsView ecs;
    private final StackIam stack;
    private final IamReader iam;
    private final StackDatabases dbs;
    private final SnapshotFunctions functions;
    private List<User> users;
    private List<PolicyDocument> stackPolicies;
    private List<String> unreadablePolicies;

    public IamSteps(StackContext ctx, EcsView ecs, StackDatabases dbs, SnapshotFunctions functions) {
        this.ctx = ctx;
        this.dbs = dbs;
        this.functions = functions;
        this.ecs = ecs;
        this.stack = new StackIam(ctx, ecs);
        this.iam = stack.reader();
    }

    // --- IAM-01 ---------------------------------------------------------------------------

    @When("the ECS service's task definition is read")
    public void theTaskDefinitionIsRead() {
        ecs.taskDefinitions();
    }

    /** The role the task definition's tasks run under, from the task definition ECS reports (a missing role is a finding). */
    private Role taskRole(TaskDefinition td) {
        return stack.roleRunUnder("the task (task definition " + td.taskDefinitionArn() + ")", td.taskRoleArn());
    }

    /** Every distinct task definition the stack's services run (every service, read from ECS). */
    private List<TaskDefinition> serviceTaskDefinitions() {
        Map<String, TaskDefinition> out = new LinkedHashMap<>();
        ecs.taskDefinitions().forEach(td -> out.putIfAbsent(td.taskDefinitionArn(), td));
        return List.copyOf(out.values());
    }

    /**
     * For every service's task definition: the task role is the stack's own (an aws_iam_role of its
     * state) and dedicated to the task: no other resource of the stack runs as it or names it as its
     * role (the execution role, a function, an instance profile, another task definition). Found
     * from the task definitions ECS reports and the state, whatever the role is called.
     */
    @Then("its task role is the stack's ECS task role")
    public void itsTaskRoleIsTheStacksTaskRole() {
        StackInventory state = ctx.inventory();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TaskDefinition td : serviceTaskDefinitions()) {
            if (td.taskRoleArn() == null || td.taskRoleArn().isBlank()) {
                problems.add("task definition " + td.taskDefinitionArn() + " names no task role");
                continue;
            }
            Role role = taskRole(td);
            Optional<StackInventory.Resource> own = RoleUses.managedRole(state, role.arn(), role.roleName());
            Set<String> thisTaskDefinition = state.managed("aws_ecs_task_definition").stream()
                    .filter(r -> td.taskDefinitionArn().equals(r.arn().orElse(null)))
                    .map(StackInventory.Resource::address)
                    .collect(Collectors.toSet());
            List<RoleUses.Use> otherUses = RoleUses.of(state, role.arn(), role.roleName()).stream()
                    .filter(u -> !(thisTaskDefinition.contains(u.address())
                            && u.attribute().equals("task_role_arn")))
                    .toList();
            lines.add(td.taskDefinitionArn() + ": taskRoleArn " + td.taskRoleArn() + " (role " + role.arn() + ")"
                    + "\n  created by this stack: "
                    + own.map(StackInventory.Resource::address).orElse("no (no aws_iam_role of the state is this role)")
                    + "\n  the task definition in the state: "
                    + (thisTaskDefinition.isEmpty() ? "not found" : thisTaskDefinition)
                    + "\n  other uses of the role in the state: " + (otherUses.isEmpty() ? "none" : otherUses));
            if (own.isEmpty()) {
                problems.add("the task role " + role.arn() + " of " + td.taskDefinitionArn()
                        + " is not one this stack creates (" + state.summary() + ")");
            }
            if (thisTaskDefinition.isEmpty()) {
                problems.add("task definition " + td.taskDefinitionArn()
                        + " is none of the stack's aws_ecs_task_definition resources");
            }
            otherUses.forEach(u -> problems.add("the task role " + role.roleName() + " of " + td.taskDefinitionArn()
                    + " is not dedicated to it: " + u));
        }
        ctx.evidence().record("task roles (every service's task definition)", lines);
        assertThat(problems)
                .as("task roles that are not the stack's own, dedicated ECS task role")
                .isEmpty();
    }

    @Then("that role's trust policy lets only {word} assume it")
    public void thatRolesTrustPolicyLetsOnly(String service) {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TaskDefinition td : serviceTaskDefinitions()) {
            Role role = taskRole(td);
            PolicyDocument trust =
                    PolicyDocument.parse("trust policy of " + role.roleName(), role.assumeRolePolicyDocument());
            List<String> p = PolicyAnalysis.trustProblems(trust, service);
            lines.add("role " + role.arn() + " (taskRoleArn of " + td.taskDefinitionArn() + ")\n"
                    + String.join("\n", IamReader.describe(List.of(trust))) + "\nproblems: "
                    + (p.isEmpty() ? "none" : p));
            p.forEach(x -> problems.add("role " + role.roleName() + ": " + x));
        }
        ctx.evidence().record("trust policies", lines);
        assertThat(problems)
                .as("trust policies of the task roles (expected: only %s, sts:AssumeRole, one statement)", service)
                .isEmpty();
    }

    // --- IAM-02 ---------------------------------------------------------------------------

    @Then("the ENI management policy is attached to the ECS task role and to no other role, user or group")
    public void theEniPolicyIsAttachedOnlyToTheTaskRole() {
        Set<String> policyArns = new LinkedHashSet<>();
        List<String> from = new ArrayList<>();
        if (ctx.outputs().has("eni_policy_arn")) {
            String arn = ctx.outputs().string("eni_policy_arn");
            if (iam.managedPolicyIfExists(arn).isEmpty()) {
                throw new AssertionError(
                        "the ENI management policy " + arn + " (output eni_policy_arn) does not exist in this account");
            }
            policyArns.add(arn);
            from.add("output eni_policy_arn: " + arn);
        }
        Map<String, PolicyDocument> customer = new LinkedHashMap<>();
        for (String arn : stack.identities().customerPolicyArns()) {
            iam.managedPolicyIfExists(arn).ifPresent(d -> customer.put(arn, d));
        }
        List<String> eni = StackPrincipals.eniPolicies(customer);
        policyArns.addAll(eni);
        from.add("the stack's customer-managed policies that allow ec2:*NetworkInterface*: " + eni + " (of "
                + customer.size() + " read)");
        assertThat(policyArns)
                .as("ENI management policies of the stack (%s): nothing to check", from)
                .isNotEmpty();
        Set<String> taskRoles = new LinkedHashSet<>();
        serviceTaskDefinitions().forEach(td -> taskRoles.add(taskRole(td).roleName()));
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String arn : policyArns) {
            IamReader.Entities e = iam.entitiesForPolicy(arn);
            seen.add("ListEntitiesForPolicy " + arn + ": roles " + e.roles() + ", users " + e.users() + ", groups "
                    + e.groups());
            problems.addAll(StackPrincipals.attachmentProblems(arn, e.roles(), e.users(), e.groups(), taskRoles));
        }
        ctx.evidence()
                .record(
                        "entities for policy",
                        String.join("\n", from) + "\nthe task roles (from every service's task definition): "
                                + taskRoles + "\n" + String.join("\n", seen) + "\nproblems: "
                                + (problems.isEmpty() ? "none" : problems));
        assertThat(problems)
                .as("attachments of the ENI management policies (only task roles %s expected)", taskRoles)
                .isEmpty();
    }

    // --- IAM-03 ---------------------------------------------------------------------------

    @When("the account's IAM users are listed")
    public void theUsersAreListed() {
        users = iam.users();
    }

    @Then("no user of the stack has an attached or inline policy")
    public void noUserOfTheStackHasAPolicy() {
        String runId = ctx.stack().config().runId();
        StackIdentities ids = stack.identities();
        Set<String> stackUsers = new LinkedHashSet<>(ids.users());
        List<String> tagged = new ArrayList<>();
        for (User user : users) {
            if (!stackUsers.contains(user.userName())
                    && StackPrincipals.isStackUser(user.userName(), iam.userTags(user.userName()), runId)) {
                tagged.add(user.userName());
            }
        }
        stackUsers.addAll(tagged);
        List<String> problems = new ArrayList<>();
        for (String user : stackUsers) {
            if (iam.user(user).isEmpty()) {
                problems.add("user " + user + " (named by the stack) does not exist in this account");
                continue;
            }
            iam.attachedUserPolicyArns(user).forEach(p -> problems.add("user " + user + " has attached policy " + p));
            iam.userPolicyNames(user).forEach(p -> problems.add("user " + user + " has inline policy " + p));
            for (String g : iam.groupsOfUser(user)) {
                List<String> groupPolicies = new ArrayList<>(iam.attachedGroupPolicyArns(g));
                iam.groupPolicyNames(g).forEach(p -> groupPolicies.add("inline " + p));
                if (!groupPolicies.isEmpty()) {
                    problems.add("user " + user + " gets policies " + groupPolicies + " through group " + g);
                }
            }
        }
        ctx.evidence()
                .record(
                        "IAM users",
                        "users of the stack from its state (aws_iam_user, and every user it attaches a policy "
                                + "or group to): " + ids.users() + "; also carrying tag " + StackPrincipals.RUN_TAG
                                + "=" + runId + " or the name prefix: "
                                + tagged + " (of " + users.size() + " user(s) in the account); problems: "
                                + (problems.isEmpty() ? "none" : problems)
                                + (stackUsers.isEmpty()
                                        ? "\nthe stack (" + ctx.inventory().summary()
                                                + ") creates no user and attaches nothing to one"
                                        : ""));
        assertThat(problems).as("policies carried by IAM users of the stack").isEmpty();
    }

    @Then("on a sandbox account no user at all has AdministratorAccess attached directly")
    public void noUserHasAdministratorAccess() {
        if (!ctx.target().name().equals("aws")) {
            String reason = "skipped on target " + target()
                    + ": the account-wide check needs a sandbox account; an emulator's users "
                    + "are the run's own, and those of the stack are checked by the scenario without this step";
            ctx.evidence().record("AdministratorAccess", reason);
            throw new TestAbortedException(reason);
        }
        List<String> admins = new ArrayList<>();
        for (User user : users) {
            iam.attachedUserPolicyArns(user.userName()).stream()
                    .filter(p -> p.endsWith(":policy/" + ADMINISTRATOR_ACCESS))
                    .forEach(p -> admins.add(user.userName()));
        }
        ctx.evidence()
                .record(
                        "AdministratorAccess",
                        "users with AdministratorAccess attached directly, of " + users.size() + ": "
                                + (admins.isEmpty() ? "none" : admins));
        assertThat(admins)
                .as("users of the account with AdministratorAccess attached directly")
                .isEmpty();
    }

    // --- behaviour: IAM's policy simulator (IAM-04, SEC-05) --------------------------------

    @Then(
            "^the policy simulator (allows|denies) the (backup|execution|task) role (.+) on (the database|the password parameter|another parameter)$")
    public void thePolicySimulator(String verdict, String role, String actionList, String resource) {
        Role principal = switch (role) {
            case "backup" ->
                stack.roleRunUnder(
                        "the function " + functions.all().get(0).function().functionName(),
                        functions.all().get(0).function().role());
            case "execution" ->
                stack.roleRunUnder(
                        "the task's execution (task definition "
                                + ecs.serviceTaskDefinition().taskDefinitionArn() + ")",
                        ecs.serviceTaskDefinition().executionRoleArn());
            default -> taskRole(ecs.serviceTaskDefinition());
        };
        String resourceArn = switch (resource) {
            case "the database" -> databaseArn();
            case "the password parameter" -> ecs.passwordParameterArn();
            default -> ecs.passwordParameterArn() + "-not-the-password";
        };
        List<String> actions = List.copyOf(actions(actionList));
        Map<String, String> decisions = iam.simulate(principal.arn(), actions, resourceArn);
        ctx.evidence()
                .record(
                        "policy simulator",
                        "SimulatePrincipalPolicy " + principal.roleName() + " on " + resourceArn + ": " + decisions);
        for (String action : actions) {
            String decision = decisions.getOrDefault(action, "no answer");
            if (verdict.equals("allows")) {
                assertThat(decision)
                        .as("simulated decision for %s %s on %s", principal.roleName(), action, resourceArn)
                        .isEqualTo("allowed");
            } else {
                assertThat(decision)
                        .as("simulated decision for %s %s on %s", principal.roleName(), action, resourceArn)
                        .isIn("implicitDeny", "explicitDeny");
            }
        }
    }

    // --- IAM-05 ---------------------------------------------------------------------------

    @When("the customer-managed and inline policies of the stack are read from IAM")
    public void theStackPoliciesAreRead() {
        Map<String, PrincipalPolicies> principals = stack.principals(Set.of());
        Map<String, PolicyDocument> docs = new LinkedHashMap<>();
        unreadablePolicies = new ArrayList<>();
        principals.values().forEach(p -> {
            p.documents().forEach(d -> docs.putIfAbsent(d.name(), d));
            unreadablePolicies.addAll(p.unreadable());
        });
        StackIdentities ids = stack.identities();
        Set<String> arns = new LinkedHashSet<>(ids.customerPolicyArns());
        arns.addAll(ids.attachedPolicyArns());
        for (String arn : arns) {
            Optional<PolicyDocument> doc = iam.managedPolicyIfExists(arn).or(() -> AwsManagedPolicies.known(arn));
            doc.ifPresentOrElse(
                    d -> docs.putIfAbsent(d.name(), d),
                    () -> unreadablePolicies.add(arn + " (of the stack's state): "
                            + (AwsManagedPolicies.isAwsManaged(arn)
                                    ? "an AWS-managed policy not readable on this target and not in the table of known ones"
                                    : "does not exist in this account")));
        }
        stackPolicies = List.copyOf(docs.values());
        ctx.evidence()
                .record(
                        "policies of the stack",
                        "principals of the stack (roles, users, groups it creates or attaches "
                                + "policies to, roles its tasks and functions run under): " + principals.keySet()
                                + "; customer-managed policies of the "
                                + "stack and policies it attaches: " + arns + "; " + stackPolicies.size()
                                + " documents:\n"
                                + String.join("\n", IamReader.describe(stackPolicies))
                                + (unreadablePolicies.isEmpty() ? "" : "\nunreadable: " + unreadablePolicies));
        assertThat(stackPolicies)
                .as("policies of the stack (the check must have something to look at)")
                .isNotEmpty();
    }

    @Then("none of them allows every action")
    public void noneAllowsEveryAction() {
        List<String> grants = new ArrayList<>(PolicyAnalysis.wildcardGrants(stackPolicies));
        unreadablePolicies.forEach(u -> grants.add("cannot tell what policy " + u + " grants"));
        ctx.evidence().record("wildcard grants", grants.isEmpty() ? "none" : String.join("\n", grants));
        assertThat(grants)
                .as("policy statements of the stack that allow every action (Action * or NotAction)")
                .isEmpty();
    }

    /** The ARN of the database the (first) snapshot function snapshots, else of the stack's first database. */
    private String databaseArn() {
        List<Database> of = functions.all().get(0).databases();
        return (of.isEmpty() ? dbs.all() : of).get(0).arn();
    }

    private String target() {
        return ctx.target().name();
    }

    /** "a, b and c" (also "a, b, c") as a set of actions. */
    static Set<String> actions(String list) {
        return Arrays.stream(list.split(",|\\band\\b"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
