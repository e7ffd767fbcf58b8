package io.m300.harness.support.iam;

import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What IAM policy documents grant, evaluated by hand from the documents (IAM-01, IAM-04, IAM-05,
 * DATA-04, SEC-05).
 *
 * <p>Identity-policy semantics: an explicit Deny wins, otherwise an Allow is needed, otherwise the
 * request is implicitly denied. Action patterns match case-insensitively, resource patterns
 * case-sensitively, both with {@code *} (any run of characters) and {@code ?} (one character);
 * {@code NotAction}/{@code NotResource} match everything their list does not. Conditions cannot be
 * evaluated without a request context, so the answer is the worst case: an Allow with a Condition
 * counts as allowing, a Deny with a Condition does not count as denying. A statement with neither
 * Resource nor NotResource (as in trust policies) applies to every resource.
 */
public final class PolicyAnalysis {

    private static final Pattern SERVICE_WILDCARD = Pattern.compile("[A-Za-z0-9-]+:\\*");

    private PolicyAnalysis() {}

    /** Whether the documents together allow {@code action} on {@code resource}. */
    public static boolean allows(List<PolicyDocument> docs, String action, String resource) {
        boolean allowed = false;
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!matchesAction(s, action) || !matchesResource(s, resource)) {
                    continue;
                }
                if (s.isDeny() && !s.hasCondition()) {
                    return false;
                }
                if (s.isAllow()) {
                    allowed = true;
                }
            }
        }
        return allowed;
    }

    /**
     * Allow statements that grant every action: {@code Action "*"} or {@code "*:*"}, or any
     * {@code NotAction} with Allow; e.g. {@code "admin statement #1: Allow Action [*] on Resource [*]"}.
     */
    public static List<String> wildcardGrants(List<PolicyDocument> docs) {
        List<String> out = new ArrayList<>();
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow()) {
                    continue;
                }
                if (s.actions().stream().anyMatch(a -> a.equals("*") || a.equals("*:*"))) {
                    out.add(doc.name() + " " + s.label() + ": " + s.summary() + " grants every action");
                } else if (!s.notActions().isEmpty()) {
                    out.add(doc.name() + " " + s.label() + ": " + s.summary() + " grants every action except "
                            + s.notActions());
                }
            }
        }
        return out;
    }

    /** Allowed whole-service wildcards such as {@code rds:*}, e.g. {@code "rds:* in lambda statement #1: Allow ..."}. */
    public static List<String> serviceWildcards(List<PolicyDocument> docs) {
        List<String> out = new ArrayList<>();
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow()) {
                    continue;
                }
                for (String a : s.actions()) {
                    if (SERVICE_WILDCARD.matcher(a).matches()) {
                        out.add(a + " in " + doc.name() + " " + s.label() + ": " + s.summary());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Which of the candidate actions the documents allow on at least one resource (an action
     * denied on {@code *} is allowed nowhere; one denied on a single ARN is still allowed
     * elsewhere if an Allow covers more). The result keeps the candidates' spelling and order.
     */
    public static Set<String> allowedActions(List<PolicyDocument> docs, Collection<String> candidateActions) {
        Set<String> out = new LinkedHashSet<>();
        for (String action : candidateActions) {
            if (allowedOnSomeResource(docs, action)) {
                out.add(action);
            }
        }
        return out;
    }

    /**
     * The resource patterns on which Allow statements grant {@code action} (before any Deny), e.g.
     * {@code [arn:aws:ssm:eu-west-1:1:parameter/m300/db/password]}; a NotResource statement
     * contributes {@code "everything except [...]"}, a statement without a resource {@code "*"}.
     */
    public static Set<String> resourcesAllowed(List<PolicyDocument> docs, String action) {
        Set<String> out = new LinkedHashSet<>();
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow() || !matchesAction(s, action)) {
                    continue;
                }
                if (!s.resources().isEmpty()) {
                    out.addAll(s.resources());
                } else if (!s.notResources().isEmpty()) {
                    out.add("everything except " + s.notResources());
                } else {
                    out.add("*");
                }
            }
        }
        return out;
    }

    /**
     * Allow statements of a resource policy (e.g. a KMS key policy, DATA-04) open to everyone:
     * {@code "Principal": "*"} or {@code {"AWS": "*"}} (or a NotPrincipal) without a Condition.
     * Deny statements are not reported: denying everyone grants nothing.
     */
    public static List<String> publicPrincipalStatements(PolicyDocument keyPolicy) {
        List<String> out = new ArrayList<>();
        for (Statement s : keyPolicy.statements()) {
            if (!s.isAllow() || s.hasCondition()) {
                continue;
            }
            if (s.hasPublicPrincipal()) {
                out.add(keyPolicy.name() + " " + s.label() + ": " + s.summary()
                        + " is open to every principal (no Condition)");
            } else if (!s.notPrincipal().isEmpty()) {
                out.add(keyPolicy.name() + " " + s.label() + ": " + s.summary()
                        + " is open to every principal but those named (no Condition)");
            }
        }
        return out;
    }

    /**
     * IAM-01: the trust policy must let exactly one principal, {@code expectedService}, do
     * exactly {@code sts:AssumeRole}, in exactly one Allow statement (a second Allow statement,
     * even one for the same service, is reported). Everything else is described; empty means it holds.
     */
    public static List<String> trustProblems(PolicyDocument trust, String expectedService) {
        List<String> problems = new ArrayList<>();
        boolean expectedFound = false;
        boolean anyAllow = false;
        for (Statement s : trust.statements()) {
            if (!s.isAllow()) {
                continue;
            }
            anyAllow = true;
            String where = trust.name() + " " + s.label();
            for (Map.Entry<String, List<String>> p : s.principal().entrySet()) {
                for (String value : p.getValue()) {
                    if ("Service".equals(p.getKey()) && expectedService.equals(value)) {
                        expectedFound = true;
                    } else if ("*".equals(p.getKey())) {
                        problems.add(where + " trusts every principal (Principal *)");
                    } else {
                        problems.add(where + " also trusts " + p.getKey() + " principal " + value);
                    }
                }
            }
            if (s.principal().isEmpty() && s.notPrincipal().isEmpty()) {
                problems.add(where + " names no principal");
            }
            if (!s.notPrincipal().isEmpty()) {
                problems.add(where + " uses NotPrincipal " + s.notPrincipal() + ", which trusts everyone else");
            }
            if (!s.notActions().isEmpty()) {
                problems.add(where + " allows every action except " + s.notActions() + " (NotAction)");
            }
            for (String action : s.actions()) {
                if (!"sts:AssumeRole".equalsIgnoreCase(action)) {
                    problems.add(where + " allows " + action + ", not only sts:AssumeRole");
                }
            }
        }
        long allows = trust.statements().stream().filter(Statement::isAllow).count();
        if (allows > 1) {
            problems.add(trust.name() + " has " + allows + " Allow statements: exactly one, for " + expectedService
                    + ", is expected");
        }
        if (!anyAllow) {
            problems.add(trust.name() + " has no Allow statement: nobody, not even " + expectedService
                    + ", can assume the role");
        } else if (!expectedFound) {
            problems.add(trust.name() + " does not trust " + expectedService);
        }
        return problems;
    }

    static boolean matchesAction(Statement s, String action) {
        if (!s.actions().isEmpty()) {
            return s.actions().stream().anyMatch(p -> glob(p, action, true));
        }
        if (!s.notActions().isEmpty()) {
            return s.notActions().stream().noneMatch(p -> glob(p, action, true));
        }
        return false;
    }

    static boolean matchesResource(Statement s, String resource) {
        if (!s.resources().isEmpty()) {
            return s.resources().stream().anyMatch(p -> glob(p, resource, false));
        }
        if (!s.notResources().isEmpty()) {
            return s.notResources().stream().noneMatch(p -> glob(p, resource, false));
        }
        return true;
    }

    private static boolean allowedOnSomeResource(List<PolicyDocument> docs, String action) {
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow() || !matchesAction(s, action)) {
                    continue;
                }
                // Use the Allow's own resource patterns as representative resources: a Deny pattern
                // that matches the pattern text itself covers everything the Allow grants there.
                List<String> representatives = !s.resources().isEmpty()
                        ? s.resources()
                        : List.of("\u0000any resource outside " + s.notResources());
                for (String resource : representatives) {
                    if (!deniedByPattern(docs, action, resource)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean deniedByPattern(List<PolicyDocument> docs, String action, String resource) {
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (s.isDeny() && !s.hasCondition() && matchesAction(s, action) && matchesResource(s, resource)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** IAM glob: {@code *} any run (also empty), {@code ?} exactly one character. */
    static boolean glob(String pattern, String text, boolean ignoreCase) {
        if (pattern == null || text == null) {
            return false;
        }
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
