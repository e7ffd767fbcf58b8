package io.m300.harness.support.iam;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags a call's context carries beyond the request's own {@code aws:RequestTag/*}: EC2's tag
 * specifications by resource type (request tags belong to the type being created, not to the whole
 * request) and the known tags of each resource the call acts on ({@link RolePolicyCheck#withResourceTags}).
 * Context keys of this project's own ({@code m300:...}), never AWS keys; tag keys and values only.
 */
public final class TagContext {

    private TagContext() {}

    /** Context key prefix (not an AWS one): {@code m300:tagspec|<resource type>|<tag key>} -> value, of EC2's TagSpecification. */
    public static final String TAG_SPEC = "m300:tagspec|";
    /** Context key (not an AWS one): the resource types the request's TagSpecifications name. */
    public static final String TAG_SPEC_TYPES = "m300:tagspec-types";
    /** Context key prefix (not an AWS one): {@code m300:tagsof|<subject>|<tag key>} -> value, the known tags of one resource. */
    public static final String TAGS_OF = "m300:tagsof|";

    /** The resource types of the request's tag specifications. */
    public static Set<String> tagSpecTypes(Map<String, List<String>> context) {
        return new LinkedHashSet<>(context.getOrDefault(TAG_SPEC_TYPES, List.of()));
    }

    /** The tags the request's tag specification gives {@code type}; null when the request has no tag specification. */
    public static Map<String, String> tagSpec(Map<String, List<String>> context, String type) {
        if (!context.containsKey(TAG_SPEC_TYPES)) {
            return null;
        }
        return under(context, TAG_SPEC + type + "|");
    }

    /** The known tags of the resource {@code arn} names (a subject of the call whose tags are known), or null. */
    public static Map<String, String> tagsOf(Map<String, List<String>> context, String arn) {
        for (String subject : context.getOrDefault(ApiCallDecoder.SUBJECT, List.of())) {
            if (!context.containsKey(TAGS_OF + subject) || !names(subject, arn)) {
                continue;
            }
            return under(context, TAGS_OF + subject + "|");
        }
        return null;
    }

    /** The tags kept in the context under {@code prefix} ({@code prefix + key -> [value]}). */
    private static Map<String, String> under(Map<String, List<String>> context, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        context.forEach((k, v) -> {
            if (k.startsWith(prefix) && !v.isEmpty()) {
                out.put(k.substring(prefix.length()), v.get(0));
            }
        });
        return out;
    }

    private static boolean names(String subject, String arn) {
        String name = subject.substring(subject.indexOf(':') + 1);
        if (name.matches("(db|subgrp|snapshot|lb|tg|listener-of|group|alarm|cluster|taskdef|service|role|policy):.*")) {
            name = name.substring(name.indexOf(':') + 1);
        }
        return arn.equals(name) || arn.endsWith("/" + name) || arn.endsWith(":" + name);
    }

    /** EC2's {@code TagSpecification.N.ResourceType} and {@code TagSpecification.N.Tag.M.Key/Value}, by resource type. */
    public static Map<String, Map<String, String>> tagSpecifications(Map<String, String> form) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Pattern key = Pattern.compile("TagSpecification\\.(\\d+)\\.Tag\\.(\\d+)\\.Key");
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (e.getKey().matches("TagSpecification\\.\\d+\\.ResourceType")) {
                out.computeIfAbsent(e.getValue(), t -> new LinkedHashMap<>());
            }
        }
        for (Map.Entry<String, String> e : form.entrySet()) {
            Matcher m = key.matcher(e.getKey());
            if (m.matches()) {
                String type = form.get("TagSpecification." + m.group(1) + ".ResourceType");
                if (type != null) {
                    out.get(type)
                            .put(
                                    e.getValue(),
                                    form.getOrDefault(
                                            "TagSpecification." + m.group(1) + ".Tag." + m.group(2) + ".Value", ""));
                }
            }
        }
        return out;
    }
}
