package io.m300.harness.features.livingdoc;

import io.m300.harness.support.report.findings.FindingResolver;
import io.m300.harness.support.report.findings.FindingResolver.Named;
import io.m300.harness.support.report.findings.SourceLocation;
import io.m300.harness.support.report.findings.StackResources;
import io.m300.harness.support.report.findings.WaiverJudgement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A violated control in one run: the scenario that failed on an assertion, its message, the resources
 * it names (Terraform address and declaring block, or "outside the stack") and what the waivers make
 * of it. {@code recorded} is false when the run attached no stack resources to the scenario (the stack
 * could not be read), so that no resource could be named.
 */
public record Finding(
        String control,
        ScenarioResult scenario,
        String message,
        List<Named> resources,
        boolean recorded,
        WaiverJudgement.Outcome waiver) {

    /** The finding of a scenario that failed on an assertion, for one of its controls (waiver not judged yet). */
    public static Finding of(ScenarioResult s, String control) {
        String message = s.failingStep().map(ScenarioResult.Step::message).orElse("");
        List<String> stackJson = s.attachments(StackResources.ATTACHMENT);
        StackResources stack = stackJson.isEmpty()
                ? new StackResources(List.of())
                : StackResources.fromJson(stackJson.get(stackJson.size() - 1));
        List<String> explicit = s.attachments("finding: at fault").stream()
                .flatMap(String::lines)
                .toList();
        List<String> evidence =
                s.evidence().stream().map(ScenarioResult.Attachment::text).toList();
        return new Finding(
                control,
                s,
                message,
                FindingResolver.resolve(stack, message, evidence, explicit),
                !stackJson.isEmpty(),
                new WaiverJudgement.Outcome(WaiverJudgement.Kind.NOT_WAIVED, null));
    }

    public Finding judged(WaiverJudgement.Outcome outcome) {
        return new Finding(control, scenario, message, resources, recorded, outcome);
    }

    /** The Terraform addresses it names. */
    public List<String> addresses() {
        return resources.stream()
                .filter(n -> !n.outsideTheStack())
                .map(n -> n.entry().address())
                .toList();
    }

    /** The first named resource's block, if any. */
    public Optional<SourceLocation> location() {
        return resources.stream()
                .filter(n -> !n.outsideTheStack())
                .map(n -> n.entry().effective())
                .filter(Objects::nonNull)
                .findFirst();
    }

    public boolean accepted() {
        return waiver.accepted();
    }

    /** The lines that say which resources are at fault, or why none is named. */
    public List<String> describe() {
        if (!resources.isEmpty()) {
            return resources.stream().map(Named::describe).toList();
        }
        return List.of(
                recorded
                        ? "no resource of the stack is named in the failure or its evidence"
                        : "the run recorded no stack resources for this scenario (the stack could not be read)");
    }
}
