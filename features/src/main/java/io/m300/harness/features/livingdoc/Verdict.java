package io.m300.harness.features.livingdoc;

import java.util.List;

/**
 * A control's verdict on one target, from all the scenarios tagged with its ID. A control whose
 * configuration scenario passed and whose behaviour scenario was skipped is {@link #PARTLY}:
 * passed, and the docs say what was not checked there.
 */
public enum Verdict {
    PASSED("passed", "passed"),
    PARTLY("partly", "passed, behaviour skipped"),
    FAILED("failed", "failed"),
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

    public static Verdict of(List<ScenarioResult> scenarios) {
        if (scenarios.isEmpty()) {
            return NOT_COVERED;
        }
        boolean anyPassed = false;
        boolean anySkipped = false;
        for (ScenarioResult s : scenarios) {
            if (s.status().isFailure()) {
                return FAILED;
            }
            anyPassed |= s.status() == Status.PASSED;
            anySkipped |= s.status() == Status.SKIPPED;
        }
        if (anyPassed && anySkipped) {
            return PARTLY;
        }
        return anyPassed ? PASSED : SKIPPED;
    }
}
