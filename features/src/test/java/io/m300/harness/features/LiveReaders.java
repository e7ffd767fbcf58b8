package io.m300.harness.features;

import io.m300.harness.steps.Lifecycle;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells the run, before its first scenario, how many of its scenarios read the deployed stack: every
 * Cucumber scenario but the teardown's. With that count the stack's session starts {@code terraform
 * destroy} as soon as the last of them no longer reads the stack, instead of after the last plan
 * judgement ({@link io.m300.harness.support.stack.StackSession#expectLiveReaders}). Registered for
 * every JUnit Platform launcher in this module (META-INF/services); a test plan without the teardown
 * scenario, or without Cucumber scenarios, changes nothing.
 */
public final class LiveReaders implements TestExecutionListener {

    private static final String TEARDOWN = Lifecycle.TEARDOWN_TAG.substring(1);

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        count(plan).ifPresent(Lifecycle::expectLiveReaders);
    }

    /** The scenarios of the plan that read the deployed stack; none if the plan has no teardown scenario. */
    static OptionalInt count(TestPlan plan) {
        Set<TestIdentifier> scenarios = plan.getRoots().stream()
                .flatMap(root -> plan.getDescendants(root).stream())
                .filter(TestIdentifier::isTest)
                .filter(t -> t.getUniqueId().contains("[engine:cucumber]"))
                .collect(Collectors.toSet());
        long teardown = scenarios.stream()
                .filter(t -> t.getTags().contains(TestTag.create(TEARDOWN)))
                .count();
        return teardown > 0 ? OptionalInt.of(scenarios.size() - (int) teardown) : OptionalInt.empty();
    }
}
