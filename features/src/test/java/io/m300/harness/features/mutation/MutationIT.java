package io.m300.harness.features.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.mutation.Mutant;
import io.m300.harness.support.mutation.MutationVerdict;
import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Status;
import io.m300.harness.support.mutation.MutationVerdict.Verdict;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.stack.DeployedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The mutation run ({@code ./mvnw verify -Pmutation}): deploys the baseline once; then, for each
 * mutant in {@code infra/mutants/}, applies it to the run's workspace (Terraform changes only what
 * differs), runs the whole suite, judges it (killed / survived / not checkable; precise or which
 * other controls it tripped), removes it, applies back, and checks that the baseline passes again
 * before the next one: the drift check (the deployed stack equals the baseline code again) and every
 * scenario that failed under the mutant must pass. Fails naming every mutant that survived.
 */
class MutationIT {

    private final Path out = Path.of("target", "mutation");
    private final Progress progress = Progress.console();

    @Test
    void everyMutantOfACheckableControlIsKilled() throws Exception {
        DeployedStack.holdOpen();
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        String target;
        try {
            DeployedStack stack = DeployedStack.shared();
            target = stack.target().name();
            Files.createDirectories(out);
            List<ScenarioResult> baseline = progress.phase("suite on the baseline", () -> SuiteRunner.run(out.resolve("baseline")));
            Set<String> baselinePassed = names(baseline, Status.PASSED);
            assertThat(failed(baseline)).as("the baseline must pass before mutants mean anything").isEmpty();

            List<Mutant> mutants = Mutant.discover(stack.config().infraDir());
            String only = System.getProperty("mutation.only", "");
            if (!only.isBlank()) {
                Set<String> wanted = Set.of(only.split(","));
                mutants = mutants.stream().filter(m -> wanted.contains(m.control())).toList();
            }
            progress.info("mutation run: " + mutants.size() + " mutants against " + stack.target().description());
            for (Mutant mutant : mutants) {
                long t0 = System.nanoTime();
                Path ws = stack.workspace().infra();
                mutant.applyTo(ws);
                mutant.patchRepository(stack.config().infraDir(), false);
                MutationVerdict verdict;
                List<ScenarioResult> results = List.of();
                try {
                    if (mutant.changesBackend()) {
                        progress.phase("terraform init -reconfigure (mutant " + mutant.control() + " changes the backend)",
                                () -> stack.terraform().reinit(stack.workspace().backendConfig()));
                    }
                    String applyError = null;
                    try {
                        stack.apply("apply mutant " + mutant.control());
                    } catch (HarnessException e) {
                        applyError = e.getMessage();
                    }
                    if (applyError == null) {
                        results = progress.phase("suite on mutant " + mutant.control(),
                                () -> SuiteRunner.run(out.resolve(mutant.control())));
                        verdict = MutationVerdict.judge(mutant.control(), results);
                    } else {
                        verdict = MutationVerdict.notApplied(mutant.control(), applyError);
                    }
                } finally {
                    mutant.removeFrom(ws);
                    mutant.patchRepository(stack.config().infraDir(), true);
                    if (mutant.changesBackend()) {
                        stack.terraform().reinit(stack.workspace().backendConfig());
                    }
                    stack.apply("revert mutant " + mutant.control());
                    stack.prerequisites().reconcile();
                }
                String recheck = recheckTags(results);
                List<ScenarioResult> again = progress.phase("baseline re-check after " + mutant.control() + " (" + recheck + ")",
                        () -> SuiteRunner.run(out.resolve(mutant.control() + "-reverted"), recheck));
                Set<String> regressed = new TreeSet<>(names(results, Status.FAILED));
                regressed.add("The deployed stack matches its code right after apply");
                regressed.retainAll(baselinePassed);
                regressed.removeAll(names(again, Status.PASSED));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                rows.add(new Row(verdict, took, mutant.description()));
                progress.info(line(verdict, took));
                assertThat(regressed).as("scenarios that no longer pass after reverting mutant %s", mutant.control()).isEmpty();
            }
        } finally {
            DeployedStack.release();
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        writeReport(target, rows, total);
        printTable(rows, total);
        List<String> survived = rows.stream()
                .filter(r -> r.verdict().verdict() == Verdict.SURVIVED || r.verdict().verdict() == Verdict.NOT_APPLIED)
                .map(r -> r.verdict().control() + " " + r.verdict().verdict().name().toLowerCase(Locale.ROOT)
                        + " (" + r.verdict().reason() + ")").toList();
        assertThat(survived).as("mutants that survived (their control's check did not notice the control was broken) "
                + "or could not be applied").isEmpty();
    }

    /** The drift check plus every scenario that failed under the mutant, as a tag expression. */
    static String recheckTags(List<ScenarioResult> results) {
        Set<String> tags = new TreeSet<>(Set.of("@drift"));
        for (ScenarioResult r : results) {
            if (r.status() == Status.FAILED) {
                r.tags().stream().filter(t -> t.matches("@?[A-Z]+-\\d{2}|@?drift"))
                        .forEach(t -> tags.add(t.startsWith("@") ? t : "@" + t));
            }
        }
        return String.join(" or ", tags);
    }

    private record Row(MutationVerdict verdict, Duration took, String description) {}

    private static List<ScenarioResult> failed(List<ScenarioResult> results) {
        return results.stream().filter(r -> r.status() == Status.FAILED).toList();
    }

    private static Set<String> names(List<ScenarioResult> results, Status status) {
        Set<String> names = new TreeSet<>();
        results.stream().filter(r -> r.status() == status).forEach(r -> names.add(r.name()));
        return names;
    }

    private static String line(MutationVerdict v, Duration took) {
        String verdict = v.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return String.format(Locale.ROOT, "%-9s %-14s %-40s %7s", v.control(), verdict,
                v.verdict() == Verdict.KILLED ? (v.precise() ? "precise" : "also tripped " + v.tripped()) : v.reason(),
                Progress.seconds(took));
    }

    private void printTable(List<Row> rows, Duration total) {
        progress.info("mutation report (" + rows.size() + " mutants, " + Progress.seconds(total) + "):");
        progress.info(String.format(Locale.ROOT, "%-9s %-14s %-40s %7s", "control", "verdict", "precision / reason", "time"));
        rows.forEach(r -> progress.info(line(r.verdict(), r.took())));
        long killed = rows.stream().filter(r -> r.verdict().verdict() == Verdict.KILLED).count();
        long notCheckable = rows.stream().filter(r -> r.verdict().verdict() == Verdict.NOT_CHECKABLE).count();
        long notApplied = rows.stream().filter(r -> r.verdict().verdict() == Verdict.NOT_APPLIED).count();
        progress.info("killed " + killed + ", survived " + (rows.size() - killed - notCheckable - notApplied)
                + ", not checkable here " + notCheckable + ", not applied " + notApplied);
    }

    private void writeReport(String target, List<Row> rows, Duration total) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("target", target);
        report.put("seconds", total.toMillis() / 1000.0);
        ArrayNode mutants = report.putArray("mutants");
        for (Row r : rows) {
            ObjectNode m = mutants.addObject();
            m.put("control", r.verdict().control());
            m.put("verdict", r.verdict().verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("precise", r.verdict().precise());
            r.verdict().tripped().forEach(m.putArray("tripped")::add);
            m.put("seconds", r.took().toMillis() / 1000.0);
            m.put("reason", r.verdict().reason());
            m.put("mutant", r.description());
        }
        Files.writeString(out.resolve("mutation-report.json"), report.toPrettyString());
    }
}
