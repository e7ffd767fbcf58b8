package io.m300.harness.support.iam;

import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdict of a least-privilege check (IAM-04, SEC-05): whether it holds, what is wrong, and
 * which of the probed actions the policies grant. {@code toString()} is the evidence text.
 */
public record PrivilegeVerdict(boolean ok, List<String> problems, Set<String> granted) {

    public PrivilegeVerdict {
        problems = problems == null ? List.of() : List.copyOf(problems);
        granted = granted == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(granted));
    }

    /**
     * Holds when the policies grant no wildcard action ({@code *}, {@code *:*}, NotAction with
     * Allow, {@code service:*}, or any other pattern with {@code *} or {@code ?}) and every probe
     * action they allow is one of {@code allowedActions} (compared case-insensitively). Probe with
     * the actions that must NOT be granted (e.g. {@code rds:DeleteDBInstance},
     * {@code iam:CreateUser}) as well as the allowed ones.
     */
    public static PrivilegeVerdict onlyGrants(
            List<PolicyDocument> docs, Set<String> allowedActions, Collection<String> probeActions) {
        List<String> problems = new ArrayList<>();
        problems.addAll(PolicyAnalysis.wildcardGrants(docs));
        problems.addAll(PolicyAnalysis.serviceWildcards(docs));
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow()) {
                    continue;
                }
                for (String a : s.actions()) {
                    boolean reported = a.equals("*") || a.equals("*:*") || a.matches("[A-Za-z0-9-]+:\\*");
                    if (!reported && (a.contains("*") || a.contains("?"))) {
                        problems.add(a + " in " + doc.name() + " " + s.label() + " is a wildcard pattern, wider than "
                                + "an explicit list of actions");
                    }
                }
            }
        }
        Set<String> allowedLower =
                allowedActions.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> probes = new LinkedHashSet<>(allowedActions);
        probes.addAll(probeActions);
        Set<String> granted = PolicyAnalysis.allowedActions(docs, probes);
        for (String action : granted) {
            if (!allowedLower.contains(action.toLowerCase(Locale.ROOT))) {
                problems.add("grants " + action + ", which is not among the allowed actions " + allowedActions);
            }
        }
        return new PrivilegeVerdict(problems.isEmpty(), problems, granted);
    }

    /** {@link #onlyGrants}, and each of {@code requiredActions} must be granted too: "exactly these". */
    public static PrivilegeVerdict exactly(
            List<PolicyDocument> docs, Set<String> requiredActions, Collection<String> probeActions) {
        PrivilegeVerdict only = onlyGrants(docs, requiredActions, probeActions);
        List<String> problems = new ArrayList<>(only.problems());
        for (String action : requiredActions) {
            if (!only.granted().contains(action)) {
                problems.add("does not grant " + action);
            }
        }
        return new PrivilegeVerdict(problems.isEmpty(), problems, only.granted());
    }

    /**
     * "Exactly these", judged on the FULL set of actions the documents allow (see
     * {@link ActionGrants}): no probe list, so any extra action, explicit or wildcard, fails.
     * {@code granted} holds every allowed action pattern.
     */
    public static PrivilegeVerdict exactlyAll(List<PolicyDocument> docs, Set<String> requiredActions) {
        return exactlyAll(docs, requiredActions, Set.of());
    }

    /** As {@link #exactlyAll(List, Set)}, where the {@code optional} actions may also be granted. */
    public static PrivilegeVerdict exactlyAll(
            List<PolicyDocument> docs, Set<String> requiredActions, Set<String> optionalActions) {
        ActionGrants grants = ActionGrants.compare(docs, requiredActions, optionalActions, Map.of());
        return new PrivilegeVerdict(grants.exact(), grants.problems(), grants.granted());
    }

    @Override
    public String toString() {
        return (ok ? "least privilege holds" : "least privilege violated: " + String.join("; ", problems))
                + " (granted of the probed actions: " + granted + ")";
    }
}
