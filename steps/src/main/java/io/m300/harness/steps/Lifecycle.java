package io.m300.harness.steps;

import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import io.m300.harness.support.secrets.LocalStateCopies;
import io.m300.harness.support.stack.DeployedStack;
import io.m300.harness.support.target.Capability;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * The run's lifecycle: deploy once before the first scenario, tear down once after the last; and,
 * before each scenario, skip it with the reason when it needs a capability the target lacks
 * (a tag such as {@code @requires-alarm-actions}). A skipped scenario is never a passed one.
 */
public final class Lifecycle {

    @BeforeAll
    public static void deploy() {
        // the plan that drift and SEC-03 read runs while the other scenarios check the stack
        StackContext.prefetchPlan(DeployedStack.shared());
    }

    @AfterAll
    public static void tearDown() {
        StackContext.awaitPrefetchedPlan(); // it holds the state lock and writes a plan file while it runs
        try {
            DeployedStack.tearDownShared();
        } finally {
            removeLocalStateCopies();
        }
    }

    /**
     * No secret stays on disk: saved plans, state backups and, once the stack is gone, a local state
     * file (a stack without a backend keeps its state in the workspace) are deleted after the run.
     */
    private static void removeLocalStateCopies() {
        DeployedStack stack;
        try {
            stack = DeployedStack.shared();
        } catch (RuntimeException deploymentFailed) {
            return;
        }
        if (stack.workspace() != null) {
            boolean stackGone = stack.destroyed() || (stack.tornDown() && !stack.config().keep());
            LocalStateCopies.remove(stack.workspace().root(), stackGone);
        }
    }

    @Before(order = 1)
    public void skipWhenTargetLacksCapability(Scenario scenario) {
        var caps = DeployedStack.shared().target().capabilities();
        for (String tag : scenario.getSourceTagNames()) {
            Optional<Capability> needed = Capability.ofTag(tag);
            if (needed.isPresent() && !caps.has(needed.get())) {
                String reason = "skipped on target " + DeployedStack.shared().target().name() + ": "
                        + caps.whyMissing(needed.get()).orElseThrow();
                scenario.log(reason);
                throw new TestAbortedException(reason);
            }
        }
    }
}
