package io.m300.harness.support.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.aws.Arns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for a password in Terraform state, a saved plan ({@code terraform show -json}) or any
 * other JSON or text (SEC-03, SEC-01, SEC-04). It reports two kinds of finding:
 * <ul>
 *   <li>{@value #VALUE}: a string that contains the password, as is, JSON-escaped (once or
 *       twice), base64-encoded, URL-encoded, or a base64 string whose decoded text contains it
 *       (also an object key that contains it);</li>
 *   <li>{@value #ATTRIBUTE}: a non-empty string attribute whose key names a password
 *       ({@code password}, {@code passwd} or {@code secret}, in any case, anywhere in the key), e.g.
 *       {@code password}, {@code master_password}, {@code secret_string}, {@code db_password.value}
 *       (for plan variables and outputs: the {@code value} or {@code constant_value} under such a
 *       key). Not reported: keys ending in {@code _arn}, {@code _version}, {@code _name},
 *       {@code _id}, {@code _status} and keys starting with {@code manage_} (such as
 *       {@code password_wo_version}, {@code manage_master_user_password}, {@code secret_arn}),
 *       booleans, numbers, nulls, empty strings, and values that look like an ARN, a parameter
 *       name ({@code /m300/db/password}) or a KMS alias.</li>
 * </ul>
 * One finding per location; when both apply, the value finding is kept. No finding, neither its
 * fields nor its {@code toString()}, ever holds the password: locations that would are redacted.
 */
public final class SecretScanner {

    public static final String VALUE = "the password's value";
    public static final String ATTRIBUTE = "a non-empty password attribute";

    private static final Pattern SECRET_KEY = Pattern.compile("password|passwd|secret");
    private static final List<String> EXCLUDED_SUFFIXES =
            List.of("_arn", "_arns", "_version", "_versions", "_name", "_names", "_id", "_ids", "_status");
    private static final Set<String> INHERITING_KEYS = Set.of("value", "constant_value");
    private static final Pattern PARAMETER_NAME = Pattern.compile("/[A-Za-z0-9_.\\-/]+");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TEXT_ASSIGNMENT =
            Pattern.compile("[\"']?([A-Za-z0-9_.\\-]*(?i:password|passwd|secret)[A-Za-z0-9_.\\-]*)[\"']?\\s*[:=]\\s*"
                    + "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s,;#}\\]]+))");

    private SecretScanner() {}

    /**
     * Where, in a document that was read from {@code source}, a secret turns up. {@code jsonPath}
     * is e.g. {@code $.resources[0].instances[0].attributes.password} (or {@code line 12} for
     * text); {@code kind} is {@link #VALUE} or {@link #ATTRIBUTE}.
     */
    public record Finding(String source, String jsonPath, String kind) {

        @Override
        public String toString() {
            return source + " at " + jsonPath + ": " + kind;
        }
    }

    /** Walks any JSON document; see the class comment. A null or blank secret finds attributes only. */
    public static List<Finding> scan(JsonNode document, String source, String secretValue) {
        List<String> forms = SecretForms.of(secretValue);
        Map<String, String> found = new LinkedHashMap<>();
        if (document != null) {
            walk(document, "$", false, forms, secretValue, found);
        }
        return findings(found, source, forms);
    }

    /**
     * Scans raw text line by line: a line that holds the secret (in any form), or that assigns a
     * non-empty literal to a password-like key ({@code db_password = "..."}, {@code "password":
     * "..."}, {@code secret: ...}), is reported at {@code line N}. References such as
     * {@code var.db_password}, {@code true}, {@code null} and {@code (sensitive value)} are not
     * literals.
     */
    public static List<Finding> scanText(String text, String source, String secretValue) {
        List<String> forms = SecretForms.of(secretValue);
        Map<String, String> found = new LinkedHashMap<>();
        if (text != null) {
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                String where = "line " + (i + 1);
                if (SecretForms.containedIn(line, forms, secretValue)) {
                    found.put(where, VALUE);
                    continue;
                }
                Matcher m = TEXT_ASSIGNMENT.matcher(line);
                while (m.find()) {
                    String key = m.group(1);
                    boolean quoted = m.group(4) == null;
                    String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                    if (isSecretKey(key) && isLiteralSecretValue(value, quoted)) {
                        found.put(where, ATTRIBUTE);
                        break;
                    }
                }
            }
        }
        return findings(found, source, forms);
    }

    private static void walk(
            JsonNode node,
            String path,
            boolean inheritsSecretKey,
            List<String> forms,
            String secret,
            Map<String, String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                String childPath = path + pathKey(key);
                if (SecretForms.containedIn(key, forms, secret)) {
                    found.put(childPath, VALUE);
                }
                // a password-like key, or "value"/"constant_value" under one (plan variables, outputs, configuration)
                boolean secretKey = isSecretKey(key) || (inheritsSecretKey && INHERITING_KEYS.contains(key));
                visit(field.getValue(), childPath, secretKey, forms, secret, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", inheritsSecretKey, forms, secret, found);
            }
        }
    }

    /** One value: report it if it is the secret or a password attribute, then descend. */
    private static void visit(
            JsonNode value,
            String path,
            boolean secretKey,
            List<String> forms,
            String secret,
            Map<String, String> found) {
        if (value.isValueNode()) {
            if (!value.isNull() && !value.isBoolean() && SecretForms.containedIn(value.asText(), forms, secret)) {
                found.put(path, VALUE);
            } else if (secretKey && value.isTextual() && isLiteralSecretValue(value.asText(), true)) {
                found.putIfAbsent(path, ATTRIBUTE);
            }
            return;
        }
        walk(value, path, secretKey, forms, secret, found);
    }

    static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (!SECRET_KEY.matcher(k).find() || k.startsWith("manage_")) {
            return false;
        }
        for (String suffix : EXCLUDED_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return false;
            }
        }
        return true;
    }

    static boolean isLiteralSecretValue(String value, boolean quoted) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim();
        if (Arns.parse(v).isPresent()
                || v.startsWith("alias/")
                || PARAMETER_NAME.matcher(v).matches()) {
            return false;
        }
        if (v.startsWith("${") && v.endsWith("}")) {
            return false; // an interpolation, not a literal
        }
        if (!quoted) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (Set.of("true", "false", "null", "nil", "none", "{", "[", "(", "<<eot", "(sensitive", "(known")
                            .contains(lower)
                    || lower.startsWith("(")
                    || lower.startsWith("<<")
                    || lower.matches("-?[0-9.]+")
                    || lower.matches("(var|local|data|module|each|count|self|random_password|aws_[a-z0-9_]+)\\..*")) {
                return false;
            }
        } else if (v.equals("(sensitive value)") || v.equals("(sensitive)") || v.equals("(known after apply)")) {
            return false;
        }
        return true;
    }

    private static String pathKey(String key) {
        if (SIMPLE_KEY.matcher(key).matches()) {
            return "." + key;
        }
        return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static List<Finding> findings(Map<String, String> found, String source, List<String> forms) {
        List<Finding> out = new ArrayList<>();
        String safeSource = SecretForms.redact(source == null ? "document" : source, forms);
        found.forEach((path, kind) -> out.add(new Finding(safeSource, SecretForms.redact(path, forms), kind)));
        return out;
    }
}
