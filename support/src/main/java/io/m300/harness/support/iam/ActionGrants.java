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
import java.util.stream.Stream;

/**
 * IAM-04: the full set of actions a principal's policies allow (every Allow statement of every
 * document), compared with the actions it must have and may have. Nothing is probed: each action
 * pattern an Allow statement names is a grant.
 *
 * <ul>
 *   <li>{@code granted}: every action pattern allowed, in the documents' spelling, less those an
 *       unconditional Deny removes everywhere the Allow grants them;</li>
 *   <li>{@code extra}: each grant that is not one of the required actions (case-insensitive): an
 *       explicit action outside the set, {@code *}, {@code NotAction} with Allow, and any pattern
 *       with {@code *} or {@code ?}, unless the service's complete action list (the
 *       {@code catalogue}, service prefix to action names) shows that it matches only required
 *       actions (without that list a wildcard cannot be shown to be narrow, so it is extra);</li>
 *   <li>{@code missing}: required actions the documents do not allow anywhere.</li>
 * </ul>
 */
public record ActionGrants(Set<String> granted, List<String> extra, List<String> missing) {

    public ActionGrants {
        granted = Collections.unmodifiableSet(new LinkedHashSet<>(granted));
        extra = List.copyOf(extra);
        missing = List.copyOf(missing);
    }

    /** Compared without a catalogue: every wildcard is extra. */
    public static ActionGrants compare(List<PolicyDocument> docs, Collection<String> required) {
        return compare(docs, required, Map.of());
    }

    public static ActionGrants compare(
            List<PolicyDocument> docs, Collection<String> required, Map<String, Set<String>> catalogue) {
        return compare(docs, required, Set.of(), catalogue);
    }

    /**
     * As {@link #compare(List, Collection, Map)}, where {@code optional} actions may be granted but need not be
     * (the snapshot function's {@code rds:AddTagsToResource}, needed only when it tags its snapshots).
     */
    public static ActionGrants compare(
            List<PolicyDocument> docs,
            Collection<String> required,
            Collection<String> optional,
            Map<String, Set<String>> catalogue) {
        Set<String> requiredLower = Stream.concat(required.stream(), optional.stream())
                .map(a -> a.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        Set<String> granted = new LinkedHashSet<>();
        List<String> extra = new ArrayList<>();
        for (PolicyDocument doc : docs) {
            for (Statement s : doc.statements()) {
                if (!s.isAllow()) {
                    continue;
                }
                String where = doc.name() + " " + s.label() + ": " + s.summary();
                if (!s.notActions().isEmpty()) {
                    granted.add("NotAction " + s.notActions());
                    extra.add("NotAction " + s.notActions() + " (" + where + ") allows every action but those");
                }
                for (String pattern : s.actions()) {
                    if (deniedWherever(docs, s, pattern)) {
                        continue;
                    }
                    granted.add(pattern);
                    String why = extraReason(pattern, requiredLower, catalogue);
                    if (why != null) {
                        extra.add(pattern + " (" + where + ") " + why);
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String action : required) {
            if (PolicyAnalysis.allowedActions(docs, List.of(action)).isEmpty()) {
                missing.add(action);
            }
        }
        return new ActionGrants(granted, extra, missing);
    }

    /** True when the grants are exactly the required actions: nothing extra, nothing missing. */
    public boolean exact() {
        return extra.isEmpty() && missing.isEmpty();
    }

    /** One line per deviation, e.g. {@code "allows rds:StopDBInstance (inline ...), not a required action"}. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        extra.forEach(e -> out.add("allows " + e));
        missing.forEach(m -> out.add("does not allow " + m));
        return out;
    }

    @Override
    public String toString() {
        return "allowed actions " + granted + "; "
                + (exact() ? "exactly the required ones" : String.join("; ", problems()));
    }

    private static String extraReason(String pattern, Set<String> requiredLower, Map<String, Set<String>> catalogue) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.equals("*") || p.equals("*:*")) {
            return "allows every action";
        }
        boolean wildcard = p.contains("*") || p.contains("?");
        if (!wildcard) {
            return requiredLower.contains(p) ? null : "is not a required action";
        }
        int colon = p.indexOf(':');
        String service = colon > 0 ? p.substring(0, colon) : "";
        Set<String> known = catalogue.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(service))
                .findFirst()
                .map(Map.Entry::getValue)
                .orElse(null);
        if (known == null || service.contains("*") || service.contains("?")) {
            return "is a wildcard: without the service's complete action list it cannot be shown to match only required actions";
        }
        List<String> beyond = known.stream()
                .map(a -> service + ":" + a)
                .filter(a ->
                        PolicyAnalysis.glob(pattern, a, true) && !requiredLower.contains(a.toLowerCase(Locale.ROOT)))
                .sorted()
                .toList();
        return beyond.isEmpty() ? null : "is a wildcard that also matches " + beyond;
    }

    /** Whether an unconditional Deny covers {@code pattern} on every resource the Allow statement grants it on. */
    private static boolean deniedWherever(List<PolicyDocument> docs, Statement allow, String pattern) {
        List<String> representatives = !allow.resources().isEmpty()
                ? allow.resources()
                : List.of("\u0000any resource outside " + allow.notResources());
        for (String resource : representatives) {
            boolean denied = false;
            for (PolicyDocument doc : docs) {
                for (Statement s : doc.statements()) {
                    if (s.isDeny()
                            && !s.hasCondition()
                            && PolicyAnalysis.matchesAction(s, pattern)
                            && PolicyAnalysis.matchesResource(s, resource)) {
                        denied = true;
                    }
                }
            }
            if (!denied) {
                return false;
            }
        }
        return true;
    }
}
