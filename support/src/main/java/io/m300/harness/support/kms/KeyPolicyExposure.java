package io.m300.harness.support.kms;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.PolicyDocument;
import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * DATA-04: whether a KMS key policy lets anyone use the key. An Allow statement open to every
 * principal ({@code "Principal": "*"}, {@code {"AWS": "*"}}, or {@code NotPrincipal}) counts as
 * restricted only when a condition pins WHO calls to the stack's own account or organisation:
 * {@code aws:PrincipalAccount}, {@code aws:PrincipalOrgID}, {@code aws:PrincipalArn},
 * {@code aws:SourceAccount}, {@code aws:SourceArn}, or {@code kms:CallerAccount} together with
 * {@code kms:ViaService}; with a positive operator (StringEquals/Like, ArnEquals/Like), not
 * negated and not IfExists. A condition on the transport or the request alone
 * ({@code aws:SecureTransport}, an encryption context) restricts nobody. Separately, no statement
 * and no grant may name another account as principal.
 */
public final class KeyPolicyExposure {

    private static final Set<String> ACCOUNT_KEYS = Set.of("aws:principalaccount", "aws:sourceaccount");
    private static final Set<String> ARN_KEYS = Set.of("aws:principalarn", "aws:sourcearn");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private KeyPolicyExposure() {}

    /** Problems of a key policy (its JSON text); empty when no statement opens the key to callers outside {@code account}. */
    public static List<String> problems(String keyLabel, String policyJson, String account, String orgId) {
        List<Statement> statements;
        try {
            statements = PolicyDocument.parse("key policy of " + keyLabel, policyJson)
                    .statements();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage()); // "policy document key policy of <key> is not JSON: ..."
        }
        List<String> problems = new ArrayList<>();
        for (Statement st : statements) {
            if (!st.isAllow()) {
                continue;
            }
            String label = keyLabel + " " + st.label();
            if (!st.notPrincipal().isEmpty() || st.hasPublicPrincipal()) {
                String why = callerRestriction(st.conditions(), account, orgId);
                if (why != null) {
                    problems.add(label + " is open to every principal" + why);
                }
            }
            for (String principal : st.principal().getOrDefault("AWS", List.of())) {
                String other = accountOf(principal);
                if (other != null && !other.equals(account)) {
                    problems.add(label + " grants account " + other + " (" + principal + ") use of the key");
                }
            }
        }
        return problems;
    }

    /** Grants ({@code grantId -> grantee principal}) whose grantee is in another account than {@code account}. */
    public static List<String> grantProblems(String keyLabel, Map<String, String> grantees, String account) {
        List<String> problems = new ArrayList<>();
        grantees.forEach((grant, principal) -> {
            String other = accountOf(principal);
            if (other != null && !other.equals(account)) {
                problems.add(
                        keyLabel + " grant " + grant + " lets account " + other + " (" + principal + ") use the key");
            }
        });
        return problems;
    }

    /** The account of an ARN or a bare account ID; null for a service, {@code *} or an ARN without account. */
    static String accountOf(String principal) {
        if (principal == null) {
            return null;
        }
        if (ACCOUNT_ID.matcher(principal).matches()) {
            return principal;
        }
        String inArn = Arns.accountOf(principal);
        return inArn.isEmpty() ? null : inArn;
    }

    /**
     * Null when the condition restricts the caller to {@code account} / {@code orgId}; otherwise
     * the reason why not, starting with a separator.
     */
    private static String callerRestriction(
            Map<String, Map<String, List<String>>> condition, String account, String orgId) {
        if (condition.isEmpty()) {
            return " without a condition";
        }
        // key (lower case) -> values, from positive operators only
        Map<String, List<String>> positive = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (var op : condition.entrySet()) {
            String operator = op.getKey();
            String lower = operator.toLowerCase(Locale.ROOT);
            boolean usable = !lower.contains("not")
                    && !lower.endsWith("ifexists")
                    && !lower.startsWith("forallvalues")
                    && (lower.contains("stringequals")
                            || lower.contains("stringlike")
                            || lower.contains("arnequals")
                            || lower.contains("arnlike"));
            for (var kv : op.getValue().entrySet()) {
                keys.add(operator + " " + kv.getKey());
                if (usable) {
                    positive.computeIfAbsent(kv.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .addAll(kv.getValue());
                }
            }
        }
        List<String> weak = new ArrayList<>();
        for (var e : positive.entrySet()) {
            String key = e.getKey();
            List<String> values = e.getValue();
            if (ACCOUNT_KEYS.contains(key)) {
                if (!values.isEmpty() && values.stream().allMatch(account::equals)) {
                    return null;
                }
                weak.add(key + " " + values);
            } else if (ARN_KEYS.contains(key)) {
                if (!values.isEmpty() && values.stream().allMatch(v -> account.equals(accountOf(v)))) {
                    return null;
                }
                weak.add(key + " " + values);
            } else if (key.equals("aws:principalorgid")) {
                if (orgId != null && !values.isEmpty() && values.stream().allMatch(orgId::equals)) {
                    return null;
                }
                weak.add(key + " " + values
                        + (orgId == null ? " (the stack's organisation is unknown)" : ", not " + orgId));
            } else if (key.equals("kms:calleraccount")) {
                boolean own = !values.isEmpty() && values.stream().allMatch(account::equals);
                if (own && positive.containsKey("kms:viaservice")) {
                    return null;
                }
                weak.add(key + " " + values + (own ? " without kms:ViaService" : ""));
            }
        }
        return " with a condition that does not restrict the caller to account " + account + " ("
                + String.join(", ", keys) + ")" + (weak.isEmpty() ? "" : "; too weak: " + weak);
    }
}
