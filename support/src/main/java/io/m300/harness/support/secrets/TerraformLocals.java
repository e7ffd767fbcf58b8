package io.m300.harness.support.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code locals} of a Terraform module, as expression text: what {@code terraform show -json}
 * leaves out of its {@code configuration} (it lists resources, variables, outputs and module calls
 * with their references, but no locals). Enough HCL to find each local's expression: strings with
 * interpolations and escapes, heredocs, comments and nested brackets; not an evaluator.
 */
public final class TerraformLocals {

    /**
     * What a module's files say that its JSON configuration does not: each local's expression, and
     * each ephemeral resource's arguments ({@code "aws_ssm_parameter.db_password"} to {@code arn} to its
     * expression; Terraform 1.11 lists ephemeral resources in no section of {@code show -json}).
     */
    public record Module(Map<String, String> locals, Map<String, Map<String, String>> ephemerals) {
        public static final Module EMPTY = new Module(Map.of(), Map.of());
    }

    private static final Pattern EPHEMERAL =
            Pattern.compile("(?m)^[ \\t]*ephemeral[ \\t]+\"([\\w-]+)\"[ \\t]+\"([\\w-]+)\"[ \\t]*\\{");

    private static final Pattern LOCALS = Pattern.compile("(?m)^[ \\t]*locals[ \\t]*\\{");
    private static final Pattern ATTRIBUTE = Pattern.compile("(?m)^[ \\t]*([A-Za-z_][A-Za-z0-9_-]*)[ \\t]*=(?!=)");
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w.])((?:var|local|data|ephemeral|module|[a-z][a-z0-9]*_[a-z0-9_]+)\\.[A-Za-z_][A-Za-z0-9_-]*(?:\\.[A-Za-z_][A-Za-z0-9_-]*)?)");
    private static final Set<String> NOT_REFERENCES = Set.of("each", "count", "self", "path", "terraform");

    private TerraformLocals() {}

    /** The locals and ephemeral resources of every {@code *.tf} file directly in {@code moduleDir}. */
    public static Module of(Path moduleDir) {
        if (moduleDir == null || !Files.isDirectory(moduleDir)) {
            return Module.EMPTY;
        }
        // override files (override.tf, *_override.tf) last: what they define replaces the others' (Terraform's merge)
        Module merged = Module.EMPTY;
        try (Stream<Path> files = Files.list(moduleDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tf"))
                    .sorted(Comparator.comparing((Path p) -> isOverride(p)).thenComparing(Path::toString))
                    .toList()) {
                Module m = parseModule(Files.readString(f));
                Map<String, String> locals = new LinkedHashMap<>(merged.locals());
                locals.putAll(m.locals());
                Map<String, Map<String, String>> ephemerals = new LinkedHashMap<>(merged.ephemerals());
                m.ephemerals()
                        .forEach((k, v) -> ephemerals.merge(k, v, (a, b) -> {
                            Map<String, String> x = new LinkedHashMap<>(a);
                            x.putAll(b);
                            return x;
                        }));
                merged = new Module(locals, ephemerals);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Terraform files of " + moduleDir, e);
        }
        return merged;
    }

    private static boolean isOverride(Path file) {
        String n = file.getFileName().toString();
        return n.equals("override.tf") || n.endsWith("_override.tf");
    }

    /** The locals and ephemeral resources of a module's text. */
    public static Module parseModule(String text) {
        String code = HclText.blankComments(text);
        Map<String, String> locals = new LinkedHashMap<>();
        Matcher m = LOCALS.matcher(code);
        while (m.find()) {
            locals.putAll(attributes(text, code, m.end()));
        }
        Map<String, Map<String, String>> ephemerals = new LinkedHashMap<>();
        Matcher e = EPHEMERAL.matcher(code);
        while (e.find()) {
            ephemerals.put(e.group(1) + "." + e.group(2), attributes(text, code, e.end()));
        }
        return new Module(locals, ephemerals);
    }

    /** Local name to its expression's text, of one file's text. */
    public static Map<String, String> parse(String text) {
        return parseModule(text).locals();
    }

    /** The top-level arguments of the block whose body starts at {@code bodyStart}: name to expression text. */
    private static Map<String, String> attributes(String text, String code, int bodyStart) {
        Map<String, String> out = new LinkedHashMap<>();
        int bodyEnd = closingBrace(code, bodyStart);
        String body = code.substring(bodyStart, bodyEnd);
        List<int[]> found = new ArrayList<>();
        Matcher a = ATTRIBUTE.matcher(body);
        while (a.find()) {
            if (depth(body, a.start()) == 0) {
                found.add(new int[] {a.start(1), a.end(1), a.end()});
            }
        }
        for (int i = 0; i < found.size(); i++) {
            int[] at = found.get(i);
            int end = i + 1 < found.size() ? found.get(i + 1)[0] : body.length();
            out.put(body.substring(at[0], at[1]), body.substring(at[2], end).strip()); // comments blanked
        }
        return out;
    }

    /** The references an expression's text makes ({@code var.x}, {@code data.aws_ssm_parameter.p}, {@code local.y}). */
    public static Set<String> references(String expression) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(expression);
        while (m.find()) {
            String ref = m.group(1);
            if (!NOT_REFERENCES.contains(ref.substring(0, ref.indexOf('.')))) {
                out.add(ref);
            }
        }
        return out;
    }

    /** A quoted string without interpolation: the expression is a literal. */
    public static boolean isLiteral(String expression) {
        String e = expression.strip();
        return e.length() >= 2
                && e.startsWith("\"")
                && e.endsWith("\"")
                && !e.contains("${")
                && e.indexOf('"', 1) == e.length() - 1;
    }

    /** The index of the brace that closes the block whose body starts at {@code from}. */
    private static int closingBrace(String code, int from) {
        return walk(code, from, code.length(), true);
    }

    /** Bracket depth at {@code at} within a block body (strings and interpolations skipped). */
    private static int depth(String body, int at) {
        return walk(body, 0, at, false);
    }

    /**
     * Walks {@code code} from {@code from} to {@code to}, skipping strings and interpolations, and
     * counts brackets: with {@code untilClose}, the index of the first bracket that closes beyond
     * the start (or the code's length); else the depth at {@code to}.
     */
    private static int walk(String code, int from, int to, boolean untilClose) {
        int depth = 0;
        HclText.Strings strings = new HclText.Strings();
        int i = from;
        while (i < to) {
            int inString = strings.skip(code, i);
            if (inString > 0) {
                i += inString;
                continue;
            }
            char c = code.charAt(i);
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                if (untilClose && depth == 0) {
                    return i;
                }
                depth--;
            }
            i++;
        }
        return untilClose ? code.length() : depth;
    }
}
