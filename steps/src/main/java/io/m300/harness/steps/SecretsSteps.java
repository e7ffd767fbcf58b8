package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.ScopedAccess;
import io.m300.harness.support.secrets.LeakCheck;
import io.m300.harness.support.secrets.LocalStateCopies;
import io.m300.harness.support.secrets.SecretScanner;
import io.m300.harness.support.secrets.StateLocations;
import io.m300.harness.support.secrets.TerraformSecretLiterals;
import io.m300.harness.support.stack.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/** Secrets: where the database password is, who may read it, how it reaches the containers, and where it must never be. */
public final class SecretsSteps {

    /** Folders of the infra directory that are not the stack's code. */
    private static final Set<String> SKIPPED_DIRS = Set.of(".terraform", "build", "mutants", "__pycache__", ".git");

    private final StackContext ctx;
    private final EcsView ecs;
    private final IamReader iam;
    private JsonNode state;
    private Secret password;
    private Map<Path, String> terraformFiles;
    private List<PolicyDocument> executionPolicies;
    private List<PolicyDocument> taskPolicies;

    public SecretsSteps(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.iam = new IamReader(ctx.aws().iam());
    }

    @Given("the Terraform state as stored in its backend")
    public void theStateAsStored() throws Exception {
        var stack = ctx.stack();
        password = stack.databasePassword();
        ctx.evidence().protect(password.reveal());
        // terraform state pull reads the state from wherever the stack's backend keeps it: S3, another
        // remote backend, or the local terraform.tfstate of a stack without a backend block
        String raw = stack.stateDocument();
        var backend = ctx.backend();
        // backups of a local state (terraform.tfstate.backup) hold what the state held: not kept. Only in
        // the working directory: the shared plan may be writing its plan file next to it right now.
        List<Path> removed = LocalStateCopies.remove(stack.workspace().infra(), false);
        state = new ObjectMapper().readTree(raw);
        ctx.evidence().record("state", "read with terraform state pull from " + backend.describe()
                + " (" + raw.length() + " bytes, serial " + state.path("serial").asText() + ", "
                + state.path("resources").size() + " resources; held in memory only"
                + (removed.isEmpty() ? "" : "; deleted local state copies " + removed.stream().map(p -> p.getFileName().toString()).toList())
                + "); the password was read from SSM parameter " + stack.prerequisites().passwordParameterName()
                + " with decryption, to look for it");
    }

    @Then("the database password's value appears nowhere in it")
    public void thePasswordValueAppearsNowhere() {
        List<SecretScanner.Finding> found = SecretScanner.scan(state, "state", password.reveal()).stream()
                .filter(f -> f.kind().contains("value")).toList();
        report("password value in state", state, found);
    }

    @Then("no resource in it holds a non-empty password attribute")
    public void noResourceHoldsAPasswordAttribute() {
        List<SecretScanner.Finding> found = SecretScanner.scan(state, "state", null);
        report("password attributes in state", state, found);
    }

    @Then("the same holds for a saved plan of the stack")
    public void theSameHoldsForTheSavedPlan() {
        JsonNode plan = StackContext.savedPlan(ctx.stack());
        // The live password anywhere in the plan; password attributes of resources and outputs. The
        // plan's input variables and configuration are the code's (a literal there is SEC-01's finding).
        List<SecretScanner.Finding> found = SecretScanner.scan(plan, "plan", password.reveal()).stream()
                .filter(f -> f.kind().equals(SecretScanner.VALUE)
                        || !(f.jsonPath().startsWith("$.variables") || f.jsonPath().startsWith("$.configuration")))
                .toList();
        report("password in the saved plan", plan, found);
    }

    private void report(String label, JsonNode document, List<SecretScanner.Finding> found) {
        List<String> where = found.stream()
                .map(f -> StateLocations.describe(document, f.jsonPath()) + ": " + f.kind()).toList();
        ctx.evidence().record(label, where.isEmpty() ? "none found" : String.join("\n", where));
        assertThat(where).as("%s (where it was found; never the value)", label).isEmpty();
    }


    // --- SEC-01: files ----------------------------------------------------------------------

