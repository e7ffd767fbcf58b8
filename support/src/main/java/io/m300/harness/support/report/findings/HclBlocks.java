package io.m300.harness.support.report.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The top-level blocks of one Terraform file, with the line each header is on: {@code resource "t" "n" {},
 * {@code data "t" "n" {}, {@code module "m" {} (with its {@code source}). Only what a finding needs:
 * it does not evaluate HCL. It skips what could hide a brace or a header: strings (with {@code ${...}}
 * interpolations), heredocs and comments ({@code #}, {@code //}, {@code /* *\/}).
 *
 * <p>No HCL parser on Maven Central keeps source positions and is maintained (bertramlabs' hcl4j gives
 * maps without lines; ascopes' hcl4j is an unreleased 0.0.x), so the headers are found here, and
 * Terraform's own view of the configuration (module calls, addresses) is matched against them.
 */
public final class HclBlocks {

    /** A top-level block: its kind ({@code resource}, {@code data}, {@code module}, ...), labels, 1-based line. */
    public record Block(String kind, List<String> labels, int line, Map<String, String> attributes) {
        public String label(int i) {
            return i < labels.size() ? labels.get(i) : "";
        }
    }

    private static final Pattern HEADER =
            Pattern.compile("^\\s*([A-Za-z_][\\w-]*)((?:\\s+(?:\"[^\"]*\"|[A-Za-z_][\\w-]*))*)\\s*\\{");
    private static final Pattern LABEL = Pattern.compile("\"([^\"]*)\"|([A-Za-z_][\\w-]*)");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*([A-Za-z_][\\w-]*)\\s*=\\s*\"([^\"$]*)\"\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("<<-?([A-Za-z_][\\w]*)\\s*$");

    private HclBlocks() {}

    /** The top-level blocks of {@code text}, in order; a simple string attribute of depth 1 is kept (e.g. {@code source}). */
    public static List<Block> scan(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int depth = 0;
        boolean inBlockComment = false;
        String heredoc = null;
        Block current = null;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (heredoc != null) {
                if (line.strip().equals(heredoc)) {
                    heredoc = null;
                }
                continue;
            }
            if (depth == 0 && !inBlockComment) {
                Matcher h = HEADER.matcher(line);
                if (h.find()) {
                    List<String> labels = new ArrayList<>();
                    Matcher l = LABEL.matcher(h.group(2));
                    while (l.find()) {
                        labels.add(l.group(1) != null ? l.group(1) : l.group(2));
                    }
                    current = new Block(h.group(1), List.copyOf(labels), n + 1, new LinkedHashMap<>());
                    blocks.add(current);
                }
            } else if (depth == 1 && current != null && !inBlockComment) {
                Matcher a = ATTRIBUTE.matcher(line);
                if (a.find()) {
                    current.attributes().putIfAbsent(a.group(1), a.group(2));
                }
            }
            // walk the line: braces outside strings and comments change the depth
            boolean inString = false;
            int interpolation = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                char next = i + 1 < line.length() ? line.charAt(i + 1) : '\0';
                if (inBlockComment) {
                    if (c == '*' && next == '/') {
                        inBlockComment = false;
                        i++;
                    }
                } else if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '$' && next == '{') {
                        interpolation++;
                        inString = false;
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '#' || c == '/' && next == '/') {
                    break;
                } else if (c == '/' && next == '*') {
                    inBlockComment = true;
                    i++;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (interpolation > 0) {
                        interpolation--;
                        inString = true;
                    } else {
                        depth = Math.max(0, depth - 1);
                    }
                } else if (c == '<' && next == '<') {
                    Matcher d = HEREDOC.matcher(line.substring(i));
                    if (d.find()) {
                        heredoc = d.group(1);
                        break;
                    }
                }
            }
        }
        return blocks;
    }
}
