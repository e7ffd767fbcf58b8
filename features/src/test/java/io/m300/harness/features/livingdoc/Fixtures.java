package io.m300.harness.features.livingdoc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Hand-built Cucumber JSON, shaped as cucumber-jvm 7.34's json plugin writes it. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static final class Report {
        final ArrayNode features = JSON.createArrayNode();

        Feature feature(String name, String uri, String description) {
            ObjectNode f = features.addObject();
            f.put("line", 2)
                    .put("uri", uri)
                    .put("id", name.toLowerCase())
                    .put("keyword", "Feature")
                    .put("name", name)
                    .put("description", description);
            f.putArray("elements");
            return new Feature(f);
        }

        String json() {
            return features.toPrettyString();
        }

        Path write(Path file) throws Exception {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json());
            return file;
        }
    }

    static final class Feature {
        final ObjectNode node;

        Feature(ObjectNode node) {
            this.node = node;
        }

        /** Adds the background element (written before each scenario) and a scenario. */
        Scenario scenario(String name, String... tags) {
            ArrayNode elements = (ArrayNode) node.get("elements");
            ObjectNode bg = elements.addObject();
            bg.put("line", 5)
                    .put("type", "background")
                    .put("keyword", "Background")
                    .put("name", "")
                    .put("description", "");
            ObjectNode given = bg.putArray("steps").addObject();
            given.put("keyword", "Given ").put("line", 6).put("name", "the deployed m300 stack");
            given.putObject("result").put("duration", 1_000_000L).put("status", "passed");
            attach(given, "target", "run m300-test on moto_server");

            ObjectNode sc = elements.addObject();
            sc.put("start_timestamp", "2026-11-27T07:21:23.745Z")
                    .put("line", 9)
                    .put("id", name)
                    .put("type", "scenario")
                    .put("keyword", "Scenario")
                    .put("name", name)
                    .put("description", "");
            sc.putArray("steps");
            ArrayNode before = sc.putArray("before");
            before.addObject().putObject("result").put("duration", 500_000L).put("status", "passed");
            ArrayNode t = sc.putArray("tags");
            for (String tag : tags) {
                t.addObject().put("name", tag);
            }
            return new Scenario(sc, given);
        }
    }

    static final class Scenario {
        final ObjectNode node;
        final ObjectNode backgroundStep;

        Scenario(ObjectNode node, ObjectNode backgroundStep) {
            this.node = node;
            this.backgroundStep = backgroundStep;
        }

        Scenario step(String keyword, String text, String status, String error, String... evidence) {
            ObjectNode s = ((ArrayNode) node.get("steps")).addObject();
            s.put("keyword", keyword + " ").put("line", 10).put("name", text);
            s.putObject("match").put("location", "io.m300.harness.steps.X.y()");
            ObjectNode r = s.putObject("result").put("duration", 250_000_000L).put("status", status);
            if (error != null) {
                r.put("error_message", error);
            }
            for (int i = 0; i + 1 < evidence.length; i += 2) {
                attach(s, evidence[i], evidence[i + 1]);
            }
            return this;
        }

        Scenario passed(String text, String... evidence) {
            return step("Then", text, "passed", null, evidence);
        }

        Scenario afterHookFailed(String error) {
            ArrayNode after = node.has("after") ? (ArrayNode) node.get("after") : node.putArray("after");
            ObjectNode hook = after.addObject();
            hook.putObject("match").put("location", "io.m300.harness.steps.X.cleanUp()");
            hook.putObject("result")
                    .put("duration", 1_000L)
                    .put("status", "failed")
                    .put("error_message", error);
            return this;
        }

        /** As FindingSources does it on a failed scenario: the stack's resources, attached by an After hook. */
        Scenario withStackResources(String json) {
            ArrayNode after = node.has("after") ? (ArrayNode) node.get("after") : node.putArray("after");
            ObjectNode hook = after.addObject();
            hook.putObject("match")
                    .put("location", "io.m300.harness.steps.FindingSources.attachOnFailure(io.cucumber.java.Scenario)");
            hook.putObject("result").put("duration", 1_000L).put("status", "passed");
            hook.putArray("embeddings")
                    .addObject()
                    .put("mime_type", "application/json")
                    .put("data", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                    .put("name", "finding: stack resources");
            return this;
        }

        /** As Lifecycle does it: scenario.log(reason), then throw TestAbortedException(reason). */
        Scenario skippedBecause(String reason) {
            ObjectNode hook = ((ArrayNode) node.get("before")).addObject();
            hook.putObject("match")
                    .put(
                            "location",
                            "io.m300.harness.steps.Lifecycle.skipWhenTargetLacksCapability(io.cucumber.java.Scenario)");
            hook.putObject("result")
                    .put("duration", 800_000L)
                    .put("status", "skipped")
                    .put(
                            "error_message",
                            "org.opentest4j.TestAbortedException: " + reason
                                    + "\n\tat io.m300.harness.steps.Lifecycle.skip(Lifecycle.java:40)\n");
            hook.putArray("output").add(reason);
            ((ObjectNode) backgroundStep.get("result")).put("status", "skipped");
            backgroundStep.remove("embeddings");
            return this;
        }
    }

    static void attach(ObjectNode step, String label, String text) {
        ArrayNode e = step.has("embeddings") ? (ArrayNode) step.get("embeddings") : step.putArray("embeddings");
        e.addObject()
                .put("mime_type", "text/plain")
                .put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)))
                .put("name", "evidence: " + label);
    }

    static Path runJson(Path folder, String runId, String target, String description) throws Exception {
        Files.createDirectories(folder);
        ObjectNode run = JSON.createObjectNode()
                .put("runId", runId)
                .put("target", target)
                .put("description", description)
                .put("region", "eu-central-1")
                .put("started", "2026-11-27T07:19:00Z")
                .put("capabilities", "lambda-invoke: no; alarm-actions: no");
        return Files.writeString(folder.resolve("run.json"), run.toPrettyString());
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
