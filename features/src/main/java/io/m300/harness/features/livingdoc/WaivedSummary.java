package io.m300.harness.features.livingdoc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a waiver changes the build's exit: failsafe's {@code verify} goal (after this post-processing)
 * fails the build from {@code failsafe-summary.xml}. Each failed scenario that a waiver accepts is
 * taken off its {@code <failures>} (an assertion failure in JUnit's terms; a scenario that errored
 * is an {@code <errors>} and is never touched), and when nothing fails any more the result is
 * cleared. The summary as failsafe wrote it is kept beside it as {@code failsafe-summary.unwaived.xml}.
 * Without an accepted scenario the file is not touched, and when this step does not run (living
 * docs skipped) the summary stays as strict as failsafe wrote it.
 */
public final class WaivedSummary {

    /** Put into a summary this step rewrote: run again (the site regenerated), it starts from failsafe's own count. */
    static final String MARK =
            "<!-- m300: failures accepted by waivers taken off; failsafe's own count: failsafe-summary.unwaived.xml -->";

    private static final Pattern FAILURES = Pattern.compile("<failures>(\\d+)</failures>");
    private static final Pattern ERRORS = Pattern.compile("<errors>(\\d+)</errors>");

    private WaivedSummary() {}

    /** Takes {@code accepted} failures off {@code summary}; returns the failures left, or -1 when there is no summary. */
    public static int apply(Path summary, int accepted) {
        if (summary == null || !Files.isRegularFile(summary)) {
            return -1;
        }
        try {
            Path unwaived = summary.resolveSibling("failsafe-summary.unwaived.xml");
            String xml = Files.readString(summary);
            if (xml.contains(MARK) && Files.isRegularFile(unwaived)) {
                xml = Files.readString(unwaived); // rewritten before: start again from failsafe's own count
                Files.writeString(summary, xml);
            }
            Matcher f = FAILURES.matcher(xml);
            Matcher e = ERRORS.matcher(xml);
            if (!f.find() || !e.find()) {
                throw new IllegalArgumentException(summary + " has no <failures> or <errors>: not a failsafe summary");
            }
            int failures = Integer.parseInt(f.group(1));
            if (accepted <= 0 || failures == 0) {
                return failures;
            }
            int left = Math.max(0, failures - accepted);
            String out = f.replaceFirst("<failures>" + left + "</failures>");
            if (left == 0 && Integer.parseInt(e.group(1)) == 0 && out.contains("<failureMessage xsi:nil=\"true\"")) {
                out = out.replaceFirst("result=\"\\d+\"", "result=\"null\"");
            }
            Files.copy(summary, unwaived, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(
                    summary,
                    out.replaceFirst("(<failsafe-summary[^>]*>)", "$1\n    " + Matcher.quoteReplacement(MARK)));
            return left;
        } catch (IOException x) {
            throw new UncheckedIOException("cannot rewrite " + summary, x);
        }
    }
}
