package io.m300.harness.support.report.findings;

import io.m300.harness.support.report.AccountRedaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the resources a failure is about: every resource of the stack whose ID, ARN or name appears
 * in the failure's message (those come first: they are what the assertion judged) or, when the
 * message names none, in the scenario's evidence; plus what a step named explicitly. An AWS ID or ARN
 * in the message that no resource of the state has is named too, as made outside the stack or a
 * default resource (AWS creates some, such as a VPC's default security group, without Terraform).
 */
public final class FindingResolver {

    /** One resource a finding names. {@code entry} is null for one that no Terraform declares. */
    public record Named(String reference, StackResources.Entry entry) {
        public boolean outsideTheStack() {
            return entry == null;
        }

        /** {@code module.net.aws_security_group.db (infra/modules/network/main.tf:12)}, or why there is no block. */
        public String describe() {
            if (entry == null) {
                return reference
                        + ": no Terraform of the stack declares it (made outside the stack, or a default resource)";
            }
            SourceLocation where = entry.effective();
            String place = where == null
                    ? "no block found for it in the configuration"
                    : entry.overridden() != null && entry.declared() != null
                            ? where + ", overriding " + entry.declared()
                            : where.toString();
            return entry.address() + " (" + place + ")";
        }
    }

    /** AWS IDs (sg-0abc…) and ARNs as they appear in messages. */
    private static final Pattern AWS_REFERENCE = Pattern.compile(
            "\\barn:aws[\\w-]*:[\\w-]+:[\\w-]*:[0-9*]*:[^\\s,;\"'()\\[\\]]+|\\b(?:sg|sgr|subnet|vpc|rtb|igw|nat|acl|eni|eipalloc|pl|vpce|fl|db|snap)-[0-9a-f]{6,}\\b");

    private FindingResolver() {}

    /**
     * The resources named by {@code message} (first) or, if it names none, by {@code evidence};
     * {@code explicit} (IDs, ARNs, names or addresses a step gave) always count.
     */
    public static List<Named> resolve(
            StackResources stack, String message, List<String> evidence, List<String> explicit) {
        Map<String, Named> out = new LinkedHashMap<>();
        for (String e : explicit) {
            String ref = AccountRedaction.redact(e.strip(), "");
            stack.resources().stream()
                    .filter(r -> r.address().equals(ref) || r.identifiers().contains(ref))
                    .findFirst()
                    .ifPresentOrElse(
                            r -> out.putIfAbsent(r.address(), new Named(ref, r)),
                            () -> out.putIfAbsent(ref, new Named(ref, null)));
        }
        String m = AccountRedaction.redact(message == null ? "" : message, "");
        int before = out.size();
        named(stack, m, out);
        if (out.size() == before) {
            for (String e : evidence) {
                named(stack, AccountRedaction.redact(e, ""), out);
            }
        }
        // the parts of a named resource whose settings the message quotes come first: they are what is wrong
        List<Named> parts = parts(stack, m, out);
        Map<String, Named> ordered = new LinkedHashMap<>();
        parts.forEach(p -> ordered.put(p.entry().address(), p));
        out.forEach(ordered::putIfAbsent);
        return List.copyOf(ordered.values());
    }

    /**
     * The parts of the named resources (a group's rules, a load balancer's listeners) whose settings the
     * message quotes the most (a CIDR, a port, a TLS policy); none when it quotes none.
     */
    static List<Named> parts(StackResources stack, String message, Map<String, Named> named) {
        Set<String> parentIds = new LinkedHashSet<>();
        named.values().stream()
                .filter(n -> !n.outsideTheStack())
                .forEach(n -> parentIds.addAll(n.entry().identifiers()));
        int best = 0;
        List<Named> out = new ArrayList<>();
        for (StackResources.Entry r : stack.resources()) {
            if (!r.managed()
                    || named.containsKey(r.address())
                    || r.belongsTo().stream().noneMatch(parentIds::contains)) {
                continue;
            }
            int quoted = (int) r.settings().stream()
                    .distinct()
                    .filter(v -> findSetting(message, v))
                    .count();
            if (quoted > best) {
                best = quoted;
                out.clear();
            }
            if (quoted == best && quoted > 0) {
                out.add(new Named(
                        r.identifiers().isEmpty()
                                ? r.address()
                                : r.identifiers().get(0),
                        r));
            }
        }
        return out;
    }

    /** A setting quoted as a whole value: {@code 80} in "tcp/80 from" but not in "8080" or "10.80.0.0/16". */
    static boolean findSetting(String text, String value) {
        int from = 0;
        while (true) {
            int at = text.indexOf(value, from);
            if (at < 0) {
                return false;
            }
            int end = at + value.length();
            boolean startOk = at == 0 || !settingPart(text.charAt(at - 1));
            boolean endOk = end == text.length()
                    || !settingPart(text.charAt(end))
                            && !(text.charAt(end) == '.'
                                    && end + 1 < text.length()
                                    && Character.isDigit(text.charAt(end + 1)));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean settingPart(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    private static void named(StackResources stack, String text, Map<String, Named> out) {
        Set<String> known = new LinkedHashSet<>();
        // ordered by where the text names them first
        List<Map.Entry<Integer, StackResources.Entry>> hits = new ArrayList<>();
        for (StackResources.Entry r : stack.resources()) {
            int first = Integer.MAX_VALUE;
            for (String id : r.identifiers()) {
                int at = find(text, id);
                if (at >= 0) {
                    first = Math.min(first, at);
                    known.add(id);
                }
            }
            if (first != Integer.MAX_VALUE) {
                hits.add(Map.entry(first, r));
            }
        }
        // a data source that reads a managed resource of the stack names the same thing: keep the managed one
        hits.sort(Map.Entry.comparingByKey());
        for (var hit : hits) {
            StackResources.Entry r = hit.getValue();
            boolean shadowed = !r.managed()
                    && hits.stream()
                            .anyMatch(h -> h.getValue().managed()
                                    && h.getValue().identifiers().stream().anyMatch(r.identifiers()::contains));
            if (!shadowed) {
                out.putIfAbsent(r.address(), new Named(r.identifiers().get(0), r));
            }
        }
        Matcher m = AWS_REFERENCE.matcher(text);
        while (m.find()) {
            String ref = m.group().replaceAll("[.:]+$", "");
            boolean covered = known.stream()
                    .anyMatch(k -> k.equals(ref) || ref.startsWith(k) && k.length() > 8 || k.startsWith(ref));
            if (!covered
                    && stack.resources().stream().noneMatch(r -> r.identifiers().contains(ref))) {
                out.putIfAbsent(ref, new Named(ref, null));
            }
        }
    }

    /** Where {@code id} stands in {@code text} as a whole name (not part of a longer one), or -1. */
    static int find(String text, String id) {
        int from = 0;
        while (true) {
            int at = text.indexOf(id, from);
            if (at < 0) {
                return -1;
            }
            int end = at + id.length();
            boolean startOk = at == 0 || !namePart(text.charAt(at - 1));
            boolean endOk = end == text.length()
                    || !namePart(text.charAt(end))
                            && !(text.charAt(end) == '.'
                                    && end + 1 < text.length()
                                    && Character.isLetterOrDigit(text.charAt(end + 1)))
                    || text.charAt(end) == ':'
                            && (end + 1 == text.length() || Character.isWhitespace(text.charAt(end + 1)));
            if (startOk && endOk) {
                return at;
            }
            from = at + 1;
        }
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '/' || c == ':' || c == '*';
    }
}
