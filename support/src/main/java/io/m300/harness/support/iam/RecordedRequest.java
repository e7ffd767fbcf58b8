package io.m300.harness.support.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as moto's request recorder saw it ({@code GET /moto-api/recorder/download-recording}:
 * one JSON object a line with {@code method}, {@code url}, {@code headers}, {@code body} and
 * {@code body_encoded}). Bodies may hold secrets (the database password sent to SSM or RDS, a
 * certificate's private key): they live in memory only, never in a file or a message.
 */
public record RecordedRequest(String method, URI url, Map<String, String> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = h;
        body = body == null ? "" : body;
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The raw path (still percent-encoded), without the query string. */
    public String path() {
        String p = url.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** {@code [access key, date, region, service]} of the SigV4 credential scope, or empty when unsigned. */
    public List<String> credentialScope() {
        String auth = header("Authorization");
        if (auth == null) {
            return List.of();
        }
        int i = auth.indexOf("Credential=");
        if (i < 0) {
            return List.of();
        }
        String rest = auth.substring(i + "Credential=".length());
        int end = rest.indexOf(',');
        String scope = (end < 0 ? rest : rest.substring(0, end)).trim();
        String[] parts = scope.split("/");
        return parts.length >= 4 ? List.of(parts[0], parts[1], parts[2], parts[3]) : List.of();
    }

    /** Parses a whole recording; lines that are not JSON objects are skipped. */
    public static List<RecordedRequest> parseRecording(String jsonl) {
        List<RecordedRequest> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (n == null || !n.isObject() || !n.hasNonNull("url")) {
                continue;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            n.path("headers")
                    .properties()
                    .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            String body = n.path("body").isNull() ? "" : n.path("body").asText("");
            if (n.path("body_encoded").asBoolean(false) && !body.isEmpty()) {
                try {
                    body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    body = "";
                }
            }
            URI url;
            try {
                url = URI.create(n.get("url").asText().replace(" ", "%20"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.add(new RecordedRequest(n.path("method").asText("GET"), url, headers, body));
        }
        return out;
    }
}
