package io.m300.harness.features.livingdoc;

import io.m300.harness.support.report.RunFile;
import io.m300.harness.support.report.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of the suite on one target: who ran where ({@code run.json}), how long each phase took
 * ({@code timings.json}) and what every scenario did ({@code cucumber.json}).
 */
public record Run(
        String runId,
        String target,
        String description,
        String region,
        String started,
        String capabilities,
        Map<String, Double> timings,
        List<ScenarioResult> scenarios) {

    /** Column label: the target, plus the run ID when two runs share a target. */
    public String label() {
        return target;
    }

    /** Scenario counts by status, as Cucumber's summary counts them. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        scenarios.forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        return counts;
    }

    /**
     * Cucumber's summary line for this run, as cucumber-jvm 7.34 prints it:
     * {@code 3 scenarios (1 passed, 1 skipped, 1 failed)}.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        Map<Status, Integer> counts = counts();
        for (Status s : Status.values()) {
            int n = counts.get(s);
            if (n > 0) {
                parts.add(n + " " + s.label());
            }
        }
        int total = scenarios.size();
        return total
                + (total == 1 ? " scenario" : " scenarios")
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    public List<ScenarioResult> scenariosOf(String controlId) {
        return scenarios.stream()
                .filter(s -> s.controlIds().contains(controlId))
                .toList();
    }

    /**
     * A run from a folder holding {@code cucumber.json} and, optionally, {@code run.json} and
     * {@code timings.json} (a folder of {@code --reports}).
     */
    public static Run fromFolder(Path folder) {
        Path cucumber = folder.resolve("cucumber.json");
        if (!Files.isRegularFile(cucumber)) {
            throw new IllegalArgumentException(folder + " holds no cucumber.json");
        }
        return of(
                cucumber,
                Optional.of(folder.resolve("run.json")).filter(Files::isRegularFile),
                Optional.of(folder.resolve("timings.json")).filter(Files::isRegularFile));
    }

    public static Run of(Path cucumberJson, Optional<Path> runJson, Optional<Path> timingsJson) {
        List<ScenarioResult> scenarios = CucumberJson.read(cucumberJson);
        RunFile run = runJson.map(RunFile::read).orElse(new RunFile(null, null, null, null, null, null));
        Map<String, Double> timings =
                timingsJson.map(Timings::read).map(Timings::seconds).orElse(Map.of());
        String started = run.started();
        if (started.isEmpty()) {
            started = scenarios.stream()
                    .map(ScenarioResult::started)
                    .filter(s -> !s.isEmpty())
                    .sorted()
                    .findFirst()
                    .orElse("");
        }
        return new Run(
                run.runId(),
                run.target().isEmpty() ? "unknown target" : run.target(),
                run.description(),
                run.region(),
                started,
                run.capabilities(),
                timings,
                scenarios);
    }

    /** The newest {@code <run id>/run.json} under the harness's folder, if any. */
    public static Optional<Path> newestRunJson(Path harnessDir) {
        if (!Files.isDirectory(harnessDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(harnessDir)) {
            return runs.map(d -> d.resolve("run.json"))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toMillis();
                        } catch (IOException e) {
                            return 0L;
                        }
                    }));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
