package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.IamReader;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.SsmReader;
import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.ScopedAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

/** SEC-05: who may read the database password: the ECS execution role, and nobody else of the stack. */
public final class PasswordReadersSteps {

    private final StackContext ctx;
    private final EcsView ecs;
    private final StackPassword stackPassword;
    private final StackIam stackIam;
    private String executionRole;
    private String taskRole;
    private List<PolicyDocument> executionPolicies;
    private List<String> executionUnreadable;
    private Map<String, IamReader.PrincipalPolicies> otherPrincipals;

    public PasswordReadersSteps(StackContext ctx, EcsView ecs, StackPassword stackPassword) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.stackPassword = stackPassword;
        this.stackIam = new StackIam(ctx, ecs);
    }

    @When("the policies of the ECS execution and task roles are read from IAM")
    public void theRolePoliciesAreRead() {
        var td = ecs.serviceTaskDefinition();
        executionRole = stackIam.roleRunUnder(
                        "the task's execution (task definition " + td.taskDefinitionArn() + ")", td.executionRoleArn())
                .roleName();
        taskRole = td.taskRoleArn() == null || td.taskRoleArn().isBlank()
                ? null
                : stackIam.roleRunUnder("the task (task definition " + td.taskDefinitionArn() + ")", td.taskRoleArn())
                        .roleName();
        IamReader.PrincipalPolicies execution = stackIam.reader().policiesOf("role", executionRole);
        executionPolicies = execution.documents();
        executionUnreadable = execution.unreadable();
        otherPrincipals = stackIam.principals(Set.of(executionRole));
        ctx.evidence()
                .record(
                        "execution role policies",
                        "role " + executionRole + " (the task definition's executionRoleArn)\n"
                                + String.join("\n", IamReader.describe(executionPolicies)));
        ctx.evidence().record("other principals of the stack", StackIam.describe(otherPrincipals));
    }

    @Then("the execution role may read the password parameter and decrypt it with its key, and nothing wider")
    public void theExecutionRoleMayReadOnlyTheParameter() {
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String arn : readByExecutionRole()) {
            Set<String> keys = parameterKeyArns(arn);
            checked.add(arn + " (key " + keys + ")");
            problems.addAll(ScopedAccess.parameterReadProblems(executionRole, executionPolicies, Map.of(), arn, keys));
        }
        executionUnreadable.forEach(u -> problems.add("cannot tell what policy " + u + " grants"));
        ctx.evidence()
                .record(
                        "execution role access",
                        "the password's parameters the containers read: " + checked + "; problems: "
                                + (problems.isEmpty() ? "none" : String.join("; ", problems)));
        assertThat(problems)
                .as(
                        "access of %s to the password (only ssm:GetParameters on %s, kms:Decrypt on its key)",
                        executionRole, checked)
                .isEmpty();
    }

    /**
     * The parameters the execution role must read: those the containers take the password from; where
     * no container takes it from Parameter Store (SEC-04's finding), the databases' own.
     */
    private List<String> readByExecutionRole() {
        SsmReader ssm = new SsmReader(ctx.aws());
        Set<String> names = new LinkedHashSet<>();
        stackPassword.containerSecrets().stream()
                .filter(StackPassword.ContainerSecret::delivers)
                .forEach(x -> names.add(x.parameter()));
        if (names.isEmpty()) {
            names.addAll(stackPassword.databaseParameters().keySet());
        }
        List<String> arns =
                names.stream().map(ssm::arn).flatMap(Optional::stream).toList();
        assertThat(arns)
                .as(
                        "parameters of the stack that hold the database password (%s)",
                        stackPassword.problems().isEmpty()
                                ? "the databases' and the containers'"
                                : String.join("; ", stackPassword.problems()))
                .isNotEmpty();
        return arns;
    }

    @Then("no other principal of the stack may read the password parameter")
    public void noOtherPrincipalMayRead() {
        Set<String> arns = stackPassword.parameterArns();
        assertThat(arns)
                .as("parameters of the stack that hold the database password (%s)", stackPassword.problems())
                .isNotEmpty();
        Map<String, List<PolicyDocument>> others = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        otherPrincipals.forEach((who, p) -> {
            others.put(who, p.documents());
            p.unreadable().forEach(u -> problems.add("cannot tell whether " + who + " may read it: policy " + u));
        });
        for (String arn : arns) {
            problems.addAll(ScopedAccess.parameterReaders(others, arn));
            if (taskRole != null && otherPrincipals.containsKey("role " + taskRole)) {
                List<PolicyDocument> task =
                        otherPrincipals.get("role " + taskRole).documents();
                for (String key : parameterKeyArns(arn)) {
                    if (PolicyAnalysis.allows(task, "kms:Decrypt", key)) {
                        problems.add("role " + taskRole + " (the task role) may kms:Decrypt with " + key);
                    }
                }
            }
        }
        ctx.evidence()
                .record(
                        "other readers",
                        "checked " + otherPrincipals.keySet() + " for " + ScopedAccess.PARAMETER_READ_ACTIONS + " on "
                                + arns + " (or a path above them); problems: "
                                + (problems.isEmpty() ? "none" : String.join("; ", problems)));
        assertThat(problems)
                .as("principals of the stack other than the execution role %s that may read %s", executionRole, arns)
                .isEmpty();
    }

    /** The ARN of the key that encrypts the password parameter, resolved with kms.describeKey (moto echoes an alias). */
    private Set<String> parameterKeyArns(String parameterArn) {
        SsmReader ssm = new SsmReader(ctx.aws());
        List<String> names = ContainerSecrets.ssmParameterNames(parameterArn);
        String name = names.stream()
                .filter(n -> ssm.metadata(n).isPresent())
                .findFirst()
                .orElse(names.isEmpty() ? parameterArn : names.get(0));
        List<ParameterMetadata> found = ssm.metadata(name).stream().toList();
        assertThat(found).as("SSM parameter %s", name).hasSize(1);
        String keyId =
                found.get(0).keyId() == null ? "alias/aws/ssm" : found.get(0).keyId();
        return Set.of(new KmsReader(ctx.aws())
                .key(keyId)
                .orElseThrow(() -> new AssertionError(
                        "expected KMS key " + keyId + " of SSM parameter " + name + ", found none in KMS"))
                .arn());
    }
}
