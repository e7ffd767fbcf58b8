package io.m300.harness.features.mutation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.m300.harness.support.aws.CouldNotVerify;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the whole feature suite in this JVM, against the stack that is deployed now, and returns
 * each scenario's outcome. Its Cucumber JSON goes to its own folder, so the run's main report is
 * not overwritten. A scenario that failed on an assertion is {@link Status#FAILED}; one that threw
 * anything else (an SDK error, a null pointer, a harness error) is {@link Status#ERRORED}.
 */
final class SuiteRunner {

    /** Scenarios a mutation run leaves out: they change the deployment rather than read it. */
    static final String TAG_FILTER = "not @teardown";

    private SuiteRunner() {}

    static List<ScenarioResult> run(Path reportDir) {
        return run(reportDir, TAG_FILTER);
    }

    /** Runs the scenarios that match a Cucumber tag expression (always without the teardown). */
    static List<ScenarioResult> run(Path reportDir, String tagExpression) {
        List<ScenarioResult> results = Collections.synchronizedList(new ArrayList<>());
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("features"))
                .filters(EngineFilter.includeEngines("cucumber"))
                .configurationParameter(
                        "cucumber.filter.tags",
                        tagExpression.equals(TAG_FILTER) ? TAG_FILTER : "(" + tagExpression + ") and " + TAG_FILTER)
                .configurationParameter("cucumber.plugin", "json:" + reportDir.resolve("cucumber.json"))
                // one scenario at a time: the shards already keep every core busy (with the checks of
                // each suite in parallel as well, a standalone run on 2 cores took longer, not shorter)
                .configurationParameter("cucumber.execution.parallel.enabled", "false")
                .build();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    return;
                }
                Set<String> tags = test.getTags().stream().map(TestTag::getName).collect(Collectors.toSet());
                Throwable thrown = result.getThrowable().orElse(null);
                Status status = switch (result.getStatus()) {
                    case SUCCESSFUL -> Status.PASSED;
                    case ABORTED -> Status.SKIPPED;
                    case FAILED ->
                        thrown == null || MutationVerdict.isAssertion(thrown) ? Status.FAILED : Status.ERRORED;
                };
                results.add(new ScenarioResult(test.getDisplayName(), tags, status, message(thrown, status)));
            }
        };
        LauncherFactory.create().execute(request, listener);
        return List.copyOf(results);
    }

    /** The first line of the message; for an error, prefixed with what was thrown. */
    static String message(Throwable t, Status status) {
        if (t == null) {
            return "";
        }
        String first = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        // "could not verify: <call> answered <code> (<status>)" says what it is; any other error is prefixed with its
        // type
        return status == Status.ERRORED && !first.startsWith(CouldNotVerify.PREFIX)
                ? t.getClass().getSimpleName() + ": " + first
                : first;
    }
}
