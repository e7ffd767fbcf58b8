package io.m300.harness.support.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A role policy turned into what moto 5.2 can enforce. moto checks most services' actions against
 * resource {@code "*"} (an Allow scoped to ARNs would never match there) and does not evaluate
 * conditions the way AWS does, so every statement's Resource becomes {@code "*"} and every
 * Condition is dropped, except S3 statements, whose resources moto does check (bucket and
 * object ARNs) and which keep them. moto also names some actions by their API operation rather
 * than their IAM action (CloudWatch signs as {@code monitoring}; S3 {@code ListObjectVersions} for
 * {@code s3:ListBucketVersions}, ...): each granted IAM action also grants those names. The
 * resource scoping and the conditions this drops are what {@link RolePolicyCheck} checks offline, and so are
 * the Deny statements, which this form leaves out (moto would apply them unconditionally and on every resource).
 */
public final class EnforceablePolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnforceablePolicy() {}

    /** Replaces the placeholders (REGION, ACCOUNT_ID, STATE_BUCKET, ...) as docs/nightly.md's sed does. */
    public static String substitute(String policyText, Map<String, String> placeholders) {
        String out = policyText;
        List<Map.Entry<String, String>> longestFirst = new ArrayList<>(placeholders.entrySet());
        longestFirst.sort((a, b) -> b.getKey().length() - a.getKey().length());
        for (Map.Entry<String, String> e : longestFirst) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The moto form of {@code policyJson} (already substituted). */
    public static String forMoto(String policyJson) {
        JsonNode root;
        try {
            root = JSON.readTree(policyJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the role policy is not JSON: " + e.getOriginalMessage(), e);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("Version", root.path("Version").asText("2012-10-17"));
        ArrayNode statements = out.putArray("Statement");
        JsonNode in = root.get("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (in != null && in.isArray()) {
            in.forEach(list::add);
        } else if (in != null) {
            list.add(in);
        }
        for (JsonNode s : list) {
            if ("Deny".equalsIgnoreCase(s.path("Effect").asText())) {
                // moto would apply a Deny without its Condition and on "*": every Deny is the offline judge's
                continue;
            }
            ObjectNode copy = ((ObjectNode) s).deepCopy();
            copy.remove("Condition");
            Set<String> actions = new LinkedHashSet<>();
            JsonNode a = s.get("Action");
            if (a != null && a.isArray()) {
                a.forEach(x -> actions.add(x.asText()));
            } else if (a != null) {
                actions.add(a.asText());
            }
            boolean s3 = !actions.isEmpty() && actions.stream().allMatch(x -> x.startsWith("s3:"));
            if (!s3 && (copy.has("Resource") || copy.has("NotResource"))) {
                copy.remove("NotResource");
                copy.put("Resource", "*");
            } else if (s3 && copy.has("Resource")) {
                // moto authorises a multi-object delete (POST ?delete) on the bucket's ARN before the objects':
                // an object-scoped statement also names its bucket there (AWS checks each object's ARN)
                Set<String> resources = new LinkedHashSet<>();
                JsonNode r = copy.get("Resource");
                (r.isArray() ? r : JSON.createArrayNode().add(r)).forEach(x -> resources.add(x.asText()));
                if (actions.contains("s3:DeleteObject") || actions.contains("s3:DeleteObjectVersion")) {
                    new ArrayList<>(resources)
                            .stream()
                                    .filter(x -> x.indexOf('/') > 0)
                                    .forEach(x -> resources.add(x.substring(0, x.indexOf('/'))));
                }
                ArrayNode arr = copy.putArray("Resource");
                resources.forEach(arr::add);
            }
            if (a != null) {
                Set<String> widened = new LinkedHashSet<>(actions);
                for (String action : actions) {
                    widened.addAll(motoNames(action));
                }
                ArrayNode arr = copy.putArray("Action");
                widened.forEach(arr::add);
            }
            statements.add(copy);
        }
        return out.toString();
    }

    /** The names moto 5.2 checks for an IAM action, besides the action itself. */
    static Set<String> motoNames(String iamAction) {
        Set<String> out = new LinkedHashSet<>();
        if (iamAction.startsWith("cloudwatch:")) {
            out.add("monitoring:" + iamAction.substring("cloudwatch:".length()));
        }
        for (Map.Entry<String, String> e : ApiCallDecoder.ACTION_NAMES.entrySet()) {
            if (PolicyAnalysis.glob(iamAction, e.getValue(), true)
                    && !e.getKey().equals(e.getValue())) {
                out.add(e.getKey());
            }
        }
        // moto's own S3 names that the API operation table does not list
        switch (iamAction) {
            case "s3:GetObject" -> out.add("s3:GetObjectAttributes");
            case "s3:PutObject" -> {
                out.add("s3:CopyObject");
                out.add("s3:UploadPartCopy");
            }
            default -> {}
        }
        return out;
    }
}
