package io.m300.harness.steps;

import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.m300.harness.support.report.AccountRedaction;
import io.m300.harness.support.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario observed, attached to it so that a report shows why a control passed or failed,
 * not only that it did. Every text goes through the redactor first: a secret the scenario handled
 * (the database password) is replaced before anything is written, and so is every AWS account id.
 */
public final class Evidence {

    public static final String MEDIA_TYPE = "text/plain";

    private final List<String> secrets = new ArrayList<>();
    private Scenario scenario;

    @Before(order = 0)
    public void bind(Scenario scenario) {
        this.scenario = scenario;
    }

    /** Registers a value that must never appear in evidence. */
    public void protect(String secret) {
        if (secret != null && !secret.isBlank()) {
            secrets.add(secret);
        }
    }

    /** Attaches one piece of evidence under a short label (e.g. "reachability", "snapshot"). */
    public void record(String label, String observed) {
        // account ids too, here: cucumber.json stores attachments base64-encoded, where the report's redaction cannot see them
        String text = AccountRedaction.redact(Redactor.redact(observed, secrets), System.getenv("HARNESS_AWS_ACCOUNT"));
        if (scenario != null) {
            scenario.attach(text, MEDIA_TYPE, "evidence: " + label);
        }
    }

    public void record(String label, List<String> lines) {
        record(label, String.join("\n", lines));
    }
}
