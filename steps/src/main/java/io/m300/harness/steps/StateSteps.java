package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.terraform.DriftAnalysis;

/** Terraform state hygiene and drift: the deployed stack is what its code says. */
public final class StateSteps {

    private final StackContext ctx;
    private JsonNode plan;

    public StateSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("Terraform plans the stack again")
    public void terraformPlansAgain() {
        plan = StackContext.savedPlan(ctx.stack());
    }

    @Then("the plan shows no changes apart from the target's known read-back gaps")
    public void thePlanShowsNoChanges() {
        DriftAnalysis.Verdict verdict = DriftAnalysis.judge(plan, ctx.target().name());
        ctx.evidence().record("drift", "planned changes: " + (verdict.drift().isEmpty() ? "none" : verdict.drift())
                + "\ntolerated read-back gaps of " + ctx.target().name() + ": "
                + (verdict.tolerated().isEmpty() ? "none" : verdict.tolerated()));
        assertThat(verdict.drift()).as("drift right after apply (resource, actions, attributes)").isEmpty();
    }
}
