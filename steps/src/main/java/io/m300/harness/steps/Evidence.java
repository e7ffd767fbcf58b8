package io.m300.harness.steps;

import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.m300.harness.support.report.AccountRedaction;
import io.m300.harness.support.secrets.Redactor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
        // account ids too, here: cucumber.json stores attachments base64-encoded, where the report's redaction cannot
        // see them
        String text = AccountRedaction.redact(Redactor.redact(observed, secrets), System.getenv("HARNESS_AWS_ACCOUNT"));
        if (scenario != null) {
            scenario.attach(text, MEDIA_TYPE, "evidence: " + label);
        }
    }

    public void record(String label, List<String> lines) {
        record(label, String.join("\n", lines));
    }

    /** One line an entry: {@code key: value}. */
    public void record(String label, Map<String, ?> byName) {
        record(
                label,
                byName.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .toList());
    }

    /** The attachment that names the resources a step holds at fault (one ID, ARN, name or address a line). */
    public static final String AT_FAULT = "finding: at fault";

    /**
     * Names the deployed resources this scenario's failure is about, when the step knows exactly which
     * (the finding then names them first, with their Terraform address and block). Optional: without it
     * the finding names the resources that the failure message and the evidence mention.
     */
    public void atFault(String... idsArnsNamesOrAddresses) {
        List<String> refs = Arrays.stream(idsArnsNamesOrAddresses)
                .filter(r -> r != null && !r.isBlank())
                .toList();
        if (scenario != null && !refs.isEmpty()) {
            // account ids masked here too (FindingResolver matches on masked ARNs)
            scenario.attach(
                    AccountRedaction.redact(
                            Redactor.redact(String.join("\n", refs), secrets), System.getenv("HARNESS_AWS_ACCOUNT")),
                    MEDIA_TYPE,
                    AT_FAULT);
        }
    }
}
