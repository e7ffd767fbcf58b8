package io.m300.harness.support.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An IAM policy document (identity policy, trust policy or resource policy such as a KMS key
 * policy), parsed from its JSON text. IAM's Get*Policy APIs return documents URL-encoded: text
 * that starts with {@code %7B} or contains {@code %22} is decoded first.
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
     * One statement. Single strings and arrays both become lists; absent elements are empty lists.
     * {@code principal} maps a principal type ({@code AWS}, {@code Service}, {@code Federated},
     * {@code CanonicalUser}) to its values; {@code "Principal": "*"} becomes {@code {"*": ["*"]}}.
     * {@code index} is the statement's position (1-based) in its document.
     */
    public record Statement(
            int index,
            String sid,
            String effect,
            List<String> actions,
            List<String> notActions,
            List<String> resources,
            List<String> notResources,
            Map<String, List<String>> principal,
            Map<String, List<String>> notPrincipal,
            boolean hasCondition) {

        public Statement {
            actions = actions == null ? List.of() : List.copyOf(actions);
            notActions = notActions == null ? List.of() : List.copyOf(notActions);
            resources = resources == null ? List.of() : List.copyOf(resources);
            notResources = notResources == null ? List.of() : List.copyOf(notResources);
            principal = principal == null ? Map.of() : Map.copyOf(principal);
            notPrincipal = notPrincipal == null ? Map.of() : Map.copyOf(notPrincipal);
        }

        public boolean isAllow() {
            return "Allow".equalsIgnoreCase(effect);
        }

        public boolean isDeny() {
            return "Deny".equalsIgnoreCase(effect);
        }

        /** True for {@code "Principal": "*"} and for an {@code AWS} principal list holding {@code "*"}. */
        public boolean hasPublicPrincipal() {
            return principal.containsKey("*") || principal.getOrDefault("AWS", List.of()).contains("*");
        }

        /** {@code "statement #2 (sid 'Admin')"}. */
        public String label() {
            return "statement #" + index + (sid == null || sid.isEmpty() ? "" : " (sid '" + sid + "')");
        }

        /** The statement in one line, e.g. {@code Allow Action [rds:*] on Resource [*]}. */
        public String summary() {
            StringBuilder s = new StringBuilder(effect == null ? "?" : effect);
            if (!principal.isEmpty()) {
                s.append(" Principal ").append(principal.containsKey("*") ? "*" : principal.toString());
            }
            if (!notPrincipal.isEmpty()) {
                s.append(" NotPrincipal ").append(notPrincipal);
            }
            if (!actions.isEmpty()) {
                s.append(" Action ").append(actions);
            }
            if (!notActions.isEmpty()) {
                s.append(" NotAction ").append(notActions);
            }
            if (!resources.isEmpty()) {
                s.append(" on Resource ").append(resources);
            }
            if (!notResources.isEmpty()) {
                s.append(" on NotResource ").append(notResources);
            }
            s.append(hasCondition ? " with a Condition" : "");
            return s.toString();
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
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("policy document " + name + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy document " + name + " is not a JSON object");
        }
        JsonNode stmts = root.get("Statement");
        List<Statement> statements = new ArrayList<>();
        if (stmts != null && stmts.isArray()) {
            int i = 1;
            for (JsonNode s : stmts) {
                statements.add(statement(i++, s));
            }
        } else if (stmts != null && stmts.isObject()) {
            statements.add(statement(1, stmts));
        }
        return new PolicyDocument(name, text(root.get("Version")), statements);
    }

    private static Statement statement(int index, JsonNode s) {
        JsonNode condition = s.get("Condition");
        boolean hasCondition = condition != null && !condition.isNull() && !(condition.isContainerNode() && condition.isEmpty());
        return new Statement(index, text(s.get("Sid")), text(s.get("Effect")),
                strings(s.get("Action")), strings(s.get("NotAction")),
                strings(s.get("Resource")), strings(s.get("NotResource")),
                principals(s.get("Principal")), principals(s.get("NotPrincipal")), hasCondition);
    }

    private static Map<String, List<String>> principals(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            if ("*".equals(node.asText())) {
                out.put("*", List.of("*"));
            } else {
                out.put("AWS", List.of(node.asText()));
            }
            return out;
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            out.put(f.getKey(), strings(f.getValue()));
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
