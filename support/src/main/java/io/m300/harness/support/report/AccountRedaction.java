package io.m300.harness.support.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes AWS account ids from reports before they are published (workflow artifacts, GitHub
 * Pages): every 12-digit number that stands alone (in ARNs, queue URLs, "Account"/"OwnerId"
 * values, text) becomes {@value #MASK}. A bare JSON number (e.g. Cucumber's
 * {@code "duration": 123456789012} nanoseconds) is a measurement, not an account, and is kept;
 * an account given explicitly (the run's own) is masked wherever it appears.
 *
 * <p>Only the JDK: the nightly workflow runs it as a single source file,
 * {@code java support/src/main/java/io/m300/harness/support/report/AccountRedaction.java <dir>...}.
 */
public final class AccountRedaction {

    public static final String MASK = "************";

    private static final Pattern TWELVE = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final Set<String> TEXT =
            Set.of("html", "htm", "json", "ndjson", "js", "txt", "md", "xml", "csv", "log", "svg");

    private AccountRedaction() {}

    /** The text with account ids masked; {@code known} (may be empty) is masked everywhere. */
    public static String redact(String text, String known) {
        String out = text;
        if (known != null && known.matches("[0-9]{12}")) {
            out = out.replace(known, MASK);
        }
        Matcher m = TWELVE.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, bareJsonNumber(out, m.start(), m.end()) ? m.group() : MASK);
        }
        m.appendTail(b);
        return b.toString();
    }

    /** A JSON number value: after a colon (spaces allowed), before a comma, brace, bracket or line end. */
    static boolean bareJsonNumber(String s, int start, int end) {
        int i = start - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
        }
        if (i < 0 || s.charAt(i) != ':') {
            return false;
        }
        int j = end;
        if (j < s.length() && s.charAt(j) == '.') {
            return true; // 123456789012.5: a number
        }
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
        }
        return j >= s.length() || ",}]\r\n".indexOf(s.charAt(j)) >= 0;
    }

    /** Rewrites every text file under the folders in place; returns how many files changed. */
    public static int redactTree(List<Path> roots, String known) {
        int changed = 0;
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(AccountRedaction::isText)
                        .toList()) {
                    String before = Files.readString(f, StandardCharsets.UTF_8);
                    String after = redact(before, known);
                    if (!after.equals(before)) {
                        Files.writeString(f, after, StandardCharsets.UTF_8);
                        changed++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return changed;
    }

    private static boolean isText(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && TEXT.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** {@code AccountRedaction <dir>...}; the run's own account from HARNESS_AWS_ACCOUNT, if set. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("[redact] usage: AccountRedaction <dir>...");
            System.exit(2);
        }
        List<Path> roots = Stream.of(args).map(Path::of).toList();
        int n = redactTree(roots, System.getenv().getOrDefault("HARNESS_AWS_ACCOUNT", ""));
        System.out.println("[redact] masked AWS account ids in " + n + " file(s) under " + String.join(" ", args));
    }
}
