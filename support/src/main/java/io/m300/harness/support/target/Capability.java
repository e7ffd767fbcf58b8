package io.m300.harness.support.target;

import java.util.Optional;

/** What a scenario may need beyond reading configuration; a target has it or says why not. */
public enum Capability {
    LAMBDA_INVOKE("requires-lambda-invoke"),
    ALARM_ACTIONS("requires-alarm-actions"),
    IAM_SIMULATION("requires-iam-simulation"),
    NETWORK_INSIGHTS("requires-network-insights"),
    REAL_NETWORK("requires-real-network"),
    /** The target evaluates the Condition of a bucket policy's Deny (e.g. aws:SecureTransport). */
    POLICY_CONDITIONS("requires-policy-conditions");

    private final String tag;

    Capability(String tag) {
        this.tag = tag;
    }

    /** The Gherkin tag (without '@') that marks a scenario needing this capability. */
    public String tag() {
        return tag;
    }

    public static Optional<Capability> ofTag(String tag) {
        String t = tag.startsWith("@") ? tag.substring(1) : tag;
        for (Capability c : values()) {
            if (c.tag.equals(t)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
