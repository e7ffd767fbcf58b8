package io.m300.harness.features.livingdoc;

import io.m300.harness.features.livingdoc.LivingDocGenerator.Input;
import io.m300.harness.features.livingdoc.Pages.Culprit;
import io.m300.harness.features.livingdoc.Pages.Why;
import io.m300.harness.features.livingdoc.ScenarioResult.Step;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a verdict is and why: the scenarios' verdict (violations every waiver accepts make it
 * "accepted"), the resources a finding names, and the line under a badge (the failing step and
 * message, why a check could not look, or why it was skipped).
 */
final class Verdicts {

    private Verdicts() {}

    /** The scenarios' verdict; violated ones that every waiver accepts make it "accepted". */
    static Verdict verdict(RunFindings findings, List<ScenarioResult> scenarios) {
        Verdict v = Verdict.of(scenarios);
        if (v != Verdict.FAILED) {
            return v;
        }
        List<ScenarioResult> accepted = findings.acceptedScenarios();
        boolean allAccepted = scenarios.stream()
                .filter(s -> s.status().isFailure())
                .allMatch(s -> s.failedOnAssertion() && accepted.stream().anyMatch(a -> a == s));
        return allAccepted ? Verdict.ACCEPTED : v;
    }

    static RunFindings findingsOf(Input in, Run run) {
        for (RunFindings f : in.findings()) {
            if (f.run() == run) {
                return f;
            }
        }
        return RunFindings.of(run, List.of(), LocalDate.now());
    }

    /** The resources a scenario's findings name, as the pages show them. */
    static List<Culprit> culprits(RunFindings findings, ScenarioResult s) {
        List<Culprit> out = new ArrayList<>();
        for (Finding f : findings.of(s)) {
            if (f.resources().isEmpty()) {
                f.describe().forEach(d -> out.add(new Culprit(d, null, null, null, true)));
            }
            for (var n : f.resources()) {
                var where = n.outsideTheStack() ? null : n.entry().effective();
                out.add(new Culprit(
                        n.describe(),
                        n.outsideTheStack() ? n.reference() : n.entry().address(),
                        where == null ? null : where.toString(),
                        where == null ? null : where.link(System::getenv),
                        n.outsideTheStack()));
            }
        }
        return out.stream().distinct().toList();
    }

    static String waiverOf(RunFindings findings, ScenarioResult s) {
        return findings.of(s).stream()
                .map(f -> f.waiver().text().orElse(null))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** Under a badge: the failing step and message, or the reason for the skip. */
    static List<Why> whys(RunFindings findings, List<ScenarioResult> scenarios) {
        List<Why> whys = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (s.status().isFailure() && s.failedOnAssertion()) {
                s.failingStep()
                        .ifPresent(step -> whys.add(new Why(
                                Why.Kind.VIOLATED,
                                firstLines(step.message(), 3),
                                step.keyword() + " " + step.text(),
                                culprits(findings, s),
                                waiverOf(findings, s))));
            } else if (s.status().isFailure()) {
                whys.add(s.failingStep()
                        .map(step -> new Why(Why.Kind.ERRORED, errorOf(s, step), step.keyword() + " " + step.text()))
                        .orElse(new Why(Why.Kind.ERRORED, "the scenario failed without a failing step", null)));
            } else if (s.status() == Status.SKIPPED) {
                s.skipReason().ifPresent(r -> whys.add(new Why(Why.Kind.SKIPPED, r, null)));
            }
        }
        return whys;
    }

    /** Why a check could not look: {@code SdkClientException: Unable to execute HTTP request}. */
    private static String errorOf(ScenarioResult s, Step step) {
        String type = s.errorType();
        String message = step.status() == Status.UNDEFINED
                ? "no step definition matches it"
                : step.status() == Status.FAILED
                        ? firstLines(step.message(), 3)
                                .replaceFirst("^(?:[a-z_][\\w$]*\\.)+(?=[A-Z][\\w$]*(?:Exception|Error)\\b)", "")
                                // an AWS answer that is no evidence (support's CouldNotVerify) says so itself: "could
                                // not verify: <call> answered <code> (<status>)"
                                .replaceFirst("^(?:[a-z_][\\w$]*\\.)*CouldNotVerify: ", "")
                        : "it is " + step.status().label();
        return (type.isEmpty() || message.startsWith(type) ? "" : type + ": ") + message;
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        if (lines.length <= n) {
            return text;
        }
        return String.join("\n", Arrays.copyOf(lines, n)) + " …";
    }
}
