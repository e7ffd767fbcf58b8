package io.m300.harness.features.livingdoc;

import gg.jte.Content;
import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text helpers for the pages. Escaping is jte's: every {@code ${...}} in a template is escaped for
 * where it stands; only {@link #md} hands a template markup, and it escapes the text first.
 */
final class Html {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Html() {}

    /** Text as jte writes it between tags: {@code & < >} escaped. */
    static String escapeContent(String s) {
        StringOutput out = new StringOutput();
        Escape.htmlContent(s == null ? "" : s, out);
        return out.toString();
    }

    /** Text as jte writes it in an attribute value: {@code & < " '} escaped. */
    static String escapeAttribute(String s) {
        StringOutput out = new StringOutput();
        Escape.htmlAttribute(s == null ? "" : s, out);
        return out.toString();
    }

    /** The catalogue's inline markdown (backticks, bold), escaped first. */
    static Content md(String s) {
        String html = BOLD.matcher(CODE.matcher(escapeContent(s)).replaceAll("<code>$1</code>"))
                .replaceAll("<strong>$1</strong>");
        return out -> out.writeContent(html);
    }

    /** A readable duration: {@code 0.36 s}, {@code 2 min 05 s}. */
    static String duration(long nanos) {
        double seconds = nanos / 1e9;
        return seconds(seconds);
    }

    static String seconds(double seconds) {
        if (seconds < 0.01) {
            return "< 0.01 s";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** An ISO instant as {@code 2026-11-27 07:21:23 UTC}; anything else as it is. */
    static String when(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** A safe file and anchor name for a control ID. */
    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
