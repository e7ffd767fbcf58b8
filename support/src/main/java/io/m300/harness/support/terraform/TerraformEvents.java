package io.m300.harness.support.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a Terraform command run with {@code -json} ({@code init}, {@code plan}, {@code apply},
 * {@code destroy}) reports, read from its machine-readable UI stream, one JSON object a line
 * (https://developer.hashicorp.com/terraform/internals/machine-readable-ui): the resources being changed
 * ({@code apply_start}, {@code apply_complete}, {@code apply_errored}), whether one is still being
 * changed ({@code apply_progress}), and the error diagnostics. Each line is also rendered as the text
 * Terraform would have printed ({@code @message}, a diagnostic with its detail), for the log and for
 * readers of the output. A line that is not JSON (a command run without {@code -json}) is kept as text.
 * Fed from one thread (the command's stdout reader), read from others: its methods are synchronized.
 */
final class TerraformEvents {

    /** An error Terraform reported: its summary, detail, and the resource or file it is about. */
    record Diagnostic(String summary, String detail, String address, String file, int line) {

        /** One line: the summary, the detail's first paragraph, and where. */
        String oneLine() {
            String where =
                    !address.isEmpty() ? " (" + address + ")" : !file.isEmpty() ? " at " + file + ":" + line : "";
            String firstParagraph = detail.strip().split("\\n\\s*\\n", 2)[0];
            return (summary + (firstParagraph.isEmpty() ? "" : ": " + firstParagraph))
                            .replaceAll("\\s+", " ")
                            .trim()
                    + where;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> inFlight = new LinkedHashSet<>();
    private final List<Diagnostic> errors = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int done;

    /**
     * Reads one line of output; true when it says that a resource is still being changed (Terraform
     * reports that every 10 s of a change, so the command holds the state lock by then).
     */
    synchronized boolean accept(String line) {
        JsonNode event = parse(line);
        if (event == null) {
            text.append(line).append('\n');
            return false;
        }
        String type = event.path("type").asText();
        String address = event.path("hook").path("resource").path("addr").asText("");
        switch (type) {
            case "apply_start" -> inFlight.add(address);
            case "apply_complete", "apply_errored" -> {
                inFlight.remove(address);
                done++;
            }
            case "diagnostic" -> {
                JsonNode d = event.path("diagnostic");
                if ("error".equals(d.path("severity").asText())) {
                    errors.add(new Diagnostic(
                            d.path("summary").asText(""),
                            d.path("detail").asText(""),
                            d.path("address").asText(""),
                            d.path("range").path("filename").asText(""),
                            d.path("range").path("start").path("line").asInt()));
                }
                text.append(event.path("@message").asText()).append('\n');
                if (!d.path("detail").asText("").isEmpty()) {
                    text.append('\n').append(d.path("detail").asText()).append("\n\n");
                }
                return false;
            }
            default -> {}
        }
        if (!"apply_progress".equals(type)) { // the heartbeat says how long it runs; the progress lines only repeat it
            text.append(event.path("@message").asText(line)).append('\n');
        }
        return "apply_progress".equals(type);
    }

    /** The resources being created, changed or deleted now, in the order they started. */
    synchronized List<String> inFlight() {
        return List.copyOf(inFlight);
    }

    /** How many resource changes have ended (complete or errored). */
    synchronized int done() {
        return done;
    }

    /** The first error Terraform reported, if it reported one as a diagnostic. */
    synchronized Optional<Diagnostic> firstError() {
        return errors.stream().findFirst();
    }

    /** Everything read, as Terraform would have printed it without {@code -json}. */
    synchronized String text() {
        return text.toString();
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node.isObject() && node.has("type") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
