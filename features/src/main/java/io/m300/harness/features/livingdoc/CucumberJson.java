package io.m300.harness.features.livingdoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.features.livingdoc.ScenarioResult.Attachment;
import io.m300.harness.features.livingdoc.ScenarioResult.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads Cucumber's JSON report ({@code json:} plugin, cucumber-jvm 7). In that format a
 * background is an element of its own, written before each scenario it belongs to; its steps
 * (and their evidence) are folded into that scenario here. A scenario skipped by a hook shows as
 * a {@code before} hook with status {@code skipped}, the reason in its {@code output} (from
 * {@code scenario.log}) and in its {@code error_message} (the {@code TestAbortedException}).
 */
public final class CucumberJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CucumberJson() {}

    public static List<ScenarioResult> read(Path file) {
        try {
            if (Files.size(file) == 0) {
                return List.of();
            }
            return parse(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Cucumber JSON " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<ScenarioResult> parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not Cucumber JSON: " + e.getMessage(), e);
        }
    }

    static List<ScenarioResult> parse(JsonNode root) {
        List<ScenarioResult> scenarios = new ArrayList<>();
        if (root == null || !root.isArray()) {
            return scenarios;
        }
        for (JsonNode feature : root) {
            String featureName = feature.path("name").asText("");
            String uri = feature.path("uri").asText("");
            String description = feature.path("description").asText("").strip();
            List<Step> background = List.of();
            for (JsonNode element : feature.path("elements")) {
                if ("background".equals(element.path("type").asText())) {
                    background = steps(element.path("steps"), true);
                    continue;
                }
                List<Step> steps = new ArrayList<>(background);
                steps.addAll(steps(element.path("steps"), false));
                background = List.of();
                List<Step> hooks = new ArrayList<>();
                hooks.addAll(hooks(element.path("before"), "Before"));
                for (JsonNode step : element.path("steps")) {
                    hooks.addAll(hooks(step.path("before"), "BeforeStep"));
                    hooks.addAll(hooks(step.path("after"), "AfterStep"));
                }
                hooks.addAll(hooks(element.path("after"), "After"));

                List<String> tags = new ArrayList<>();
                for (JsonNode tag : element.path("tags")) {
                    tags.add(tag.path("name").asText());
                }
                if (tags.isEmpty()) {
                    for (JsonNode tag : feature.path("tags")) {
                        tags.add(tag.path("name").asText());
                    }
                }
                Status status = Status.PASSED;
                long duration = 0;
                for (List<Step> group : List.of(steps, hooks)) {
                    for (Step s : group) {
                        status = status.worst(s.status());
                        duration += s.durationNanos();
                    }
                }
                scenarios.add(new ScenarioResult(
                        featureName,
                        description,
                        uri,
                        element.path("name").asText(""),
                        element.path("line").asInt(),
                        List.copyOf(tags),
                        List.copyOf(steps),
                        List.copyOf(hooks),
                        status,
                        element.path("start_timestamp").asText(""),
                        duration));
            }
        }
        return scenarios;
    }

    private static List<Step> steps(JsonNode array, boolean background) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : array) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : s.path("rows")) {
                List<String> cells = new ArrayList<>();
                row.path("cells").forEach(c -> cells.add(c.asText()));
                rows.add(cells);
            }
            String doc =
                    s.has("doc_string") ? s.path("doc_string").path("value").asText("") : null;
            steps.add(
                    step(s, s.path("keyword").asText("").trim(), s.path("name").asText(""), background, rows, doc));
        }
        return steps;
    }

    private static List<Step> hooks(JsonNode array, String kind) {
        List<Step> hooks = new ArrayList<>();
        for (JsonNode h : array) {
            String location = h.path("match").path("location").asText("");
            hooks.add(step(h, kind, location, false, List.of(), null));
        }
        return hooks;
    }

    private static Step step(
            JsonNode s, String keyword, String text, boolean background, List<List<String>> rows, String doc) {
        JsonNode result = s.path("result");
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode e : s.path("embeddings")) {
            attachments.add(attachment(e));
        }
        List<String> output = new ArrayList<>();
        s.path("output").forEach(o -> output.add(o.asText()));
        String error = result.hasNonNull("error_message")
                ? result.path("error_message").asText()
                : null;
        return new Step(
                keyword,
                text,
                background,
                Status.of(result.path("status").asText(null)),
                result.path("duration").asLong(0),
                error,
                List.copyOf(attachments),
                List.copyOf(output),
                List.copyOf(rows),
                doc);
    }

    private static Attachment attachment(JsonNode e) {
        String mediaType = e.path("mime_type").asText("application/octet-stream");
        String name = e.hasNonNull("name") ? e.path("name").asText() : null;
        String data = e.path("data").asText("");
        String text;
        if (mediaType.startsWith("text/") || mediaType.contains("json") || mediaType.contains("xml")) {
            try {
                text = new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                text = data;
            }
        } else {
            text = "(" + mediaType + " attachment, " + data.length() * 3 / 4 + " bytes, not shown)";
        }
        return new Attachment(name, mediaType, text);
    }

    /**
     * An error's message without its stack trace: everything before the first {@code "\tat "}
     * frame, with the exception's class name dropped for assertion errors and aborted tests.
     */
    static String messageOf(String error) {
        if (error == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String line : error.split("\n")) {
            String t = line.strip();
            if (t.startsWith("at ") || t.startsWith("... ") && t.endsWith("more")) {
                break;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line.stripTrailing());
        }
        String message = b.toString().strip();
        for (String prefix : List.of(
                "java.lang.AssertionError: ",
                "org.opentest4j.AssertionFailedError: ",
                "org.opentest4j.TestAbortedException: ",
                "io.m300.harness.support.aws.CouldNotVerify: ",
                "org.assertj.core.error.AssertJMultipleFailuresError: ")) {
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
        }
        return message;
    }
}
