package io.m300.harness.support.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a recording shows of the tags of the resources its calls act on (and of the permissions boundary of its roles). */
final class KnownResourceTags {

    private KnownResourceTags() {}

    /**
     * The calls with {@code aws:ResourceTag/<key>} set wherever the tags of every resource a call acts
     * on ({@link ApiCallDecoder#SUBJECT}) are known: from the recording's own create and tagging calls
     * (the tags they carry, {@link ApiCallDecoder#CREATES}; a resource created twice keeps only the tags
     * both carried) and from {@code lookedUp} (tags the emulator reported at the end of the run, e.g.
     * of EC2 ids, which only a create call's response names). A call on a resource whose tags are not
     * known keeps the key unknown: {@link RolePolicyCheck.Outcome#ALLOWED_IF_CONDITION} where a statement needs it.
     */
    static List<ApiCall> of(List<ApiCall> calls, Map<String, Map<String, String>> lookedUp) {
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
            ctx.put(RolePolicyCheck.RESOURCE_TAGS_KNOWN, List.of("true"));
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
}
