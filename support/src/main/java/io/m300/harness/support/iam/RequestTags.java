package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.RequestParts.firstText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The tags a request carries, in the forms of the Query and JSON protocols. */
final class RequestTags {

    private RequestTags() {}

    private static final Pattern QUERY_TAG =
            Pattern.compile("(?:.*\\.)?(?:Tags?|TagSpecification\\.\\d+\\.Tag)\\.(?:member\\.|Tag\\.)?\\d+\\.Key");

    /**
     * The tags (key, value) a request carries: Query {@code TagSpecification.N.Tag.M.Key/Value},
     * {@code Tags.member.N.Key}, {@code Tags.Tag.N.Key}, {@code Tag.N.Key}; JSON {@code Tags}/{@code tags}
     * as a list of {@code {Key,Value}} ({@code key/value}, {@code TagKey/TagValue}) or as a map.
     * Tag keys and values are not secret; nothing else of the body is kept.
     */
    static Map<String, String> of(Map<String, String> form, JsonNode json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (QUERY_TAG.matcher(e.getKey()).matches()) {
                String prefix = e.getKey().substring(0, e.getKey().length() - ".Key".length());
                out.put(e.getValue(), form.getOrDefault(prefix + ".Value", ""));
            }
        }
        if (json != null) {
            for (String field : List.of("Tags", "tags")) {
                JsonNode t = json.get(field);
                if (t == null) {
                    continue;
                }
                if (t.isArray()) {
                    for (JsonNode kv : t) {
                        String k = firstText(kv, "Key", "key", "TagKey");
                        if (k != null) {
                            String v = firstText(kv, "Value", "value", "TagValue");
                            out.put(k, v == null ? "" : v);
                        }
                    }
                } else if (t.isObject()) {
                    t.properties()
                            .forEach(kv -> out.put(kv.getKey(), kv.getValue().asText()));
                }
            }
        }
        return out;
    }
}