    @When("the Terraform files of the deployed infra directory are read")
    public void theTerraformFilesAreRead() {
        // The run's copy of the infra directory: exactly the files Terraform applied (the project's
        // infra/ plus the target's override), so a variables file added to what was deployed is seen.
        Path infra = ctx.stack().workspace().infra();
        terraformFiles = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(infra)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> infra.relativize(p).toString().split("[/\\\\]").length == 1
                            || Stream.of(infra.relativize(p).toString().split("[/\\\\]")).noneMatch(SKIPPED_DIRS::contains))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".tf") || n.endsWith(".tfvars") || n.endsWith(".tfvars.json") || n.endsWith(".tf.json");
                    })
                    .sorted()
                    .forEach(p -> terraformFiles.put(infra.relativize(p), read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read infra directory " + infra, e);
        }
        ctx.evidence().record("Terraform files", "read " + terraformFiles.size() + " file(s) of " + infra
                + " (without " + SKIPPED_DIRS + "): " + terraformFiles.keySet());
        assertThat(terraformFiles).as("Terraform files in %s", infra).isNotEmpty();
    }

    @Then("none assigns a literal to a password, secret, token or key variable or argument")
    public void noneAssignsASecretLiteral() {
        List<String> found = new ArrayList<>();
        terraformFiles.forEach((file, text) -> TerraformSecretLiterals.scan(text, file.toString())
                .forEach(f -> found.add(f.toString())));
        ctx.evidence().record("secret literals", found.isEmpty() ? "none" : String.join("\n", found));
        assertThat(found).as("literals assigned to secret-like names in the infra directory (locations, never values)").isEmpty();
    }

    @Then("none holds the live database password")
    public void noneHoldsThePassword() {
        Secret password = ctx.stack().databasePassword();
        ctx.evidence().protect(password.reveal());
        // every file of what was deployed, not only Terraform files (zips opened, encoded forms too);
        // state files are SEC-03's, and Terraform's own working data is not the stack's code
        Path infra = ctx.stack().workspace().infra();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(infra)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(infra.relativize(p).toString().split("[/\\\\]"))
                            .noneMatch(part -> part.equals(".terraform") || part.equals("mutants") || part.equals(".git")))
                    .filter(p -> !p.getFileName().toString().contains(".tfstate") && !p.getFileName().toString().equals("errored.tfstate"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read infra directory " + infra, e);
        }
        List<String> found = new LeakCheck(password.reveal()).scan(files).stream()
                .map(f -> f.startsWith(infra.toString()) ? f.substring(infra.toString().length() + 1) : f).toList();
        ctx.evidence().record("live password in files", "searched " + files.size() + " file(s) of " + infra
                + " (as is, JSON-escaped, base64, URL-encoded, inside zips) for the value of "
                + ctx.stack().prerequisites().passwordParameterName() + ": " + (found.isEmpty() ? "not found" : found));
        assertThat(found).as("files of the infra directory that hold the live database password").isEmpty();
    }

    // --- SEC-02 -----------------------------------------------------------------------------

    @Then("the parameter named by the stack is a SecureString encrypted with an enabled KMS key")
    public void theParameterIsASecureString() {
        String name = ctx.outputs().string("db_password_parameter_name");
        List<ParameterMetadata> found = ctx.aws().ssm().describeParameters(r -> r.parameterFilters(
                ParameterStringFilter.builder().key("Name").option("Equals").values(name).build())).parameters();
        assertThat(found).as("SSM parameter %s (output db_password_parameter_name)", name).hasSize(1);
        ParameterMetadata p = found.get(0);
        String key = p.keyId();
        String keyText = "none";
        KeyMetadata meta = null;
        if (key != null && !key.isBlank()) {
            meta = ctx.aws().kms().describeKey(r -> r.keyId(key)).keyMetadata();
            keyText = key + " -> " + meta.arn() + " (KeyManager=" + meta.keyManagerAsString() + ", state " + meta.keyStateAsString() + ")";
        }
        ctx.evidence().record("password parameter", name + ": Type=" + p.typeAsString() + ", KeyId " + keyText
                + " (read without decryption)");
        assertThat(p.typeAsString()).as("type of parameter %s", name).isEqualTo("SecureString");
        assertThat(meta).as("KMS key of parameter %s", name).isNotNull();
        assertThat(meta.keyStateAsString()).as("state of key %s of parameter %s", meta.arn(), name).isEqualTo("Enabled");
    }

    // --- SEC-04 -----------------------------------------------------------------------------

    @Then("each container takes the password from the password parameter as a secret")
    public void eachContainerTakesThePasswordAsASecret() {
        check(true);
    }

    @Then("no container has a password-like environment entry or the password's value in its environment")
    public void noContainerHasThePasswordInItsEnvironment() {
        check(false);
    }

    private void check(boolean secretsPart) {
        String arn = ctx.outputs().string("db_password_parameter_arn");
        String name = ctx.outputs().string("db_password_parameter_name");
        Secret password = secretsPart ? null : ctx.stack().databasePassword();
        if (password != null) {
            ctx.evidence().protect(password.reveal());
        }
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ContainerDefinition c : ecs.serviceTaskDefinition().containerDefinitions()) {
            Map<String, String> env = new LinkedHashMap<>();
            c.environment().forEach(kv -> env.put(kv.name(), kv.value()));
            Map<String, String> secrets = new LinkedHashMap<>();
            c.secrets().forEach(s -> secrets.put(s.name(), s.valueFrom()));
            seen.add(c.name() + ": environment names " + env.keySet() + ", secrets " + secrets
                    + secrets.values().stream().map(v -> v.startsWith("arn:") ? " (valueFrom is an ARN)" : " (valueFrom is a name)").toList());
            List<String> all = ContainerSecrets.problems(c.name(), env, secrets, arn, name, password == null ? null : password.reveal());
            all.stream().filter(p -> secretsPart == p.contains("no secret takes its value")).forEach(problems::add);
        }
        ctx.evidence().record(secretsPart ? "container secrets" : "container environment", String.join("\n", seen)
                + "\nexpected parameter " + arn + "\nproblems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as(secretsPart ? "containers that do not take the password from %s" : "password in the environment of the containers (%s)",
                arn).isEmpty();
    }

    // --- SEC-05 -----------------------------------------------------------------------------

    @When("the policies of the ECS execution and task roles are read from IAM")
    public void theRolePoliciesAreRead() {
        executionPolicies = iam.rolePolicies(ctx.outputs().string("ecs_execution_role_name"));
        taskPolicies = iam.rolePolicies(ctx.outputs().string("ecs_task_role_name"));
        ctx.evidence().record("execution role policies", IamReader.describe(executionPolicies));
        ctx.evidence().record("task role policies", IamReader.describe(taskPolicies));
    }

    @Then("the execution role may read the password parameter and decrypt it with its key, and nothing wider")
    public void theExecutionRoleMayReadOnlyTheParameter() {
        String arn = ctx.outputs().string("db_password_parameter_arn");
        Set<String> keys = parameterKeyArns();
        String role = ctx.outputs().string("ecs_execution_role_name");
        List<String> problems = ScopedAccess.parameterReadProblems(role, executionPolicies, Map.of(), arn, keys);
        ctx.evidence().record("execution role access", "parameter " + arn + ", its key " + keys + "; problems: "
                + (problems.isEmpty() ? "none" : String.join("; ", problems)));
        assertThat(problems).as("access of %s to the password (only ssm:GetParameters on %s, kms:Decrypt on %s)", role, arn, keys)
                .isEmpty();
    }

    @Then("the task role may not read the password parameter")
    public void theTaskRoleMayNotRead() {
        String arn = ctx.outputs().string("db_password_parameter_arn");
        String role = ctx.outputs().string("ecs_task_role_name");
        List<String> problems = new ArrayList<>();
        for (String action : List.of("ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath")) {
            if (PolicyAnalysis.allows(taskPolicies, action, arn)) {
                problems.add(role + " may " + action + " on " + arn);
            }
        }
        for (String key : parameterKeyArns()) {
            if (PolicyAnalysis.allows(taskPolicies, "kms:Decrypt", key)) {
                problems.add(role + " may kms:Decrypt with " + key);
            }
        }
        ctx.evidence().record("task role access", problems.isEmpty() ? role + " can neither read " + arn + " nor decrypt it" : String.join("; ", problems));
        assertThat(problems).as("access of the task role %s to the password", role).isEmpty();
    }

    /** The ARN of the key that encrypts the password parameter, resolved with kms.describeKey (moto echoes an alias). */
    private Set<String> parameterKeyArns() {
        String name = ctx.outputs().string("db_password_parameter_name");
        List<ParameterMetadata> found = ctx.aws().ssm().describeParameters(r -> r.parameterFilters(
                ParameterStringFilter.builder().key("Name").option("Equals").values(name).build())).parameters();
        assertThat(found).as("SSM parameter %s", name).hasSize(1);
        String keyId = found.get(0).keyId() == null ? "alias/aws/ssm" : found.get(0).keyId();
        return Set.of(ctx.aws().kms().describeKey(r -> r.keyId(keyId)).keyMetadata().arn());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
