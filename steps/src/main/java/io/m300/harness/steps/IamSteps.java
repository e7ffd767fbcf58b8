package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.IamReader.PrincipalPolicies;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.aws.LogsReader;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.iam.AwsManagedPolicies;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.PrivilegeVerdict;
import io.m300.harness.support.iam.RoleRef;
import io.m300.harness.support.iam.RoleUses;
import io.m300.harness.support.iam.ScopedAccess;
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
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

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
    private FunctionConfiguration backupFunction;
    private String backupRole;
    private PrincipalPolicies backupPolicies;
    private List<User> users;
    private List<PolicyDocument> stackPolicies;
    private List<String> unreadablePolicies;

    public IamSteps(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.stack = new StackIam(ctx, ecs);
        this.iam = stack.reader();
    }

    // --- IAM-01 ---------------------------------------------------------------------------

    @When("the ECS service's task definition is read")
    public void theTaskDefinitionIsRead() {
        ecs.serviceTaskDefinition();
    }

    /** The role the service's tasks run under, from the task definition ECS reports (a missing role is a finding). */
    private Role taskRole() {
        TaskDefinition td = ecs.serviceTaskDefinition();
        return stack.roleRunUnder("the task (task definition " + td.taskDefinitionArn() + ")", td.taskRoleArn());
    }

    /**
     * The task role is the stack's own (an aws_iam_role of its state) and dedicated to the task: no
     * other resource of the stack runs as it or names it as its role (the execution role, a function,
     * an instance profile, another task definition). Found from the task definition ECS reports and
     * the state, whatever the role is called.
     */
    @Then("its task role is the stack's ECS task role")
    public void itsTaskRoleIsTheStacksTaskRole() {
        TaskDefinition td = ecs.serviceTaskDefinition();
        Role role = taskRole();
        StackInventory state = ctx.inventory();
        Optional<StackInventory.Resource> own = RoleUses.managedRole(state, role.arn(), role.roleName());
        Set<String> thisTaskDefinition = state.managed("aws_ecs_task_definition").stream()
                .filter(r -> td.taskDefinitionArn().equals(r.arn().orElse(null))).map(StackInventory.Resource::address)
                .collect(Collectors.toSet());
        List<RoleUses.Use> otherUses = RoleUses.of(state, role.arn(), role.roleName()).stream()
                .filter(u -> !(thisTaskDefinition.contains(u.address()) && u.attribute().equals("task_role_arn"))).toList();
        ctx.evidence().record("task role", "taskRoleArn " + td.taskRoleArn() + " (role " + role.arn() + ")"
                + "\ncreated by this stack: " + own.map(StackInventory.Resource::address).orElse("no (no aws_iam_role of the state is this role)")
                + "\nthe service's task definition in the state: " + (thisTaskDefinition.isEmpty() ? "not found" : thisTaskDefinition)
                + "\nother uses of the role in the state: " + (otherUses.isEmpty() ? "none" : otherUses));
        assertThat(own).as("the task role %s is one this stack creates (an aws_iam_role of its state; %s)", role.arn(), state.summary())
                .isPresent();
        assertThat(thisTaskDefinition).as("the service's task definition %s among the stack's aws_ecs_task_definition resources",
                td.taskDefinitionArn()).isNotEmpty();
        assertThat(otherUses).as("other resources of the stack that run as, or name, the task role %s (it is not dedicated to the task)",
                role.roleName()).isEmpty();
    }

    @Then("that role's trust policy lets only {word} assume it")
    public void thatRolesTrustPolicyLetsOnly(String service) {
        Role role = taskRole();
        PolicyDocument trust = PolicyDocument.parse("trust policy of " + role.roleName(), role.assumeRolePolicyDocument());
        List<String> problems = PolicyAnalysis.trustProblems(trust, service);
        ctx.evidence().record("trust policy", "role " + role.arn() + " (the task definition's taskRoleArn)\n"
                + String.join("\n", IamReader.describe(List.of(trust))) + "\nproblems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("trust policy of role %s (expected: only %s, sts:AssumeRole, one statement)", role.roleName(), service)
                .isEmpty();
    }

    // --- IAM-02 ---------------------------------------------------------------------------

    @Then("the ENI management policy is attached to the ECS task role and to no other role, user or group")
    public void theEniPolicyIsAttachedOnlyToTheTaskRole() {
        List<String> policyArns;
        String from;
        if (ctx.outputs().has("eni_policy_arn")) {
            policyArns = List.of(ctx.outputs().string("eni_policy_arn"));
            from = "output eni_policy_arn";
        } else {
            Map<String, PolicyDocument> customer = new LinkedHashMap<>();
            for (String arn : stack.identities().customerPolicyArns()) {
                iam.managedPolicyIfExists(arn).ifPresent(d -> customer.put(arn, d));
            }
            policyArns = StackPrincipals.eniPolicies(customer);
            from = "the stack's customer-managed policies that allow ec2:*NetworkInterface* (" + customer.size() + " read)";
        }
        assertThat(policyArns).as("ENI management policies of the stack (from %s): nothing to check", from).isNotEmpty();
        String role = taskRole().roleName();
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String arn : policyArns) {
            if (iam.managedPolicyIfExists(arn).isEmpty()) {
                throw new AssertionError("the ENI management policy " + arn + " (" + from + ") does not exist in this account");
            }
            IamReader.Entities e = iam.entitiesForPolicy(arn);
            seen.add("ListEntitiesForPolicy " + arn + ": roles " + e.roles() + ", users " + e.users() + ", groups " + e.groups());
            problems.addAll(StackPrincipals.attachmentProblems(arn, e.roles(), e.users(), e.groups(), role));
        }
        ctx.evidence().record("entities for policy", "policies from " + from + "; the task role (from the task definition) is "
                + role + "\n" + String.join("\n", seen) + "\nproblems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("attachments of the ENI management policy (only role %s expected)", role).isEmpty();
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
            if (!stackUsers.contains(user.userName()) && StackPrincipals.isStackUser(user.userName(), iam.userTags(user.userName()), runId)) {
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
        ctx.evidence().record("IAM users", "users of the stack from its state (aws_iam_user, and every user it attaches a policy "
                + "or group to): " + ids.users() + "; also carrying tag " + StackPrincipals.RUN_TAG + "=" + runId + " or the name prefix: "
                + tagged + " (of " + users.size() + " user(s) in the account); problems: " + (problems.isEmpty() ? "none" : problems)
                + (stackUsers.isEmpty() ? "\nthe stack (" + ctx.inventory().summary() + ") creates no user and attaches nothing to one" : ""));
        assertThat(problems).as("policies carried by IAM users of the stack").isEmpty();
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
            iam.attachedUserPolicyArns(user.userName()).stream()
                    .filter(p -> p.endsWith(":policy/" + ADMINISTRATOR_ACCESS))
                    .forEach(p -> admins.add(user.userName()));
        }
        ctx.evidence().record("AdministratorAccess", "users with AdministratorAccess attached directly, of " + users.size()
                + ": " + (admins.isEmpty() ? "none" : admins));
        assertThat(admins).as("users of the account with AdministratorAccess attached directly").isEmpty();
    }

    // --- IAM-04 ---------------------------------------------------------------------------

    /** The snapshot function as Lambda reports it: output backup_function_name as entry point, else the stack's one function. */
    private FunctionConfiguration backupFunction() {
        if (backupFunction == null) {
            String name;
            if (ctx.outputs().has("backup_function_name")) {
                name = ctx.outputs().string("backup_function_name");
            } else {
                List<StackInventory.Resource> fns = ctx.inventory().managed("aws_lambda_function");
                assertThat(fns).as("Lambda functions of the stack (no output backup_function_name)").hasSize(1);
                name = fns.get(0).attr("function_name").orElse(fns.get(0).id());
            }
            backupFunction = new LambdaReader(ctx.aws()).function(name)
                    .orElseThrow(() -> new AssertionError("the snapshot function " + name + " does not exist in Lambda"));
        }
        return backupFunction;
    }

    @When("the policies of the backup function's role are read from IAM")
    public void theBackupPoliciesAreRead() {
        FunctionConfiguration fn = backupFunction();
        backupRole = stack.roleRunUnder("the function " + fn.functionName(), fn.role()).roleName();
        backupPolicies = iam.policiesOf("role", backupRole);
        ctx.evidence().record("policies of " + backupRole, "the role function " + fn.functionName() + " runs under (Lambda GetFunction: "
                + fn.role() + ")\n" + String.join("\n", IamReader.describe(backupPolicies.documents()))
                + (backupPolicies.unreadable().isEmpty() ? "" : "\nunreadable: " + backupPolicies.unreadable()));
        assertThat(backupPolicies.documents()).as("policies of role %s", backupRole).isNotEmpty();
    }

    @Then("^they grant exactly (.+?)(?: \\(and (.+) if it tags its snapshots\\))?, without wildcards$")
    public void theyGrantExactly(String actionList, String optionalList) {
        Set<String> required = actions(actionList);
        Set<String> optional = optionalList == null ? Set.of() : actions(optionalList);
        PrivilegeVerdict verdict = PrivilegeVerdict.exactlyAll(backupPolicies.documents(), required, optional);
        List<String> problems = new ArrayList<>(verdict.problems());
        backupPolicies.unreadable().forEach(u -> problems.add("policy " + u));
        ctx.evidence().record("least privilege", "every action the role's " + backupPolicies.documents().size()
                + " policy document(s) allow: " + verdict.granted() + "; required: " + required + "; may also allow: " + optional + "; problems: "
                + (problems.isEmpty() ? "none" : String.join("; ", problems)));
        assertThat(problems).as("actions role %s allows beyond exactly %s", backupRole, required).isEmpty();
    }

    @Then("the database actions are limited to the stack's database and its snapshots")
    public void theDatabaseActionsAreLimited() {
        String dbArn = databaseArn();
        String snapshots = dbArn.replace(":db:", ":snapshot:") + "-*";
        List<String> allowed = List.of(dbArn, snapshots);
        List<String> problems = new ArrayList<>();
        for (String action : List.of("rds:CreateDBSnapshot", "rds:DescribeDBInstances", "rds:AddTagsToResource")) {
            problems.addAll(ScopedAccess.beyond(backupPolicies.documents(), action, allowed));
        }
        ctx.evidence().record("database scope", "allowed resources " + allowed + "; beyond: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("database actions of the backup role beyond %s", allowed).isEmpty();
    }

    @Then("the log actions are limited to the function's own log group")
    public void theLogActionsAreLimited() {
        FunctionConfiguration fn = backupFunction();
        String group = fn.loggingConfig() != null && fn.loggingConfig().logGroup() != null && !fn.loggingConfig().logGroup().isBlank()
                ? fn.loggingConfig().logGroup() : "/aws/lambda/" + fn.functionName();
        var groups = new LogsReader(ctx.aws()).logGroup(group).stream().toList();
        assertThat(groups).as("log group %s of function %s", group, fn.functionName()).hasSize(1);
        String arn = groups.get(0).arn();
        String base = arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
        List<String> allowed = List.of(base, base + ":*", base + ":log-stream:*");
        List<String> problems = new ArrayList<>();
        for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
            problems.addAll(ScopedAccess.beyond(backupPolicies.documents(), action, allowed));
        }
        ctx.evidence().record("log scope", "log group of " + fn.functionName() + ": " + group + "; allowed resources " + allowed
                + "; beyond: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("log actions of the backup role beyond its own log group").isEmpty();
    }

    // --- behaviour: IAM's policy simulator (IAM-04, SEC-05) --------------------------------

    @Then("^the policy simulator (allows|denies) the (backup|execution|task) role (.+) on (the database|the password parameter|another parameter)$")
    public void thePolicySimulator(String verdict, String role, String actionList, String resource) {
        Role principal = switch (role) {
            case "backup" -> stack.roleRunUnder("the function " + backupFunction().functionName(), backupFunction().role());
            case "execution" -> stack.roleRunUnder("the task's execution (task definition "
                    + ecs.serviceTaskDefinition().taskDefinitionArn() + ")", ecs.serviceTaskDefinition().executionRoleArn());
            default -> taskRole();
        };
        String resourceArn = switch (resource) {
            case "the database" -> databaseArn();
            case "the password parameter" -> ecs.passwordParameterArn();
            default -> ecs.passwordParameterArn() + "-not-the-password";
        };
        List<String> actions = List.copyOf(actions(actionList));
        Map<String, String> decisions = iam.simulate(principal.arn(), actions, resourceArn);
        ctx.evidence().record("policy simulator", "SimulatePrincipalPolicy " + principal.roleName() + " on " + resourceArn + ": " + decisions);
        for (String action : actions) {
            String decision = decisions.getOrDefault(action, "no answer");
            if (verdict.equals("allows")) {
                assertThat(decision).as("simulated decision for %s %s on %s", principal.roleName(), action, resourceArn).isEqualTo("allowed");
            } else {
                assertThat(decision).as("simulated decision for %s %s on %s", principal.roleName(), action, resourceArn)
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
            doc.ifPresentOrElse(d -> docs.putIfAbsent(d.name(), d), () -> unreadablePolicies.add(arn + " (of the stack's state): "
                    + (AwsManagedPolicies.isAwsManaged(arn) ? "an AWS-managed policy not readable on this target and not in the table of known ones"
                            : "does not exist in this account")));
        }
        stackPolicies = List.copyOf(docs.values());
        ctx.evidence().record("policies of the stack", "principals of the stack (roles, users, groups it creates or attaches "
                + "policies to, roles its tasks and functions run under): " + principals.keySet() + "; customer-managed policies of the "
                + "stack and policies it attaches: " + arns + "; " + stackPolicies.size() + " documents:\n"
                + String.join("\n", IamReader.describe(stackPolicies))
                + (unreadablePolicies.isEmpty() ? "" : "\nunreadable: " + unreadablePolicies));
        assertThat(stackPolicies).as("policies of the stack (the check must have something to look at)").isNotEmpty();
    }

    @Then("none of them allows every action")
    public void noneAllowsEveryAction() {
        List<String> grants = new ArrayList<>(PolicyAnalysis.wildcardGrants(stackPolicies));
        unreadablePolicies.forEach(u -> grants.add("cannot tell what policy " + u + " grants"));
        ctx.evidence().record("wildcard grants", grants.isEmpty() ? "none" : String.join("\n", grants));
        assertThat(grants).as("policy statements of the stack that allow every action (Action * or NotAction)").isEmpty();
    }

    private String databaseArn() {
        String id;
        if (ctx.outputs().has("db_instance_identifier")) {
            id = ctx.outputs().string("db_instance_identifier");
        } else {
            List<StackInventory.Resource> dbs = ctx.inventory().managed("aws_db_instance");
            assertThat(dbs).as("database instances of the stack (no output db_instance_identifier)").hasSize(1);
            id = dbs.get(0).attr("identifier").orElse(dbs.get(0).id());
        }
        var found = new RdsReader(ctx.aws()).instance(id).stream().toList();
        assertThat(found).as("database instance %s", id).hasSize(1);
        return found.get(0).dbInstanceArn();
    }

    /** "a, b and c" (also "a, b, c") as a set of actions. */
    static Set<String> actions(String list) {
        return Arrays.stream(list.split(",|\\band\\b")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
