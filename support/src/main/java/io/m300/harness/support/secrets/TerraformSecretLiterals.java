package io.m300.harness.support.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.aws.Arns;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SEC-01: finds, in the text of a Terraform file ({@code *.tf}, {@code *.tfvars},
 * {@code *.tfvars.json}), places that assign a literal to a variable or argument whose name says
 * it holds a secret. Not an HCL parser: a line-based scan that understands just enough HCL to tell
 * a literal from a reference.
 *
 * <p>A <b>secret-like name</b> has a part (split at {@code _ - .} and camel case) that is
 * {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code token}, {@code apikey} or
 * {@code key} (the latter only in a compound name such as {@code private_key}, {@code api_key},
 * {@code access_key}: a bare {@code key} is an S3 object key, a tag key or a map key in HCL), or
 * contains {@code password}/{@code passwd}/{@code secret} inside a part ({@code dbpassword}). It
 * is <em>not</em> secret-like when its last part names metadata about a secret: {@code name},
 * {@code id}, {@code arn}, {@code version}, {@code rotation}, {@code length}, ... (so
 * {@code key_name}, {@code kms_key_id}, {@code secret_arn}, {@code enable_key_rotation},
 * {@code password_wo_version} pass), or when it starts with {@code manage_}/{@code enable_}.
 *
 * <p>A <b>literal</b> is a non-empty quoted string without interpolation ({@code "${...}"}), a
 * heredoc start ({@code <<EOT}) or a bare word that is not a reference, keyword, number or
 * boolean; {@code var.x}, {@code aws_kms_key.x.arn}, {@code true}, {@code null} and function
 * calls are not. Strings that are an ARN, a KMS alias or an SSM parameter path name a secret,
 * they do not hold one.
 *
 * <p>Three shapes are reported: {@code name = literal} (arguments, tfvars, locals, map entries,
 * also {@code "name": literal} in JSON); {@code default = literal} inside a
 * {@code variable "<secret-like name>"} block; and a container environment entry
 * {@code { name = "<SECRET_LIKE>", value = literal }}. Comments ({@code #}, {@code //},
 * {@code /* *\/}) are ignored. Findings never hold the literal itself.
 */
public final class TerraformSecretLiterals {

    /** One assignment of a literal to a secret-like name: {@code variables.tf line 12: db_password}. */
    public record Finding(String file, int line, String name, String shape) {
        @Override
        public String toString() {
            return file + " line " + line + ": " + shape + " '" + name + "' is assigned a literal";
        }
    }

    private static final Set<String> SECRET_PARTS = Set.of(
            "password",
            "passwd",
            "pwd",
            "secret",
            "token",
            "apikey",
            "passphrase",
            "credential",
            "credentials",
            "pass",
            "pw");
    private static final Set<String> METADATA_LAST_PARTS = Set.of(
            "name",
            "names",
            "id",
            "ids",
            "arn",
            "arns",
            "version",
            "versions",
            "rotation",
            "length",
            "count",
            "type",
            "spec",
            "usage",
            "prefix",
            "suffix",
            "path",
            "parameter",
            "policy",
            "pair",
            "alias",
            "enabled",
            "status",
            "days",
            "period",
            "window",
            "description",
            "file",
            "filename",
            "url",
            "uri",
            "region",
            "format",
            "algorithm",
            "size",
            "bits",
            "source",
            "hash",
            "ttl",
            "header",
            "location",
            "store",
            "ref",
            "reference",
            "role",
            "user",
            "username",
            "rule",
            "rules",
            "group");
    private static final Set<String> NON_LITERAL_WORDS = Set.of("true", "false", "null", "{", "[", "(");
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:var|local|data|module|each|count|self|path|terraform|ephemeral|[a-z][a-z0-9]*_[a-z0-9_]+)\\.[A-Za-z0-9_.\\[\\]\"*-]*.*");
    private static final Pattern FUNCTION_CALL = Pattern.compile("[a-z][a-z0-9_]*\\(.*");
    private static final Pattern WRAPPING_CALL =
            Pattern.compile("(?:sensitive|nonsensitive|trimspace|tostring|base64encode|base64decode)\\((.*)\\)");
    private static final Pattern PARAMETER_PATH = Pattern.compile("/[A-Za-z0-9_.\\-/]+");
    /** {@code name = value} or {@code "name": value}; the value is captured raw up to a separator. */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?<![A-Za-z0-9_\\-.])[\"']?([A-Za-z_][A-Za-z0-9_\\-.]*)[\"']?\\s*(?:=(?![=>])|:)\\s*"
                    + "(\"(?:[^\"\\\\]|\\\\.)*\"|<<-?[A-Za-z_]+|[^\\s,}\\]]+)");

    private static final Pattern VARIABLE_BLOCK = Pattern.compile("^\\s*variable\\s+\"([^\"]+)\"\\s*\\{");
    private static final Pattern ENV_ENTRY = Pattern.compile(
            "name\\s*[=:]\\s*\"([^\"]+)\"\\s*,?\\s*\"?value\"?\\s*[=:]\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}\\]]+)");

    private TerraformSecretLiterals() {}

    /** Scans one file's text; {@code file} labels the findings. */
    public static List<Finding> scan(String text, String file) {
        List<Finding> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        if (file != null && file.endsWith(".json")) {
            jsonVariableDefaults(text, file, out);
        }
        String[] lines = HclText.blankComments(text).split("\\R", -1);
        String heredocEnd = null;
        Deque<String> blocks = new ArrayDeque<>(); // the variable name for a variable block, "" otherwise
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (heredocEnd != null) {
                if (line.trim().equals(heredocEnd)) {
                    heredocEnd = null;
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            Matcher variable = VARIABLE_BLOCK.matcher(line);
            String declared = variable.find() ? variable.group(1) : null;
            // a one-line block (variable "x" { default = "..." }) declares and assigns on the same line
            String currentVariable = declared != null ? declared : blocks.isEmpty() ? "" : blocks.peek();
            boolean reported = false;

            Matcher env = ENV_ENTRY.matcher(line);
            while (env.find()) {
                if (isSecretName(env.group(1)) && isLiteral(env.group(2))) {
                    out.add(new Finding(file, lineNo, env.group(1), "environment entry"));
                    reported = true;
                }
            }
            Matcher m = ASSIGNMENT.matcher(line);
            while (!reported && m.find()) {
                if (insideString(line, m.start(1) - 1)) {
                    continue; // text inside a string (a description, an error message), not code
                }
                if (isQuote(line, m.start(1) - 1) != isQuote(line, m.end(1))) {
                    continue; // "secretsmanager:*" is a string holding a colon, not a quoted key "name": value
                }
                String name = m.group(1);
                String value = m.group(2);
                if (!isLiteral(value)) {
                    continue;
                }
                if (isSecretName(name)) {
                    out.add(new Finding(file, lineNo, name, "argument or variable"));
                    reported = true;
                } else if (name.equals("default") && isSecretName(currentVariable)) {
                    out.add(new Finding(file, lineNo, currentVariable, "default of variable"));
                    reported = true;
                }
            }
            Matcher heredoc = Pattern.compile("<<-?([A-Za-z_]+)\\s*$").matcher(line);
            if (heredoc.find()) {
                heredocEnd = heredoc.group(1);
            }
            // track block nesting to know which variable block a "default" belongs to
            String owner = currentVariable;
            for (char c : withoutStrings(line).toCharArray()) {
                if (c == '{') {
                    blocks.push(blocks.isEmpty() && owner != null ? owner : blocks.isEmpty() ? "" : blocks.peek());
                } else if (c == '}' && !blocks.isEmpty()) {
                    blocks.pop();
                }
            }
        }
        return out;
    }

    /** {@code "variable": {"db_password": {"default": "..."}}} in a {@code *.tf.json} file, however it is laid out. */
    private static void jsonVariableDefaults(String text, String file, List<Finding> out) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            return;
        }
        if (root == null) {
            return;
        }
        List<JsonNode> blocks = new ArrayList<>();
        JsonNode variables = root.path("variable");
        if (variables.isArray()) {
            variables.forEach(blocks::add);
        } else if (variables.isObject()) {
            blocks.add(variables);
        }
        for (JsonNode block : blocks) {
            block.properties().forEach(e -> {
                JsonNode d = e.getValue().path("default");
                if (isSecretName(e.getKey())
                        && d.isTextual()
                        && isLiteral("\"" + d.asText().replace("\"", "\\\"") + "\"")) {
                    int at = text.indexOf("\"" + e.getKey() + "\"");
                    int line = at < 0
                            ? 1
                            : (int) text.substring(0, at)
                                            .chars()
                                            .filter(c -> c == '\n')
                                            .count()
                                    + 1;
                    out.add(new Finding(file, line, e.getKey(), "default of variable"));
                }
            });
        }
    }

    /** Whether a variable or argument name says it holds a secret (see the class comment). */
    public static boolean isSecretName(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        List<String> parts = parts(name);
        if (parts.isEmpty()) {
            return false;
        }
        String first = parts.get(0);
        String last = parts.get(parts.size() - 1);
        if (first.equals("manage")
                || first.equals("enable")
                || first.equals("enabled")
                || first.equals("is")
                || first.equals("has")
                || first.equals("sensitive")) {
            return false;
        }
        if (METADATA_LAST_PARTS.contains(last)) {
            return false;
        }
        for (String p : parts) {
            if (SECRET_PARTS.contains(p) || p.contains("password") || p.contains("passwd") || p.contains("secret")) {
                return true;
            }
        }
        // "key" only in a compound name: private_key, api_key, access_key, secret_key, master_key
        return parts.size() > 1 && parts.contains("key");
    }

    /** Whether a raw HCL value (as written after {@code =}) is a literal; see the class comment. */
    public static boolean isLiteral(String raw) {
        if (raw == null) {
            return false;
        }
        String v = raw.trim();
        if (v.isEmpty()) {
            return false;
        }
        if (v.startsWith("<<")) {
            return true;
        }
        if (v.startsWith("\"")) {
            String inner = v.length() >= 2 && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v.substring(1);
            if (inner.isBlank() || inner.contains("${") || inner.contains("%{")) {
                return false;
            }
            return !(Arns.parse(inner).isPresent()
                    || inner.startsWith("alias/")
                    || PARAMETER_PATH.matcher(inner).matches());
        }
        Matcher wrapped = WRAPPING_CALL.matcher(v);
        if (wrapped.matches()) {
            return isLiteral(wrapped.group(1)); // sensitive("x") is still the literal "x"
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (NON_LITERAL_WORDS.contains(lower)
                || lower.matches("-?[0-9][0-9.e+-]*")
                || v.startsWith("{")
                || v.startsWith("[")
                || v.startsWith("(")) {
            return false;
        }
        return !(REFERENCE.matcher(v).matches() || FUNCTION_CALL.matcher(v).matches());
    }

    private static List<String> parts(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String p : spaced.split("[_\\-.]+")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean isQuote(String line, int pos) {
        return pos >= 0 && pos < line.length() && (line.charAt(pos) == '"' || line.charAt(pos) == '\'');
    }

    /** Whether position {@code pos} of {@code line} lies inside a double-quoted string. */
    private static boolean insideString(String line, int pos) {
        boolean in = false;
        for (int i = 0; i < pos && i < line.length(); i++) {
            char c = line.charAt(i);
            if (in && c == '\\') {
                i++;
            } else if (c == '"') {
                in = !in;
            }
        }
        return in;
    }

    private static String withoutStrings(String line) {
        return line.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    }
}
