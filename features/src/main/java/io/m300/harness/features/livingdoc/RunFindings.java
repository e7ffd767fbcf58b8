package io.m300.harness.features.livingdoc;

import io.m300.harness.support.report.findings.Waiver;
import io.m300.harness.support.report.findings.WaiverJudgement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings of one run (one per violated control and failed scenario), judged against the
 * waivers, and the waivers that covered nothing (stale). Scenarios that could not be verified or
 * were skipped make no finding: no waiver changes them.
 */
public record RunFindings(Run run, List<Finding> findings, List<String> stale) {

    public static RunFindings of(Run run, List<Waiver> waivers, LocalDate today) {
        WaiverJudgement judgement = new WaiverJudgement(waivers, today);
        List<Finding> out = new ArrayList<>();
        for (ScenarioResult s : run.scenarios()) {
            if (!s.status().isFailure() || !s.failedOnAssertion()) {
                continue;
            }
            List<String> controls = s.controlIds().isEmpty() ? List.of("") : s.controlIds();
            for (String control : controls) {
                Finding f = Finding.of(s, control);
                out.add(f.judged(judgement.judge(new WaiverJudgement.Violation(control, f.addresses()))));
            }
        }
        return new RunFindings(run, List.copyOf(out), judgement.stale());
    }

    /** The findings of a scenario. */
    public List<Finding> of(ScenarioResult s) {
        return findings.stream().filter(f -> f.scenario() == s).toList();
    }

    /** Failed scenarios that every finding of which a waiver accepts: they do not fail the run. */
    public List<ScenarioResult> acceptedScenarios() {
        Map<ScenarioResult, Boolean> all = new IdentityHashMap<>();
        for (Finding f : findings) {
            all.merge(f.scenario(), f.accepted(), Boolean::logicalAnd);
        }
        return all.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The console's lines: each finding with its resources and waiver, then the stale waivers. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Finding f : findings) {
            String head = f.control() + " violated (" + f.scenario().name() + ")";
            lines.add(f.waiver().text().map(t -> head + ": " + t).orElse(head));
            f.describe().forEach(d -> lines.add("  at fault: " + d));
        }
        stale.forEach(lines::add);
        return lines;
    }
}
