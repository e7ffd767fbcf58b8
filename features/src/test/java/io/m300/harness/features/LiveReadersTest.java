package io.m300.harness.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

/** The count of scenarios that read the deployed stack, from test plans JUnit discovers in this module. */
class LiveReadersTest {

    /**
     * The plan of RunFeaturesIT, filtered by JUnit tag expression (-Dgroups): such a filter removes
     * scenarios from the plan. cucumber.filter.tags does not (its scenarios are reported skipped), so
     * a run filtered that way counts every scenario, its destroy waits for the teardown scenario.
     */
    private static TestPlan plan(String tagExpression) {
        var request = request().selectors(selectClass(RunFeaturesIT.class));
        if (tagExpression != null) {
            request.filters(TagFilter.includeTags(tagExpression));
        }
        return LauncherFactory.create().discover(request.build());
    }

    /** Scenarios in the feature files, counted from their text (a Scenario Outline counts once per example row). */
    private static long scenariosInFeatureFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/features"))) {
            return files.filter(f -> f.toString().endsWith(".feature"))
                    .mapToLong(f -> {
                        try {
                            var lines = Files.readAllLines(f).stream()
                                    .map(String::strip)
                                    .toList();
                            assertThat(lines)
                                    .as("no outlines: count them by their examples here first")
                                    .noneMatch(l -> l.startsWith("Scenario Outline:"));
                            return lines.stream()
                                    .filter(l -> l.startsWith("Scenario:"))
                                    .count();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    @Test
    void everyScenarioButTheTeardownReadsTheStack() throws IOException {
        assertThat(LiveReaders.count(plan(null))).hasValue((int) scenariosInFeatureFiles() - 1);
    }

    @Test
    void aRunOfSomeTaggedScenariosAndTheTeardownCountsThoseScenarios() {
        assertThat(LiveReaders.count(plan("NET-02 | teardown"))).hasValue(1);
    }

    @Test
    void aPlanWithoutTheTeardownLeavesTheDestroyToTheEndOfTheRun() {
        assertThat(LiveReaders.count(plan("NET-02"))).isEmpty();
        assertThat(LiveReaders.count(plan("!teardown"))).isEmpty();
    }
}
