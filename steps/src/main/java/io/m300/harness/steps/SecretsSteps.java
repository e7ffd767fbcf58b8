package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.m300.harness.support.secrets.SecretScanner;
import io.m300.harness.support.secrets.StateLocations;
import io.m300.harness.support.stack.Secret;
import java.util.List;

/** Secrets: where the database password is, and where it must never be. */
public final class SecretsSteps {

    private final StackContext ctx;
    private JsonNode state;
    private Secret password;

    public SecretsSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @Given("the Terraform state as stored in its backend")
    public void theStateAsStored() throws Exception {
        var stack = ctx.stack();
        password = stack.databasePassword();
        ctx.evidence().protect(password.reveal());
        String raw = stack.stateFromBackend();
        state = new ObjectMapper().readTree(raw);
        ctx.evidence().record("state", "read s3://" + stack.prerequisites().bucket() + "/" + stack.prerequisites().stateKey()
                + " (" + raw.length() + " bytes, serial " + state.path("serial").asText() + ", "
                + state.path("resources").size() + " resources); the password was read from SSM parameter "
                + stack.prerequisites().passwordParameterName() + " with decryption, to look for it");
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
        List<SecretScanner.Finding> found = SecretScanner.scan(plan, "plan", password.reveal());
        report("password in the saved plan", plan, found);
    }

    private void report(String label, JsonNode document, List<SecretScanner.Finding> found) {
        List<String> where = found.stream()
                .map(f -> StateLocations.describe(document, f.jsonPath()) + ": " + f.kind()).toList();
        ctx.evidence().record(label, where.isEmpty() ? "none found" : String.join("\n", where));
        assertThat(where).as("%s (where it was found; never the value)", label).isEmpty();
    }
}
