package io.m300.harness.support.iam;

import io.m300.harness.support.iam.PolicyDocument.Statement;
import io.m300.harness.support.iam.authz.AuthorizationModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A statement's conditions against a call's context: TRUE, FALSE, or UNKNOWN where the request does not
 * show the key (then the call is at best {@link RolePolicyCheck.Outcome#ALLOWED_IF_CONDITION}). A key the
 * reference does not list for the call's resource type is absent ({@link AuthorizationModel#applies}).
 */
final class PolicyConditions {

    /** A three-valued truth: UNKNOWN when the request does not show a key a condition needs. */
    enum Tri {
        TRUE,
        FALSE,
        UNKNOWN
    }

    private PolicyConditions() {}

    record Condition(Tri result, String detail) {}

    static Condition condition(Statement s, Map<String, List<String>> context) {
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

    private static List<String> lookup(Map<String, List<String>> context, String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        List<String> applicable = context.get(AuthorizationModel.APPLICABLE);
        if (applicable != null && !AuthorizationModel.applies(key, applicable)) {
            return List.of(); // the reference lists no such key for this resource type: absent from the request
        }
        if (lower.startsWith("aws:requesttag/") && context.containsKey("aws:TagKeys")) {
            // the request's tags are known: a key it does not carry is absent, not unknown
            List<String> v = exact(context, key);
            return v == null ? List.of() : v;
        }
        if (lower.startsWith("aws:resourcetag/") && context.containsKey(RolePolicyCheck.RESOURCE_TAGS_KNOWN)) {
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
        BiPredicate<String, String> match = switch (kind) {
            case "stringequals", "arnequals", "bool", "numericequals" -> String::equals;
            case "stringequalsignorecase" -> String::equalsIgnoreCase;
            case "stringlike", "arnlike" -> (p, v) -> PolicyAnalysis.glob(p, v, false);
            default -> null;
        };
        if (match == null) {
            return Tri.UNKNOWN;
        }
        Predicate<String> valueOk = v -> {
            boolean any = expected.stream().anyMatch(p -> match.test(p, v));
            return negated ? !any : any;
        };
        boolean ok =
                forAny ? actual.stream().anyMatch(valueOk) : actual.stream().allMatch(valueOk);
        return ok ? Tri.TRUE : Tri.FALSE;
    }
}
