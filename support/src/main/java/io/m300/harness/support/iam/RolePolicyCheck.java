package io.m300.harness.support.iam;

import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    private enum Tri {
        TRUE,
        FALSE,
        UNKNOWN
    }

    private final PolicyDocument policy;
    private final io.m300.harness.support.iam.authz.AuthorizationModel model;

    private RolePolicyCheck(PolicyDocument policy, io.m300.harness.support.iam.authz.AuthorizationModel model) {
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
    public static RolePolicyCheck of(
            String name, List<String> policyJsons, io.m300.harness.support.iam.authz.AuthorizationModel model) {
        return new RolePolicyCheck(PolicyDocument.parse(name, merged(policyJsons)), model);
    }

    /** The statements of several documents as one document (IAM evaluates a principal's policies together). */
    public static String merged(List<String> policyJsons) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode out =
                json.createObjectNode().put("Version", "2012-10-17");
        com.fasterxml.jackson.databind.node.ArrayNode all = out.putArray("Statement");
        for (String p : policyJsons) {
            try {
                com.fasterxml.jackson.databind.JsonNode s = json.readTree(p).get("Statement");
                if (s != null && s.isArray()) {
                    s.forEach(all::add);
                } else if (s != null) {
                    all.add(s);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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
            String type = typed.context()
                    .get(io.m300.harness.support.iam.authz.AuthorizationModel.RESOURCE_TYPE)
                    .get(0);
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
            Condition c = condition(s, call.context());
            if (s.isDeny()) {
                if (c.result == Tri.TRUE) {
                    return new Verdict(call, Outcome.DENIED, "explicitly denied by " + s.label() + c.detail);
                }
                continue;
            }
            if (!s.isAllow()) {
                continue;
            }
            switch (c.result) {
                case TRUE -> allowed = true;
                case UNKNOWN -> unknownAllow.add(s.label() + " needs " + c.detail.trim());
                case FALSE -> failedConditions.add(s.label() + c.detail);
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

    private record Condition(Tri result, String detail) {}

    private Condition condition(Statement s, Map<String, List<String>> context) {
        if (!s.hasCondition()) {
            return new Condition(Tri.TRUE, "");
        }
        Tri all = Tri.TRUE;
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<String>>> op : s.conditions().entrySet()) {
            for (Map.Entry<String, List<String>> kv : op.getValue().entrySet()) {
                List<String> expected = kv.getValue();
                String key = kv.getKey();
                List<String> actual = lookup(context, key);
                Tri t = test(op.getKey(), expected, actual);
                details.add(op.getKey() + " " + key + " " + expected
                        + (actual == null ? "" : actual.isEmpty() ? " (request: none)" : " (request: " + actual + ")"));
                if (t == Tri.FALSE) {
                    all = Tri.FALSE;
                } else if (t == Tri.UNKNOWN && all == Tri.TRUE) {
                    all = Tri.UNKNOWN;
                }
            }
        }
        return new Condition(all, " " + String.join(" and ", details));
    }

    /** Context key (not an AWS one): the call's {@code aws:ResourceTag/*} keys are all known (absent ones are absent). */
    public static final String RESOURCE_TAGS_KNOWN = "m300:resource-tags-known";

    private static List<String> lookup(Map<String, List<String>> context, String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        List<String> applicable = context.get(io.m300.harness.support.iam.authz.AuthorizationModel.APPLICABLE);
        if (applicable != null && !io.m300.harness.support.iam.authz.AuthorizationModel.applies(key, applicable)) {
            return List.of(); // the reference lists no such key for this resource type: absent from the request
        }
        if (lower.startsWith("aws:requesttag/") && context.containsKey("aws:TagKeys")) {
            // the request's tags are known: a key it does not carry is absent, not unknown
            List<String> v = exact(context, key);
            return v == null ? List.of() : v;
        }
        if (lower.startsWith("aws:resourcetag/") && context.containsKey(RESOURCE_TAGS_KNOWN)) {
            List<String> v = exact(context, key);
            return v == null ? List.of() : v;
        }
        return exact(context, key);
    }

    /** Tag keys are case-sensitive in the request; condition key names are not (aws:RequestTag/ vs aws:requesttag/). */
    private static List<String> exact(Map<String, List<String>> context, String key) {
        int slash = key.indexOf('/');
        for (Map.Entry<String, List<String>> e : context.entrySet()) {
            String k = e.getKey();
            if (slash > 0
                    && k.indexOf('/') == slash
                    && k.substring(0, slash).equalsIgnoreCase(key.substring(0, slash))
                    && k.substring(slash).equals(key.substring(slash))) {
                return e.getValue();
            }
        }
        for (Map.Entry<String, List<String>> e : context.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Evaluates one condition operator; {@code actual == null}: the key is not known from the request. */
    static Tri test(String operator, List<String> expected, List<String> actual) {
        String op = operator;
        boolean forAll = false;
        boolean forAny = false;
        if (op.startsWith("ForAllValues:")) {
            forAll = true;
            op = op.substring("ForAllValues:".length());
        } else if (op.startsWith("ForAnyValue:")) {
            forAny = true;
            op = op.substring("ForAnyValue:".length());
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (op.equals("Null")) {
            if (actual == null) {
                return Tri.UNKNOWN;
            }
            boolean wantNull = expected.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return (actual.isEmpty() == wantNull) ? Tri.TRUE : Tri.FALSE;
        }
        if (actual == null) {
            return Tri.UNKNOWN;
        }
        if (actual.isEmpty()) {
            return ifExists || forAll ? Tri.TRUE : Tri.FALSE;
        }
        String base = op.toLowerCase(Locale.ROOT);
        boolean negated = base.contains("not");
        String kind = base.replace("not", "");
        java.util.function.BiPredicate<String, String> match = switch (kind) {
            case "stringequals", "arnequals", "bool", "numericequals" -> String::equals;
            case "stringequalsignorecase" -> String::equalsIgnoreCase;
            case "stringlike", "arnlike" -> (p, v) -> PolicyAnalysis.glob(p, v, false);
            default -> null;
        };
        if (match == null) {
            return Tri.UNKNOWN;
        }
        java.util.function.Predicate<String> valueOk = v -> {
            boolean any = expected.stream().anyMatch(p -> match.test(p, v));
            return negated ? !any : any;
        };
        boolean ok =
                forAny ? actual.stream().anyMatch(valueOk) : actual.stream().allMatch(valueOk);
        return ok ? Tri.TRUE : Tri.FALSE;
    }

    /**
     * The calls with {@code aws:ResourceTag/<key>} set wherever the tags of every resource a call acts
     * on ({@link ApiCallDecoder#SUBJECT}) are known: from the recording's own create and tagging calls
     * (the tags they carry, {@link ApiCallDecoder#CREATES}; a resource created twice keeps only the tags
     * both carried) and from {@code lookedUp} (tags the emulator reported at the end of the run, e.g.
     * of EC2 ids, which only a create call's response names). A call on a resource whose tags are not
     * known keeps the key unknown: {@link Outcome#ALLOWED_IF_CONDITION} where a statement needs it.
     */
    public static List<ApiCall> withResourceTags(List<ApiCall> calls, Map<String, Map<String, String>> lookedUp) {
        calls = withAliasTargets(calls);
        Map<String, Map<String, String>> known = new LinkedHashMap<>();
        for (ApiCall c : calls) {
            List<String> created = c.context().getOrDefault(ApiCallDecoder.CREATES, List.of());
            if (created.isEmpty()) {
                continue;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            c.context().forEach((k, v) -> {
                if (k.startsWith("aws:RequestTag/") && !v.isEmpty()) {
                    tags.put(k.substring("aws:RequestTag/".length()), v.get(0));
                }
            });
            boolean tagging = c.operation() != null
                    && (c.operation().contains("Tag") || c.operation().equals("AddTags"));
            for (String s : created) {
                Map<String, String> before = known.get(s);
                if (before == null) {
                    known.put(s, new LinkedHashMap<>(tags));
                } else if (tagging) {
                    before.putAll(tags);
                } else {
                    before.entrySet().removeIf(e -> !e.getValue().equals(tags.get(e.getKey())));
                }
            }
        }
        lookedUp.forEach((s, tags) -> known.merge(s, new LinkedHashMap<>(tags), (a, b) -> {
            a.putAll(b);
            return a;
        }));
        Map<String, List<String>> boundaries = new LinkedHashMap<>();
        for (ApiCall c : calls) {
            if ("iam:CreateRole".equals(c.action()) && c.impliedBy().isEmpty()) {
                c.context()
                        .getOrDefault(ApiCallDecoder.CREATES, List.of())
                        .forEach(
                                s -> boundaries.put(s, c.context().getOrDefault("iam:PermissionsBoundary", List.of())));
            }
        }
        List<ApiCall> out = new ArrayList<>();
        for (ApiCall c : calls) {
            List<String> subjects = c.context().getOrDefault(ApiCallDecoder.SUBJECT, List.of());
            Map<String, List<String>> own = new LinkedHashMap<>(c.context());
            for (String s : subjects) {
                if (known.containsKey(s)) {
                    own.put(TagContext.TAGS_OF + s, List.of("known"));
                    known.get(s).forEach((k, v) -> own.put(TagContext.TAGS_OF + s + "|" + k, List.of(v)));
                }
                if (boundaries.containsKey(s) && !own.containsKey("iam:PermissionsBoundary")) {
                    own.put("iam:PermissionsBoundary", boundaries.get(s));
                }
            }
            c = new ApiCall(c.service(), c.operation(), c.action(), c.resources(), own, c.impliedBy(), c.request());
            if (subjects.isEmpty() || !subjects.stream().allMatch(known::containsKey)) {
                out.add(c);
                continue;
            }
            Map<String, List<String>> ctx = new LinkedHashMap<>(c.context());
            Set<String> keys = new LinkedHashSet<>();
            subjects.forEach(s -> keys.addAll(known.get(s).keySet()));
            for (String k : keys) {
                // each resource's value; "" where one of them lacks the key (then a StringLike on it fails)
                ctx.put(
                        "aws:ResourceTag/" + k,
                        subjects.stream()
                                .map(s -> known.get(s).getOrDefault(k, ""))
                                .distinct()
                                .toList());
            }
            ctx.put(RESOURCE_TAGS_KNOWN, List.of("true"));
            out.add(new ApiCall(
                    c.service(), c.operation(), c.action(), c.resources(), ctx, c.impliedBy(), c.request()));
        }
        return out;
    }

    /**
     * A KMS alias call that names only the alias (DeleteAlias) also acts on the key the alias points to, as
     * the recording's CreateAlias of that alias names it: the key is added to its resources and subjects.
     */
    static List<ApiCall> withAliasTargets(List<ApiCall> calls) {
        Map<String, String> keyOfAlias = new LinkedHashMap<>();
        for (ApiCall c : calls) {
            if ("kms:CreateAlias".equals(c.action()) && c.resources().size() == 2) {
                keyOfAlias.put(c.resources().get(0), c.resources().get(1));
            }
        }
        List<ApiCall> out = new ArrayList<>();
        for (ApiCall c : calls) {
            String key = "kms:DeleteAlias".equals(c.action()) && c.resources().size() == 1
                    ? keyOfAlias.get(c.resources().get(0))
                    : null;
            if (key == null) {
                out.add(c);
                continue;
            }
            Map<String, List<String>> ctx = new LinkedHashMap<>(c.context());
            List<String> subjects = new ArrayList<>(ctx.getOrDefault(ApiCallDecoder.SUBJECT, List.of()));
            subjects.add("kms:" + key.substring(key.lastIndexOf('/') + 1));
            ctx.put(ApiCallDecoder.SUBJECT, subjects);
            out.add(new ApiCall(
                    c.service(),
                    c.operation(),
                    c.action(),
                    List.of(c.resources().get(0), key),
                    ctx,
                    c.impliedBy(),
                    c.request()));
        }
        return out;
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
