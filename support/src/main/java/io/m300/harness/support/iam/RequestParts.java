package io.m300.harness.support.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.aws.Arns;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parts of a recorded request every protocol reads: its form or query parameters, its JSON body, its path. */
final class RequestParts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestParts() {}

    static String guessService(RecordedRequest r) {
        String host = r.header("Host");
        return host != null && host.contains(".") ? host.substring(0, host.indexOf('.')) : "unknown";
    }

    /** {@code ?versions&prefix} (the names of the query parameters only, never their values). */
    static String queryKeys(RecordedRequest r) {
        String q = r.url().getRawQuery();
        if (q == null || q.isEmpty()) {
            return "";
        }
        return "?" + String.join("&", query(q).keySet());
    }

    static Map<String, String> form(RecordedRequest r) {
        Map<String, String> out = new LinkedHashMap<>(query(r.url().getRawQuery()));
        String type = r.header("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            out.putAll(query(r.body()));
        }
        return out;
    }

    static JsonNode json(RecordedRequest r) {
        String b = r.body().trim();
        if (!b.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(b);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String text(JsonNode json, String field) {
        return json != null && json.hasNonNull(field) && json.get(field).isValueNode()
                ? json.get(field).asText()
                : null;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.isEmpty()) {
            return out;
        }
        int slash = p.indexOf('/');
        if (slash < 0) {
            out.add(decode(p));
        } else {
            out.add(decode(p.substring(0, slash)));
            String key = p.substring(slash + 1);
            if (!key.isEmpty()) {
                out.add(decode(key));
            }
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String lastName(String nameOrArn, String dflt) {
        if (nameOrArn == null) {
            return dflt;
        }
        return Arns.lastName(nameOrArn);
    }

    static String firstText(JsonNode n, String... fields) {
        for (String f : fields) {
            if (n.hasNonNull(f) && n.get(f).isValueNode()) {
                return n.get(f).asText();
            }
        }
        return null;
    }

    /** Adds {@code prefix + name} (RDS names in lower case, as RDS keeps them) unless the name is blank. */
    static void named(List<String> out, String prefix, String name) {
        if (name != null && !name.isBlank()) {
            out.add(prefix + (prefix.startsWith("rds:") ? name.toLowerCase(Locale.ROOT) : name));
        }
    }
}
