package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.SsmReader;
import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.secrets.InfraFiles;
import io.m300.harness.support.secrets.LeakCheck;
import io.m300.harness.support.secrets.LocalStateCopies;
import io.m300.harness.support.secrets.ParameterEncryption;
import io.m300.harness.support.secrets.SecretScanner;
import io.m300.harness.support.secrets.SensitiveValues;
import io.m300.harness.support.secrets.StateLocations;
import io.m300.harness.support.secrets.TerraformSecretLiterals;
import io.m300.harness.support.stack.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

/** Secrets: where the database password is, who may read it, how it reaches the containers, and where it must never be. */
public final class SecretsSteps {

    private final StackContext ctx;
    private final EcsView ecs;
    private final StackPassword stackPassword;
    private JsonNode state;
    private Secret password;
    private Map<Path, String> terraformFiles;
    private final Set<String> checkedParameters = new LinkedHashSet<>();
    /** The values of the harness's own input variables (see {@link #harnessInputs()}). */
    private List<String> suppliedInputs;

    public SecretsSteps(StackContext ctx, EcsView ecs, StackPassword stackPassword) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.stackPassword = stackPassword;
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
        ctx.evidence()
                .record(
                        "state",
                        "read with terraform state pull from " + backend.describe()
                                + " (" + raw.length() + " bytes, serial "
                                + state.path("serial").asText() + ", "
                                + state.path("resources").size() + " resources; held in memory only"
                                + (removed.isEmpty()
                                        ? ""
                                        : "; deleted local state copies "
                                                + removed.stream()
                                                        .map(p ->
                                                                p.getFileName().toString())
                                                        .toList())
                                + "); the password was read from SSM parameter "
                                + stack.prerequisites().passwordParameterName()
                                + " with decryption, to look for it");
    }

    @Then("the database password's value appears nowhere in it")
    public void thePasswordValueAppearsNowhere() {
        List<SecretScanner.Finding> found = SecretScanner.scan(state, "state", password.reveal()).stream()
                .filter(f -> f.kind().contains("value"))
                .toList();
        report("password value in state", state, found);
    }

    @Then("no resource in it holds a non-empty password attribute")
    public void noResourceHoldsAPasswordAttribute() {
        List<SecretScanner.Finding> found = SecretScanner.scan(state, "state", null);
        report("password attributes in state", state, found);
    }

    @Then("it holds no other secret: no value marked sensitive, no generated password, no SecureString value")
    public void itHoldsNoOtherSecret() {
        suppliedInputs = harnessInputs();
        reportSecrets("other secrets in state", SensitiveValues.inState(state));
    }

    /**
     * The values the harness itself gave the stack as input variables (TF_VAR_*: the run's throwaway
     * self-signed certificate and its key, the parameter's name): a stack that imports the harness's
     * test certificate holds its key in state, which is the harness's artefact, not the stack's
     * secret. Shown as tolerated, never hidden.
     */
    private List<String> harnessInputs() {
        List<String> values = new ArrayList<>();
        ctx.stack().workspace().env().forEach((k, v) -> {
            if (k.startsWith("TF_VAR_") && v != null && !v.isBlank()) {
                values.add(v);
            }
        });
        return values;
    }

    private void reportSecrets(String label, List<SensitiveValues.Hit> hits) {
        hits.forEach(h -> ctx.evidence().protect(h.value().reveal()));
        List<SensitiveValues.Hit> tolerated = new ArrayList<>();
        List<SensitiveValues.Hit> found = SensitiveValues.except(hits, suppliedInputs, tolerated);
        ctx.evidence()
                .record(
                        label,
                        List.of(
                                "found (never the value): "
                                        + (found.isEmpty()
                                                ? "none"
                                                : found.stream()
                                                        .map(Object::toString)
                                                        .toList()),
                                "tolerated, the harness's own inputs (its run's test certificate): "
                                        + (tolerated.isEmpty()
                                                ? "none"
                                                : tolerated.stream()
                                                        .map(Object::toString)
                                                        .toList())));
        assertThat(found.stream().map(Object::toString).toList())
                .as(
                        "%s: values marked sensitive, generated passwords, SecureString values (where; never the value)",
                        label)
                .isEmpty();
    }

    @Then("the same holds for a saved plan of the stack")
    public void theSameHoldsForTheSavedPlan() {
        if (suppliedInputs == null) {
            suppliedInputs = harnessInputs(); // read before the plan: reading it releases the stack
        }
        JsonNode plan = ctx.plan();
        // The live password anywhere in the plan; password attributes of resources and outputs. The
        // plan's input variables and configuration are the code's (a literal there is SEC-01's finding).
        List<SecretScanner.Finding> found = SecretScanner.scan(plan, "plan", password.reveal()).stream()
                .filter(f -> f.kind().equals(SecretScanner.VALUE)
                        || !(f.jsonPath().startsWith("$.variables")
                                || f.jsonPath().startsWith("$.configuration")))
                .toList();
        List<SensitiveValues.Hit> secrets = SensitiveValues.inPlan(plan);
        secrets.forEach(h -> ctx.evidence().protect(h.value().reveal()));
        report("password in the saved plan", plan, found);
        reportSecrets("other secrets in the saved plan", secrets);
    }

    private void report(String label, JsonNode document, List<SecretScanner.Finding> found) {
        List<String> where = found.stream()
                .map(f -> StateLocations.describe(document, f.jsonPath()) + ": " + f.kind())
                .toList();
        ctx.evidence().record(label, where.isEmpty() ? "none found" : String.join("\n", where));
        assertThat(where).as("%s (where it was found; never the value)", label).isEmpty();
    }

    // --- SEC-01: files ----------------------------------------------------------------------

    @When("the Terraform files of the deployed infra directory are read")
    public void theTerraformFilesAreRead() {
        // The run's copy of the infra directory: exactly the files Terraform applied (the project's
        // infra/ plus the target's override), so a variables file added to what was deployed is seen.
        Path infra = ctx.stack().workspace().infra();
        terraformFiles = InfraFiles.terraformFiles(infra);
        ctx.evidence()
                .record(
                        "Terraform files",
                        "read " + terraformFiles.size() + " file(s) of " + infra + " (without "
                                + InfraFiles.SKIPPED_DIRS + "): " + terraformFiles.keySet());
        assertThat(terraformFiles).as("Terraform files in %s", infra).isNotEmpty();
    }

    @Then("none assigns a literal to a password, secret, token or key variable or argument")
    public void noneAssignsASecretLiteral() {
        List<String> found = new ArrayList<>();
        terraformFiles.forEach((file, text) ->
                TerraformSecretLiterals.scan(text, file.toString()).forEach(f -> found.add(f.toString())));
        ctx.evidence().record("secret literals", found.isEmpty() ? "none" : String.join("\n", found));
        assertThat(found)
                .as("literals assigned to secret-like names in the infra directory (locations, never values)")
                .isEmpty();
    }

    @Then("none holds the live database password")
    public void noneHoldsThePassword() {
        Secret password = ctx.stack().databasePassword();
        ctx.evidence().protect(password.reveal());
        // every file of what was deployed, not only Terraform files (zips opened, encoded forms too);
        // state files are SEC-03's, and Terraform's own working data is not the stack's code
        Path infra = ctx.stack().workspace().infra();
        List<Path> files = InfraFiles.deployedFiles(infra);
        List<String> found = new LeakCheck(password.reveal())
                .scan(files).stream()
                        .map(f -> f.startsWith(infra.toString())
                                ? f.substring(infra.toString().length() + 1)
                                : f)
                        .toList();
        ctx.evidence()
                .record(
                        "live password in files",
                        "searched " + files.size() + " file(s) of " + infra
                                + " (as is, JSON-escaped, base64, URL-encoded, inside zips) for the value of "
                                + ctx.stack().prerequisites().passwordParameterName() + ": "
                                + (found.isEmpty() ? "not found" : found));
        assertThat(found)
                .as("files of the infra directory that hold the live database password")
                .isEmpty();
    }

    // --- SEC-02 -----------------------------------------------------------------------------

    @Then(
            "every parameter the containers and the database take the password from is a SecureString encrypted with an enabled KMS key")
    public void passwordParametersAreSecureStrings() {
        SsmReader ssm = new SsmReader(ctx.aws());
        KmsReader kms = new KmsReader(ctx.aws());
        List<String> lines = new ArrayList<>();
        // the databases: where their password comes from in the stack's own configuration; the harness's
        // parameter counts only where the stack is shown to read it
        stackPassword.databases().forEach(db -> lines.add("database " + db));
        Map<String, String> sources = new LinkedHashMap<>(stackPassword.databaseParameters());
        List<String> problems = new ArrayList<>(stackPassword.problems());
        // the containers: every secret they take from Parameter Store
        for (StackPassword.ContainerSecret secret : stackPassword.containerSecrets()) {
            String who = "secret " + secret.secret() + " of container " + secret.container();
            if (ContainerSecrets.ssmParameterNames(secret.valueFrom()).isEmpty()) {
                lines.add(who + ": " + secret.valueFrom() + " is not a Parameter Store parameter");
            } else if (secret.parameter() == null) {
                problems.add(who + " names parameter " + secret.valueFrom() + ", which does not exist");
            } else {
                sources.merge(secret.parameter(), who, (x, y) -> x + "; " + y);
            }
        }
        checkedParameters.clear();
        checkedParameters.addAll(sources.keySet());
        sources.forEach((name, who) -> {
            var meta = ssm.metadata(name);
            if (meta.isEmpty()) {
                problems.add("parameter " + name + " (" + who + ") does not exist");
                return;
            }
            ParameterMetadata p = meta.get();
            KeyMetadata key = p.keyId() == null || p.keyId().isBlank()
                    ? null
                    : kms.key(p.keyId()).orElse(null);
            lines.add(ParameterEncryption.describe(name, who, p, key));
            ParameterEncryption.problem(name, who, p, key).ifPresent(problems::add);
        });
        ctx.evidence().record("password parameters (read without decryption)", lines);
        assertThat(problems)
                .as(
                        "where the databases and the containers take the password from, that is not a SecureString parameter encrypted with an enabled KMS key")
                .isEmpty();
    }

    @Then("no other parameter of the stack holds the password's value")
    public void noOtherParameterHoldsThePassword() {
        Secret password = ctx.stack().databasePassword();
        ctx.evidence().protect(password.reveal());
        // the harness's value, and the values of the parameters the databases are set from
        List<String> values = new ArrayList<>(List.of(password.reveal()));
        stackPassword.values().forEach(v -> values.add(v.reveal()));
        SsmReader ssm = new SsmReader(ctx.aws());
        List<String> holders = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (var r : ctx.inventory().managed("aws_ssm_parameter")) {
            String name = r.attr("name").orElse(r.id());
            if (checkedParameters.contains(name)) {
                continue;
            }
            seen.add(name);
            boolean holds = ssm.value(name)
                    .map(v -> v.reveal() != null
                            && values.stream().anyMatch(p -> v.reveal().contains(p)))
                    .orElse(false);
            if (holds) {
                holders.add(name + " (" + r.address() + ")");
            }
        }
        ctx.evidence()
                .record(
                        "other parameters of the stack",
                        "compared (without printing) with the password: "
                                + (seen.isEmpty() ? "none in the state" : seen) + "; holding it: "
                                + (holders.isEmpty() ? "none" : holders));
        assertThat(holders)
                .as("parameters of the stack besides the password's own that hold the password's value")
                .isEmpty();
    }

    // --- SEC-04 -----------------------------------------------------------------------------

    @Then("the application's container takes the database password from Parameter Store as a secret")
    public void theContainerTakesThePasswordAsASecret() {
        List<String> lines = new ArrayList<>();
        List<String> receivers = new ArrayList<>();
        stackPassword.databases().forEach(db -> lines.add("database " + db));
        lines.add("the databases' parameters: "
                + (stackPassword.databaseParameters().isEmpty() ? "none" : stackPassword.databaseParameters()));
        for (StackPassword.ContainerSecret secret : stackPassword.containerSecrets()) {
            lines.add(secret.container() + ": secret " + secret.secret() + " from " + secret.valueFrom()
                    + (secret.delivers()
                            ? " delivers the database password"
                            : secret.parameter() != null
                                    ? " holds another value"
                                    : " (not an existing Parameter Store parameter)"));
            if (secret.delivers()) {
                receivers.add(secret.container() + " as " + secret.secret());
            }
        }
        ecs.taskDefinitions()
                .forEach(td -> td.containerDefinitions().stream()
                        .filter(c -> c.secrets().isEmpty())
                        .forEach(c -> lines.add(c.name() + ": no secrets")));
        ctx.evidence().record("container secrets", lines);
        assertThat(receivers)
                .as(
                        "containers of the stack's services that receive the database password as a secret from Parameter Store%s",
                        stackPassword.problems().isEmpty()
                                ? ""
                                : " (the database's password is not in Parameter Store: " + stackPassword.problems()
                                        + ")")
                .isNotEmpty();
    }

    @Then("no container has a password-like environment entry or the password's value in its environment")
    public void noContainerHasThePasswordInItsEnvironment() {
        Secret password = ctx.stack().databasePassword();
        ctx.evidence().protect(password.reveal());
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (TaskDefinition td : ecs.taskDefinitions()) {
            for (ContainerDefinition c : td.containerDefinitions()) {
                Map<String, String> env = new LinkedHashMap<>();
                c.environment().forEach(kv -> env.put(kv.name(), kv.value()));
                seen.add(c.name() + ": environment names " + env.keySet());
                problems.addAll(ContainerSecrets.environmentProblems(c.name(), env, password.reveal()));
                for (Secret value : stackPassword.values()) {
                    if (!value.reveal().equals(password.reveal())) {
                        problems.addAll(ContainerSecrets.environmentProblems(c.name(), env, value.reveal()));
                    }
                }
            }
        }
        ctx.evidence()
                .record(
                        "container environment",
                        String.join("\n", seen) + "\nproblems: " + (problems.isEmpty() ? "none" : problems));
        assertThat(problems).as("password in the environment of the containers").isEmpty();
    }
}
