package io.m300.harness.support.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m300.harness.support.iam.PolicyConditions.Tri;
import io.m300.harness.support.iam.PolicyDocument.Statement;
import io.m300.harness.support.iam.authz.AuthorizationModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the API calls of a run against a role's REAL identity policy (resources and
 * conditions as written, placeholders already substituted), with the project's own policy
 * evaluation ({@link PolicyAnalysis#matchesAction}, {@link PolicyAnalysis#matchesResource}) plus
 * the conditions whose keys the request shows: {@code aws:RequestedRegion}, {@code iam:PassedToService},
 * {@code iam:PolicyARN}, {@code iam:AWSServiceName}. A condition on a key the request does not show
 * (e.g. {@code aws:ResourceTag/...}) cannot be decided offline: such a call is
 * {@link Outcome#ALLOWED_IF_CONDITION}, named with the keys, never counted as proven.
 */
public final class RolePolicyCheck {

    public enum Outcome {
        ALLOWED,
        ALLOWED_IF_CONDITION,
        DENIED,
        TOLERATED,
        UNMAPPED
    }

    /**
     * Calls that a policy need not allow because their caller expects them to fail and goes on:
     * the AWS provider's account-ID probe {@code iam:GetUser} without a user name (as a role
     * session it fails in AWS whatever the policy says, and the provider then uses
     * {@code sts:GetCallerIdentity}). Each one is listed in the report, never hidden.
     */
    static final Map<String, String> TOLERATED = Map.of(
            "iam:GetUser",
            "the AWS provider's account-ID probe without a user name: it fails for a role session in AWS "
                    + "whatever the policy says, and the provider goes on with sts:GetCallerIdentity");

    /** The verdict on one call; {@code reason} says why, in one line. */
    public record Verdict(ApiCall call, Outcome outcome, String reason) {
        public String describe() {
            return call.describe() + ": " + outcome + (reason.isEmpty() ? "" : " (" + reason + ")");
        }
    }

    private final PolicyDocument policy;
    private final AuthorizationModel model;

    private RolePolicyCheck(PolicyDocument policy, AuthorizationModel model) {
        this.policy = policy;
        this.model = model;
    }

    /** {@code policyJson}: the policy as the role holds it (placeholders replaced); every call judged as recorded. */
    public static RolePolicyCheck of(String name, String policyJson) {
        return new RolePolicyCheck(PolicyDocument.parse(name, policyJson), null);
    }

    /**
     * The policies a role holds (each placeholders replaced), judged with AWS's authorization model: each
     * call once per resource type it authorizes, with only the condition keys that apply to that type.
     */
    public static RolePolicyCheck of(String name, List<String> policyJsons, AuthorizationModel model) {
        return new RolePolicyCheck(PolicyDocument.parse(name, merged(policyJsons)), model);
    }

    /** The statements of several documents as one document (IAM evaluates a principal's policies together). */
    public static String merged(List<String> policyJsons) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode().put("Version", "2012-10-17");
        ArrayNode all = out.putArray("Statement");
        for (String p : policyJsons) {
            try {
                JsonNode s = json.readTree(p).get("Statement");
                if (s != null && s.isArray()) {
                    s.forEach(all::add);
                } else if (s != null) {
                    all.add(s);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a role policy is not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return out.toString();
    }

    public List<Verdict> evaluate(List<ApiCall> calls) {
        List<Verdict> out = new ArrayList<>();
        for (ApiCall c : calls) {
            out.add(evaluate(c));
        }
        return out;
    }

    public Verdict evaluate(ApiCall call) {
        if (!call.mapped()) {
            return new Verdict(call, Outcome.UNMAPPED, "no rule maps this request to an IAM action");
        }
        Verdict v = evaluateAllResources(call);
        if (v.outcome() == Outcome.DENIED
                && TOLERATED.containsKey(call.action())
                && call.resources().equals(List.of("*"))) {
            return new Verdict(call, Outcome.TOLERATED, "not allowed; " + TOLERATED.get(call.action()));
        }
        return v;
    }

    private Verdict evaluateAllResources(ApiCall call) {
        if (model != null && model.knows(call)) {
            return evaluatePerType(call);
        }
        Outcome worst = Outcome.ALLOWED;
        List<String> reasons = new ArrayList<>();
        for (String resource : call.resources()) {
            Verdict v = evaluateOn(call, resource);
            if (v.outcome() == Outcome.DENIED) {
                return v;
            }
            if (v.outcome() == Outcome.ALLOWED_IF_CONDITION) {
                worst = Outcome.ALLOWED_IF_CONDITION;
                reasons.add(v.reason());
            }
        }
        return new Verdict(call, worst, String.join("; ", reasons));
    }

    /** AWS's model: the call is allowed only if it is allowed for every resource type it authorizes. */
    private Verdict evaluatePerType(ApiCall call) {
        Outcome worst = Outcome.ALLOWED;
        List<String> reasons = new ArrayList<>();
        for (ApiCall typed : model.expand(call)) {
            String type = typed.context().get(AuthorizationModel.RESOURCE_TYPE).get(0);
            Verdict v = evaluateOn(typed, typed.resources().get(0));
            String as = "as " + (type.equals("*") ? "no resource type" : type);
            if (v.outcome() == Outcome.DENIED) {
                return new Verdict(call, Outcome.DENIED, as + ": " + v.reason());
            }
            if (v.outcome() == Outcome.ALLOWED_IF_CONDITION) {
                worst = Outcome.ALLOWED_IF_CONDITION;
                reasons.add(as + ": " + v.reason());
            }
        }
        return new Verdict(call, worst, String.join("; ", reasons));
    }

    private Verdict evaluateOn(ApiCall call, String resource) {
        boolean allowed = false;
        Set<String> unknownAllow = new LinkedHashSet<>();
        List<String> failedConditions = new ArrayList<>();
        boolean actionGrantedElsewhere = false;
        for (Statement s : policy.statements()) {
            if (!PolicyAnalysis.matchesAction(s, call.action())) {
                continue;
            }
            if (!resourceMatches(s, resource)) {
                actionGrantedElsewhere |= s.isAllow();
                continue;
            }
            PolicyConditions.Condition c = PolicyConditions.condition(s, call.context());
            if (s.isDeny()) {
                if (c.result() == Tri.TRUE) {
                    return new Verdict(call, Outcome.DENIED, "explicitly denied by " + s.label() + c.detail());
                }
                continue;
            }
            if (!s.isAllow()) {
                continue;
            }
            switch (c.result()) {
                case TRUE -> allowed = true;
                case UNKNOWN ->
                    unknownAllow.add(s.label() + " needs " + c.detail().trim());
                case FALSE -> failedConditions.add(s.label() + c.detail());
            }
        }
        if (allowed) {
            return new Verdict(call, Outcome.ALLOWED, "");
        }
        if (!unknownAllow.isEmpty()) {
            return new Verdict(
                    call,
                    Outcome.ALLOWED_IF_CONDITION,
                    "on " + resource + ": " + String.join(", ", unknownAllow) + ", not shown by the request");
        }
        if (!failedConditions.isEmpty()) {
            return new Verdict(
                    call,
                    Outcome.DENIED,
                    "on " + resource + ": condition not met in " + String.join(", ", failedConditions));
        }
        if (actionGrantedElsewhere) {
            return new Verdict(
                    call,
                    Outcome.DENIED,
                    resource + " is outside what the policy grants " + call.action() + " on: "
                            + PolicyAnalysis.resourcesAllowed(List.of(policy), call.action()));
        }
        return new Verdict(call, Outcome.DENIED, "no statement grants " + call.action());
    }

    /** A call on "*" (no resource named) is allowed by a statement scoped to ARNs only as a worst case: IAM checks "*" then. */
    private static boolean resourceMatches(Statement s, String resource) {
        return PolicyAnalysis.matchesResource(s, resource);
    }

    /** Context key (not an AWS one): the call's {@code aws:ResourceTag/*} keys are all known (absent ones are absent). */
    public static final String RESOURCE_TAGS_KNOWN = "m300:resource-tags-known";

    /**
     * The calls with {@code aws:ResourceTag/<key>} set wherever the tags of every resource a call acts on
     * are known (from the recording's create and tagging calls, and from {@code lookedUp}: tags the emulator
     * reported at the end of the run); see {@link KnownResourceTags}.
     */
    public static List<ApiCall> withResourceTags(List<ApiCall> calls, Map<String, Map<String, String>> lookedUp) {
        return KnownResourceTags.of(calls, lookedUp);
    }

    /** Distinct calls by action and resource, with how often each was made, in first-seen order. */
    public static Map<String, Integer> distinct(List<Verdict> verdicts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            out.merge(v.describe(), 1, Integer::sum);
        }
        return out;
    }
}
