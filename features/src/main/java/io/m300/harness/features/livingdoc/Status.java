package io.m300.harness.features.livingdoc;

import java.util.Locale;

/**
 * A Cucumber result status, ordered as Cucumber orders them: a scenario's status is the worst
 * (last in this order) of its steps' and hooks' statuses, which is what Cucumber's own summary
 * ({@code N Scenarios (x passed, y skipped)}) counts.
 */
public enum Status {
    PASSED,
    SKIPPED,
    PENDING,
    UNDEFINED,
    AMBIGUOUS,
    FAILED;

    public static Status of(String json) {
        if (json == null) {
            return UNDEFINED;
        }
        return switch (json.toLowerCase(Locale.ROOT)) {
            case "passed" -> PASSED;
            case "skipped" -> SKIPPED;
            case "pending" -> PENDING;
            case "ambiguous" -> AMBIGUOUS;
            case "failed" -> FAILED;
            default -> UNDEFINED; // "undefined", "unknown", "unused"
        };
    }

    /** Anything but passed and skipped fails the build. */
    public boolean isFailure() {
        return this.compareTo(PENDING) >= 0;
    }

    public Status worst(Status other) {
        return other.compareTo(this) > 0 ? other : this;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
