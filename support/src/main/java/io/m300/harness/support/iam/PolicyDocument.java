package io.m300.harness.support.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.policybuilder.iam.IamValue;

/**
 * An IAM policy document (identity policy, trust policy or resource policy such as a KMS key
 * policy), read by the SDK's policy model ({@link IamPolicy#fromJson}). IAM's Get*Policy APIs
 * return documents URL-encoded: text that starts with {@code %7B} or contains {@code %22} is
 * decoded first. Two things IAM accepts and {@code fromJson} does not are smoothed out before:
 * condition values written as JSON booleans or numbers ({@code "aws:SecureTransport": false},
 * which {@code fromJson} would silently drop or reject) become strings, and a document without
 * statements is an empty document.
 *
 * <p>{@code name} labels the document in every description (e.g. the policy's name or ARN).
 */
public record PolicyDocument(String name, String version, List<Statement> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyDocument {
        name = name == null ? "policy" : name;
        statements = statements == null ? List.of() : List.copyOf(statements);
    }

    /**
     * One statement of the SDK model, with its position (1-based) in its document. Single strings
     * and arrays both read as lists; absent elements are empty lists. {@code principal} maps a
     * principal type ({@code AWS}, {@code Service}, {@code Federated}, {@code CanonicalUser}) to
     * its values; {@code "Principal": "*"} becomes {@code {"*": ["*"]}}.
     */
    public record Statement(int index, IamStatement iam) {

        public String sid() {
            return iam.sid();
        }

        public String effect() {
            return iam.effect().value();
        }

        public List<String> actions() {
            return values(iam.actions());
        }

        public List<String> notActions() {
            return values(iam.notActions());
        }

        public List<String> resources() {
            return values(iam.resources());
        }

        public List<String> notResources() {
            return values(iam.notResources());
        }

        public Map<String, List<String>> principal() {
            return byType(iam.principals());
        }

        public Map<String, List<String>> notPrincipal() {
            return byType(iam.notPrincipals());
        }

        /** Operator -> condition key -> values, in document order; empty without a (non-empty) Condition block. */
        public Map<String, Map<String, List<String>>> conditions() {
            Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
            for (IamCondition c : iam.conditions()) {
                out.computeIfAbsent(c.operator().value(), o -> new LinkedHashMap<>())
                        .computeIfAbsent(c.key().value(), k -> new ArrayList<>())
                        .add(c.value());
            }
            return out;
        }

        public boolean hasCondition() {
            return !iam.conditions().isEmpty();
        }

        public boolean isAllow() {
            return "Allow".equalsIgnoreCase(effect());
        }

        public boolean isDeny() {
            return "Deny".equalsIgnoreCase(effect());
        }

        /** True for {@code "Principal": "*"} and for an {@code AWS} principal list holding {@code "*"}. */
        public boolean hasPublicPrincipal() {
            Map<String, List<String>> p = principal();
            return p.containsKey("*") || p.getOrDefault("AWS", List.of()).contains("*");
        }

        /** {@code "statement #2 (sid 'Admin')"}. */
        public String label() {
            String sid = sid();
            return "statement #" + index + (sid == null || sid.isEmpty() ? "" : " (sid '" + sid + "')");
        }

        /** The statement in one line, e.g. {@code Allow Action [rds:*] on Resource [*]}. */
        public String summary() {
            StringBuilder s = new StringBuilder(effect());
            Map<String, List<String>> principal = principal();
            if (!principal.isEmpty()) {
                s.append(" Principal ").append(principal.containsKey("*") ? "*" : principal.toString());
            }
            if (!notPrincipal().isEmpty()) {
                s.append(" NotPrincipal ").append(notPrincipal());
            }
            append(s, " Action ", actions());
            append(s, " NotAction ", notActions());
            append(s, " on Resource ", resources());
            append(s, " on NotResource ", notResources());
            return s.append(hasCondition() ? " with a Condition" : "").toString();
        }

        private static void append(StringBuilder s, String label, List<String> values) {
            if (!values.isEmpty()) {
                s.append(label).append(values);
            }
        }

        private static List<String> values(List<? extends IamValue> values) {
            return values.stream().map(IamValue::value).toList();
        }

        private static Map<String, List<String>> byType(List<IamPrincipal> principals) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            principals.forEach(p -> out.computeIfAbsent(p.type().value(), t -> new ArrayList<>())
                    .add(p.id()));
            return out;
        }
    }

    /** Parses a document labelled {@code "policy"}. */
    public static PolicyDocument parse(String json) {
        return parse("policy", json);
    }

    /** Parses a document (plain or URL-encoded JSON). Malformed text is an {@link IllegalArgumentException}. */
    public static PolicyDocument parse(String name, String json) {
        Objects.requireNonNull(json, "policy document text");
        String text = json.trim();
        if (text.startsWith("%7B") || text.startsWith("%7b") || text.contains("%22")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "policy document " + name + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy document " + name + " is not a JSON object");
        }
        JsonNode statements = root.get("Statement");
        if (statements == null || statements.isNull() || statements.isContainerNode() && statements.isEmpty()) {
            return new PolicyDocument(name, root.path("Version").asText(null), List.of());
        }
        (statements.isArray() ? statements : List.of(statements))
                .forEach(s -> conditionValuesAsStrings(s.get("Condition")));
        IamPolicy policy;
        try {
            policy = IamPolicy.fromJson(root.toString());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "policy document " + name + " is not a valid IAM policy: " + e.getMessage(), e);
        }
        List<Statement> out = new ArrayList<>();
        policy.statements().forEach(s -> out.add(new Statement(out.size() + 1, s)));
        return new PolicyDocument(name, policy.version(), out);
    }

    /** {@code "Bool": {"aws:SecureTransport": false}} -> {@code "false"}: IAM reads such values as strings. */
    private static void conditionValuesAsStrings(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return;
        }
        for (JsonNode keys : condition) {
            if (keys instanceof ObjectNode byKey) {
                for (Map.Entry<String, JsonNode> kv : byKey.properties()) {
                    if (kv.getValue() instanceof ArrayNode list) {
                        for (int i = 0; i < list.size(); i++) {
                            list.set(i, list.textNode(list.get(i).asText()));
                        }
                    } else if (kv.getValue().isValueNode() && !kv.getValue().isNull()) {
                        kv.setValue(byKey.textNode(kv.getValue().asText()));
                    }
                }
            }
        }
    }
}
