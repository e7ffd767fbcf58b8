package io.m300.harness.support.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Whether a bucket policy refuses every request that does not come over TLS (STATE-02, Security Hub S3.5). */
public final class BucketPolicyAnalysis {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BucketPolicyAnalysis() {}

    /**
     * The statements (by Sid or index) that deny {@code s3:*} on the bucket and on its objects to
     * everyone ({@code "*"} or {@code {"AWS":"*"}}) when {@code aws:SecureTransport} is false.
     * Empty means the policy does not enforce TLS.
     */
    public static List<String> tlsOnlyStatements(String policyJson, String bucket) {
        JsonNode policy;
        try {
            policy = JSON.readTree(policyJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("bucket policy of " + bucket + " is not JSON: " + e.getMessage());
        }
        List<String> found = new ArrayList<>();
        JsonNode statements = policy.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if ("Deny".equals(s.path("Effect").asText()) && everyone(s.path("Principal"))
                    && values(s.path("Action")).stream().anyMatch(a -> a.equals("s3:*") || a.equals("*"))
                    && coversBucketAndObjects(values(s.path("Resource")), bucket)
                    && insecureTransport(s.path("Condition"))) {
                found.add(s.hasNonNull("Sid") ? s.path("Sid").asText() : "statement " + i);
            }
        }
        return found;
    }

    static boolean everyone(JsonNode principal) {
        if (principal.isTextual()) {
            return "*".equals(principal.asText());
        }
        return principal.isObject() && values(principal.path("AWS")).contains("*");
    }

    static boolean coversBucketAndObjects(List<String> resources, String bucket) {
        boolean b = resources.stream().anyMatch(r -> r.equals("*") || r.matches("arn:[^:]+:s3:::" + java.util.regex.Pattern.quote(bucket)));
        boolean o = resources.stream().anyMatch(r -> r.equals("*") || r.matches("arn:[^:]+:s3:::" + java.util.regex.Pattern.quote(bucket) + "/\\*"));
        return b && o;
    }

    static boolean insecureTransport(JsonNode condition) {
        for (String operator : List.of("Bool", "BoolIfExists")) {
            JsonNode bool = condition.path(operator);
            if (bool.isObject()) {
                var it = bool.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    if (e.getKey().equalsIgnoreCase("aws:SecureTransport") && values(e.getValue()).stream().anyMatch(v -> v.equalsIgnoreCase("false"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    /** The TLS-only policy the harness puts on a state bucket it creates. */
    public static String tlsOnlyPolicy(String bucket) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"],"
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    }
}
