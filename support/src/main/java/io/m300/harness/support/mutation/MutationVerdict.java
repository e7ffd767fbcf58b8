package io.m300.harness.support.mutation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one suite run against a mutant says about it.
 * <ul>
 *   <li>Killed: a scenario of the mutant's own control failed on an assertion (the check saw the
 *       control broken and said so), none of them threw, and every other control it tripped is
 *       declared in the mutant's README ({@code Also trips: NET-02 (why)}).</li>
 *   <li>Undeclared: killed, but it also tripped a control (or a scenario without one) that its README
 *       does not declare: either the mutant breaks more than its control, or another check fails
 *       where it should not. It fails the run.</li>
 *   <li>Errored: a scenario of the control threw instead of asserting (an AWS answer that is no
 *       evidence, "could not verify: ...", an SDK error, a null pointer, a harness error): the check
 *       could not look, which proves nothing about its teeth, even where another scenario of the
 *       control asserted; it fails the run like a survivor.</li>
 *   <li>Not checkable: every scenario of the control was skipped (the target lacks what they need),
 *       or there is none.</li>
 *   <li>Survived: the control's scenarios ran and passed although the control was broken.</li>
 * </ul>
 * Precise: no other control's scenario failed (on an assertion or otherwise).
 */
public record MutationVerdict(String control, Verdict verdict, Set<String> tripped, String reason) {

    public enum Verdict {
        KILLED,
        UNDECLARED,
        SURVIVED,
        ERRORED,
        NOT_CHECKABLE,
        NOT_APPLIED;

        /** The report's spelling: {@code killed}, {@code not-checkable}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Survived, undeclared, errored and not applied fail the mutation run. */
        public boolean failsTheRun() {
            return this == SURVIVED || this == UNDECLARED || this == ERRORED || this == NOT_APPLIED;
        }
    }

    /** One scenario's outcome: its tags (with or without '@'), its status, and a message when not passed. */
    public record ScenarioResult(String name, Set<String> tags, Status status, String message) {}

    /** FAILED: on an assertion; ERRORED: anything else was thrown. */
    public enum Status {
        PASSED,
        FAILED,
        ERRORED,
        SKIPPED;

        public boolean failure() {
            return this == FAILED || this == ERRORED;
        }
    }

    private static final Pattern CONTROL_TAG = Pattern.compile("@?([A-Z]+-\\d{2})");

    public boolean precise() {
        return tripped.isEmpty();
    }

    /**
     * True when a scenario's failure is an assertion: {@link AssertionError} and its subclasses
     * (AssertJ's, opentest4j's {@code AssertionFailedError}), or a collection of soft assertions
     * ({@code MultipleFailuresError}) every one of which is an assertion. An exception that merely
     * wraps an assertion is not one: the step did not assert, something threw.
     */
    public static boolean isAssertion(Throwable t) {
        if (!(t instanceof AssertionError)) {
            return false;
        }
        try {
            var m = t.getClass().getMethod("getFailures");
            if (m.invoke(t) instanceof Collection<?> failures) {
                return failures.stream().allMatch(f -> f instanceof Throwable x && isAssertion(x));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not a collection of failures: a plain assertion
        }
        return true;
    }

    /** A mutant that Terraform could not apply: it proves nothing, and the run says so. */
    public static MutationVerdict notApplied(String control, String message) {
        return new MutationVerdict(control, Verdict.NOT_APPLIED, Set.of(), "could not be applied: " + message);
    }

    /** A mutant whose run broke before its suite could judge it (a failed baseline, a crashed shard). */
    public static MutationVerdict errored(String control, String message) {
        return new MutationVerdict(control, Verdict.ERRORED, Set.of(), "could not be verified: " + message);
    }

    /** {@link #judge(String, List, Set)} of a mutant whose README declares no other control it trips. */
    public static MutationVerdict judge(String control, List<ScenarioResult> results) {
        return judge(control, results, Set.of());
    }

    /**
     * The verdict on a mutant of {@code control}; {@code declared}: the controls its README says it
     * also trips (by design), which a kill may trip.
     */
    public static MutationVerdict judge(String control, List<ScenarioResult> results, Set<String> declared) {
        List<ScenarioResult> own =
                results.stream().filter(r -> controls(r).contains(control)).toList();
        Set<String> tripped = new TreeSet<>();
        for (ScenarioResult r : results) {
            if (r.status().failure()) {
                Set<String> ids = controls(r);
                if (ids.isEmpty()) {
                    tripped.add(r.name());
                }
                ids.stream().filter(id -> !id.equals(control)).forEach(tripped::add);
            }
        }
        var errored = own.stream().filter(r -> r.status() == Status.ERRORED).findFirst();
        if (errored.isPresent()) {
            return new MutationVerdict(
                    control,
                    Verdict.ERRORED,
                    tripped,
                    "could not be verified: " + errored.get().name() + " threw instead of asserting: "
                            + errored.get().message());
        }
        var failed = own.stream().filter(r -> r.status() == Status.FAILED).findFirst();
        if (failed.isPresent()) {
            Set<String> undeclared = new TreeSet<>(tripped);
            undeclared.removeAll(declared);
            if (!undeclared.isEmpty()) {
                return new MutationVerdict(
                        control,
                        Verdict.UNDECLARED,
                        tripped,
                        "killed, but it also tripped " + undeclared
                                + ", which its README does not declare (a line 'Also trips: <ID> (why)'): "
                                + failed.get().name() + ": "
                                + failed.get().message());
            }
            return new MutationVerdict(
                    control,
                    Verdict.KILLED,
                    tripped,
                    failed.get().name() + ": " + failed.get().message());
        }
        if (own.isEmpty()) {
            return new MutationVerdict(control, Verdict.NOT_CHECKABLE, tripped, "no scenario is tagged @" + control);
        }
        if (own.stream().allMatch(r -> r.status() == Status.SKIPPED)) {
            return new MutationVerdict(
                    control,
                    Verdict.NOT_CHECKABLE,
                    tripped,
                    "every scenario of " + control + " was skipped: "
                            + own.get(0).message());
        }
        return new MutationVerdict(
                control,
                Verdict.SURVIVED,
                tripped,
                "the scenarios of " + control + " passed although the control was broken: "
                        + own.stream()
                                .filter(r -> r.status() == Status.PASSED)
                                .map(ScenarioResult::name)
                                .toList());
    }

    /** Mutant names ({@code NET-02}, {@code NET-02.extra-group}) grouped by their control, both sorted. */
    public static Map<String, List<String>> byControl(Collection<String> mutantNames) {
        Map<String, List<String>> groups = new TreeMap<>();
        for (String name : new TreeSet<>(mutantNames)) {
            int dot = name.indexOf('.');
            groups.computeIfAbsent(dot < 0 ? name : name.substring(0, dot), k -> new ArrayList<>())
                    .add(name);
        }
        return groups;
    }

    /** The control IDs among a scenario's tags ({@code @NET-01} -> {@code NET-01}). */
    public static Set<String> controls(ScenarioResult r) {
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
