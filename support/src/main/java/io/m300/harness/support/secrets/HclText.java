package io.m300.harness.support.secrets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lexical layer the Terraform readers of this package share: where HCL's strings (with their
 * {@code ${...}} interpolations), comments and heredocs are.
 */
final class HclText {

    private static final Pattern HEREDOC = Pattern.compile("<<-?([A-Za-z_]+)[^\\n]*\\n");

    private HclText() {}

    /**
     * Comments become spaces and so do brackets, quotes, {@code #} and {@code =} in heredoc bodies:
     * same length and same lines, so offsets and line numbers agree with the original text.
     */
    static String blankComments(String text) {
        StringBuilder b = new StringBuilder(text);
        Strings strings = new Strings();
        int i = 0;
        while (i < b.length()) {
            int inString = strings.skip(b, i);
            if (inString > 0) {
                i += inString;
                continue;
            }
            char c = b.charAt(i);
            char next = i + 1 < b.length() ? b.charAt(i + 1) : 0;
            if (c == '#' || (c == '/' && next == '/')) {
                while (i < b.length() && b.charAt(i) != '\n') {
                    b.setCharAt(i++, ' ');
                }
                continue;
            } else if (c == '/' && next == '*') {
                while (i < b.length() && !(b.charAt(i) == '*' && i + 1 < b.length() && b.charAt(i + 1) == '/')) {
                    if (b.charAt(i) != '\n') {
                        b.setCharAt(i, ' ');
                    }
                    i++;
                }
                for (int k = 0; k < 2 && i < b.length(); k++) {
                    b.setCharAt(i++, ' ');
                }
                continue;
            } else if (c == '<' && next == '<') {
                Matcher h = HEREDOC.matcher(b);
                if (h.find(i) && h.start() == i) {
                    i = blankHeredocBody(b, h);
                    continue;
                }
            }
            i++;
        }
        return b.toString();
    }

    /** Blanks the markers in the body of the heredoc {@code h} starts; returns the index after its end line. */
    private static int blankHeredocBody(StringBuilder b, Matcher h) {
        Matcher end = Pattern.compile("(?m)^[ \\t]*" + h.group(1) + "[ \\t]*$").matcher(b);
        int stop = end.find(h.end()) ? end.end() : b.length();
        for (int k = h.end(); k < stop; k++) {
            if ("{}[]()\"#=".indexOf(b.charAt(k)) >= 0) {
                b.setCharAt(k, ' ');
            }
        }
        return stop;
    }

    /** Follows a walk over HCL code through its strings and their interpolations (which are code again). */
    static final class Strings {
        private boolean inString;
        private int interpolation;

        /**
         * How many characters at {@code i} belong to a string (its quotes, an escape, the {@code ${}
         * that leaves it, the {@code }} that returns to it); 0 when the character at {@code i} is code.
         */
        int skip(CharSequence code, int i) {
            char c = code.charAt(i);
            char next = i + 1 < code.length() ? code.charAt(i + 1) : 0;
            if (inString) {
                if (c == '\\') {
                    return 2;
                }
                if (c == '$' && next == '{') {
                    inString = false;
                    interpolation++;
                    return 2;
                }
                if (c == '"') {
                    inString = false;
                }
                return 1;
            }
            if (c == '"') {
                inString = true;
                return 1;
            }
            if (c == '}' && interpolation > 0) {
                interpolation--;
                inString = true;
                return 1;
            }
            return 0;
        }
    }
}
