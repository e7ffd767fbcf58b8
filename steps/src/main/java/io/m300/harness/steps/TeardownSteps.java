package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.stack.AwsResourceExistence;
import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.stack.StateListedResources;
import io.m300.harness.support.stack.TaggedResources;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * Teardown: {@code terraform destroy} leaves nothing behind. Every resource the state listed is
 * looked up by the lookup its type's description gives (support/.../aws/types); the check passes
 * only when every one of them was answered for and is gone: a type without a description, or a
 * lookup that got no documented answer ("could not verify"), fails it, never counts as gone.
 */
public final class TeardownSteps {

    private final StackContext ctx;
    private TaggedResources.Listing leftovers;
    private StackInventory stateBefore;
    private StateListedResources.Verdict listed;

    public TeardownSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @Before("@teardown")
    public void skipTeardownWhenKept(Scenario scenario) {
        if (ctx.stack().config().keep()) {
            String reason = "skipped: harness.keep=true leaves the stack of run "
                    + ctx.stack().config().runId() + " deployed";
            scenario.log(reason);
            throw new TestAbortedException(reason);
        }
    }

    @When("the stack is destroyed with terraform destroy")
    public void theStackIsDestroyed() {
        ctx.awaitPlan(); // the background plan reads the stack while it runs
        stateBefore = ctx.inventory(); // what the state lists, read before the destroy empties it
        ctx.destroyKeepingTarget();
        listed = StateListedResources.check(stateBefore, new AwsResourceExistence(ctx.aws()), ctx.executor());
        leftovers = TaggedResources.find(
                ctx.aws(), "m300:run-id", ctx.stack().config().runId(), ctx.executor());
    }

    @Then("every resource the state listed before the destroy is gone, by its own describe call")
    public void everyStateListedResourceIsGone() {
        ctx.evidence()
                .record(
                        "resources the state listed before destroy",
                        List.of(
                                "state before destroy: " + stateBefore.summary(),
                                "looked up: " + listed.checked() + " of " + listed.listed() + " managed resources",
                                "gone: " + listed.gone().size() + " ("
                                        + listed.gone().stream()
                                                .map(c -> c.address())
                                                .toList() + ")",
                                "still there: " + (listed.remaining().isEmpty() ? "none" : listed.remaining()),
                                "of a type without a description (a failure, never counted as gone): "
                                        + (listed.notCheckable().isEmpty() ? "none" : listed.notCheckable()),
                                "could not verify: " + (listed.errors().isEmpty() ? "none" : listed.errors())));
        assertThat(listed.notCheckable())
                .as("resources of a type without a description in support/.../aws/types: teardown "
                        + "cannot tell whether they are gone (add a description)")
                .isEmpty();
        assertThat(listed.errors())
                .as("lookups that could not verify (a failed lookup proves nothing)")
                .isEmpty();
        assertThat(listed.complete())
                .as("every resource the state listed answered for: %s", listed.incompleteBecause())
                .isTrue();
        assertThat(listed.remaining())
                .as("resources the state listed that still exist after terraform destroy")
                .isEmpty();
    }

    @Then("nothing that carries the run's tag remains, apart from what AWS keeps after a deletion")
    public void nothingRemains() {
        Leftovers.Verdict verdict = Leftovers.judge(leftovers.found());
        ctx.evidence()
                .record(
                        "leftovers of run " + ctx.stack().config().runId(),
                        List.of(
                                "searched: " + leftovers.searched() + " for tag m300:run-id="
                                        + ctx.stack().config().runId(),
                                "remaining: " + (verdict.remaining().isEmpty() ? "none" : verdict.remaining()),
                                "tolerated (kept by AWS after deletion): "
                                        + (verdict.tolerated().isEmpty() ? "none" : verdict.tolerated()),
                                "listings that failed: "
                                        + (leftovers.errors().isEmpty() ? "none" : leftovers.errors())));
        assertThat(leftovers.errors())
                .as("listings of tagged resources that failed (a failed listing proves nothing)")
                .isEmpty();
        assertThat(verdict.remaining())
                .as(
                        "resources tagged m300:run-id=%s after terraform destroy",
                        ctx.stack().config().runId())
                .isEmpty();
    }
}
