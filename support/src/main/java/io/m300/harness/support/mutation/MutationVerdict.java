package io.m300.harness.support.mutation;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one suite run against a mutant says about it. Killed: a scenario of the mutant's own control
 * failed. Not checkable: every scenario of the control was skipped (the target lacks what they
 * need), or there is none. Survived: the control's scenarios ran and passed although the control
 * was broken. Precise: no other control's scenario failed.
 */
public record MutationVerdict(String control, Verdict verdict, Set<String> tripped, String reason) {

    public enum Verdict { KILLED, SURVIVED, NOT_CHECKABLE, NOT_APPLIED }

    /** One scenario's outcome: its tags (with or without '@'), its status, and a message when not passed. */
    public record ScenarioResult(String name, Set<String> tags, Status status, String message) {}

    public enum Status { PASSED, FAILED, SKIPPED }

    private static final Pattern CONTROL_TAG = Pattern.compile("@?([A-Z]+-\\d{2})");

    public boolean precise() {
        return tripped.isEmpty();
    }

    /** A mutant that Terraform could not apply: it proves nothing, and the run says so. */
    public static MutationVerdict notApplied(String control, String message) {
        return new MutationVerdict(control, Verdict.NOT_APPLIED, Set.of(), "could not be applied: " + message);
    }

    public static MutationVerdict judge(String control, List<ScenarioResult> results) {
        List<ScenarioResult> own = results.stream().filter(r -> controls(r).contains(control)).toList();
        Set<String> tripped = new TreeSet<>();
        for (ScenarioResult r : results) {
            if (r.status() == Status.FAILED) {
                Set<String> ids = controls(r);
                if (ids.isEmpty()) {
                    tripped.add(r.name());
                }
                ids.stream().filter(id -> !id.equals(control)).forEach(tripped::add);
            }
        }
        var failed = own.stream().filter(r -> r.status() == Status.FAILED).findFirst();
        if (failed.isPresent()) {
            return new MutationVerdict(control, Verdict.KILLED, tripped, failed.get().name() + ": " + failed.get().message());
        }
        if (own.isEmpty()) {
            return new MutationVerdict(control, Verdict.NOT_CHECKABLE, tripped, "no scenario is tagged @" + control);
        }
        if (own.stream().allMatch(r -> r.status() == Status.SKIPPED)) {
            return new MutationVerdict(control, Verdict.NOT_CHECKABLE, tripped,
                    "every scenario of " + control + " was skipped: " + own.get(0).message());
        }
        return new MutationVerdict(control, Verdict.SURVIVED, tripped,
                "the scenarios of " + control + " passed although the control was broken: "
                        + own.stream().filter(r -> r.status() == Status.PASSED).map(ScenarioResult::name).toList());
    }

    static Set<String> controls(ScenarioResult r) {
        Set<String> ids = new TreeSet<>();
        for (String tag : r.tags()) {
            var m = CONTROL_TAG.matcher(tag);
            if (m.matches()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
