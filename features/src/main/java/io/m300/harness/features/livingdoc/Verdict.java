package io.m300.harness.features.livingdoc;

import java.util.List;

/**
 * A control's verdict on one target, from all the scenarios tagged with its ID. A control whose
 * configuration scenario passed and whose behaviour scenario was skipped is {@link #PARTLY}:
 * passed, and the docs say what was not checked there. A control is {@link #FAILED} (shown as
 * "violated") when a step failed on an assertion: the check looked and found the control broken.
 * It is {@link #ERRORED} ("could not be verified") when a scenario failed any other way (an SDK
 * error, a null pointer, an undefined step): the check could not look, which says nothing about
 * the control either way.
 */
public enum Verdict {
    PASSED("passed", "passed"),
    PARTLY("partly", "passed, behaviour skipped"),
    FAILED("failed", "violated"),
    /** Violated, and a waiver accepts it until its expiry: shown with the waiver, not failing the run. */
    ACCEPTED("accepted", "accepted"),
    ERRORED("errored", "could not be verified"),
    SKIPPED("skipped", "skipped on this target"),
    NOT_COVERED("not-covered", "not yet covered");

    private final String css;
    private final String label;

    Verdict(String css, String label) {
        this.css = css;
        this.label = label;
    }

    public String css() {
        return css;
    }

    public String label() {
        return label;
    }

    /** Violated or could not be verified: the control is not shown to hold. */
    public boolean isFailure() {
        return this == FAILED || this == ERRORED;
    }

    public static Verdict of(List<ScenarioResult> scenarios) {
        if (scenarios.isEmpty()) {
            return NOT_COVERED;
        }
        boolean anyPassed = false;
        boolean anySkipped = false;
        boolean anyErrored = false;
        for (ScenarioResult s : scenarios) {
            if (s.status().isFailure() && s.failedOnAssertion()) {
                return FAILED;
            }
            if (s.status().isFailure()) {
                anyErrored = true;
                continue;
            }
            anyPassed |= s.status() == Status.PASSED;
            anySkipped |= s.status() == Status.SKIPPED;
        }
        if (anyErrored) {
            return ERRORED;
        }
        if (anyPassed && anySkipped) {
            return PARTLY;
        }
        return anyPassed ? PASSED : SKIPPED;
    }
}
