package io.m300.harness.support.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.stack.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * SEC-03 by effect: every secret value that Terraform state or a saved plan holds, whatever its
 * name. A secret is
 * <ul>
 *   <li>{@value #MARKED}: a value at a path the provider (or the configuration) marks sensitive:
 *       the raw state's {@code sensitive_attributes} of each instance, the plan's
 *       {@code sensitive_values}, {@code before_sensitive}/{@code after_sensitive}, sensitive
 *       outputs, and the values of variables declared {@code sensitive};</li>
 *   <li>{@value #GENERATED}: the result of a {@code random_password} (with its bcrypt hash);</li>
 *   <li>{@value #SECURE_STRING}: the {@code value} of an {@code aws_ssm_parameter} (resource or
 *       data source) of type SecureString, and a Secrets Manager secret's string or binary.</li>
 * </ul>
 * Empty strings, nulls and empty collections hold nothing. Each {@link Hit} names where (an
 * address and an attribute path, never the value) and carries the value wrapped in a
 * {@link Secret}, so that a caller may tell a value it supplied itself (the run's own test
 * certificate key) from the stack's. Pure: works on the JSON of {@code terraform state pull} and
 * {@code terraform show -json}.
 */
public final class SensitiveValues {

    public static final String MARKED = "a value marked sensitive";
    public static final String GENERATED = "a generated password";
    public static final String SECURE_STRING = "a SecureString parameter's or secret's value";

    /** Types whose listed attributes hold a secret, whether or not the document marks them. */
    private static final Map<String, Set<String>> SECRET_ATTRIBUTES = Map.of(
            "random_password", Set.of("result", "bcrypt_hash"),
            "aws_secretsmanager_secret_version", Set.of("secret_string", "secret_binary"));

    /** A secret found: where (address, attribute), what kind, and the value (never printed). */
    public record Hit(String address, String attribute, String kind, Secret value) {
        @Override
        public String toString() {
            return address + ", attribute " + attribute + ": " + kind;
        }
    }

    private SensitiveValues() {}

    /** The secrets of a raw state ({@code terraform state pull}, format version 4). */
    public static List<Hit> inState(JsonNode state) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (JsonNode r : state.path("resources")) {
            String base = address(
                    r.path("module").asText(""),
                    r.path("mode").asText(),
                    r.path("type").asText(),
                    r.path("name").asText());
            for (JsonNode instance : r.path("instances")) {
                String address = base + indexKey(instance.get("index_key"));
                JsonNode attributes = instance.path("attributes");
                JsonNode marks = instance.path("sensitive_attributes");
                if (marks.isArray()) { // [[{"type":"get_attr","value":"password"}], ...]
                    for (JsonNode steps : marks) {
                        JsonNode at = attributes;
                        StringBuilder path = new StringBuilder();
                        for (JsonNode step : steps) {
                            JsonNode key = step.path("value");
                            if ("get_attr".equals(step.path("type").asText())) {
                                at = at.path(key.asText());
                                path.append(path.length() == 0 ? "" : ".").append(key.asText());
                            } else { // index: {"value": 0, "type": "number"} or {"value": "k", "type": "string"}
                                JsonNode k = key.has("value") ? key.get("value") : key;
                                at = k.isNumber() ? at.path(k.asInt()) : at.path(k.asText());
                                path.append('[').append(k.asText()).append(']');
                            }
                        }
                        leaves(
                                at,
                                path.toString(),
                                (p, v) -> hits.putIfAbsent(address + " " + p, new Hit(address, p, MARKED, v)));
                    }
                } else if (marks.isObject()) { // the plan's shape: {"password": true}
                    marked(
                            attributes,
                            marks,
                            "",
                            (p, v) -> hits.putIfAbsent(address + " " + p, new Hit(address, p, MARKED, v)));
                }
                byType(r.path("type").asText(), address, attributes, hits);
            }
        }
        return List.copyOf(hits.values());
    }

    /** The secrets of a saved plan ({@code terraform show -json}): prior state, planned values, changes, outputs, variables. */
    public static List<Hit> inPlan(JsonNode plan) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (String section : List.of("prior_state", "planned_values")) {
            JsonNode values = section.equals("prior_state")
                    ? plan.path("prior_state").path("values")
                    : plan.path("planned_values");
            module(values.path("root_module"), hits);
            values.path("outputs").properties().forEach(o -> {
                if (o.getValue().path("sensitive").asBoolean(false)) {
                    leaves(
                            o.getValue().path("value"),
                            "value",
                            (p, v) -> hits.putIfAbsent(
                                    "output." + o.getKey() + " " + p, new Hit("output." + o.getKey(), p, MARKED, v)));
                }
            });
        }
        for (JsonNode rc : plan.path("resource_changes")) {
            String address = rc.path("address").asText();
            for (String side : List.of("before", "after")) {
                JsonNode values = rc.path("change").path(side);
                marked(
                        values,
                        rc.path("change").path(side + "_sensitive"),
                        "",
                        (p, v) -> hits.putIfAbsent(address + " " + p, new Hit(address, p, MARKED, v)));
                byType(rc.path("type").asText(), address, values, hits);
            }
        }
        plan.path("output_changes").properties().forEach(o -> {
            for (String side : List.of("before", "after")) {
                if (o.getValue().path(side + "_sensitive").asBoolean(false)) {
                    leaves(
                            o.getValue().path(side),
                            side,
                            (p, v) -> hits.putIfAbsent(
                                    "output." + o.getKey() + " " + p, new Hit("output." + o.getKey(), p, MARKED, v)));
                }
            }
        });
        JsonNode declared = plan.path("configuration").path("root_module").path("variables");
        plan.path("variables").properties().forEach(var -> {
            if (declared.path(var.getKey()).path("sensitive").asBoolean(false)) {
                leaves(
                        var.getValue().path("value"),
                        "value",
                        (p, v) -> hits.putIfAbsent(
                                "var." + var.getKey() + " " + p,
                                new Hit("var." + var.getKey(), p, MARKED + " (a variable declared sensitive)", v)));
            }
        });
        return List.copyOf(hits.values());
    }

    /** The hits whose value is none of {@code supplied} (values the caller gave the stack itself); the others in {@code tolerated}. */
    public static List<Hit> except(List<Hit> hits, Collection<String> supplied, List<Hit> tolerated) {
        List<Hit> out = new ArrayList<>();
        for (Hit h : hits) {
            if (supplied.stream()
                    .anyMatch(
                            s -> s != null && !s.isBlank() && s.equals(h.value().reveal()))) {
                tolerated.add(h);
            } else {
                out.add(h);
            }
        }
        return out;
    }

    private static void module(JsonNode module, Map<String, Hit> hits) {
        for (JsonNode r : module.path("resources")) {
            String address = r.path("address").asText();
            marked(
                    r.path("values"),
                    r.path("sensitive_values"),
                    "",
                    (p, v) -> hits.putIfAbsent(address + " " + p, new Hit(address, p, MARKED, v)));
            byType(r.path("type").asText(), address, r.path("values"), hits);
        }
        for (JsonNode child : module.path("child_modules")) {
            module(child, hits);
        }
    }

    /** The attributes that hold a secret by the resource's type, marked or not. */
    private static void byType(String type, String address, JsonNode attributes, Map<String, Hit> hits) {
        if (type.equals("aws_ssm_parameter")
                && "SecureString".equals(attributes.path("type").asText())) {
            leaves(
                    attributes.path("value"),
                    "value",
                    (p, v) -> hits.put(address + " " + p, new Hit(address, p, SECURE_STRING, v)));
        }
        for (String attribute : SECRET_ATTRIBUTES.getOrDefault(type, Set.of())) {
            String kind = type.equals("random_password") ? GENERATED : SECURE_STRING;
            leaves(
                    attributes.path(attribute),
                    attribute,
                    (p, v) -> hits.put(address + " " + p, new Hit(address, p, kind, v)));
        }
    }

    /** Walks values beside their sensitivity mirror ({@code true} where sensitive). */
    private static void marked(JsonNode values, JsonNode marks, String path, BiConsumer<String, Secret> sink) {
        if (marks == null || marks.isMissingNode() || marks.isNull()) {
            return;
        }
        if (marks.isBoolean()) {
            if (marks.asBoolean()) {
                leaves(values, path.isEmpty() ? "(whole)" : path, sink);
            }
            return;
        }
        if (marks.isObject()) {
            marks.properties()
                    .forEach(e -> marked(
                            values.path(e.getKey()),
                            e.getValue(),
                            path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                            sink));
        } else if (marks.isArray()) {
            for (int i = 0; i < marks.size(); i++) {
                marked(values.path(i), marks.get(i), path + "[" + i + "]", sink);
            }
        }
    }

    /** Every non-empty scalar under a node (a map of secrets is several). */
    private static void leaves(JsonNode node, String path, BiConsumer<String, Secret> sink) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isValueNode()) {
            String text = node.asText();
            if (!text.isEmpty() && !node.isBoolean()) {
                sink.accept(path, new Secret(text));
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> leaves(e.getValue(), path + "." + e.getKey(), sink));
        } else {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), path + "[" + i + "]", sink);
            }
        }
    }

    private static String address(String module, String mode, String type, String name) {
        return (module.isEmpty() ? "" : module + ".")
                + ("data".equals(mode) ? "data." : "ephemeral".equals(mode) ? "ephemeral." : "") + type + "." + name;
    }

    private static String indexKey(JsonNode key) {
        if (key == null || key.isNull() || key.isMissingNode()) {
            return "";
        }
        return key.isNumber() ? "[" + key.asText() + "]" : "[\"" + key.asText() + "\"]";
    }
}
