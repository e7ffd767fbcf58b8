package io.m300.harness.features.livingdoc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML helpers: every text that reaches a page goes through {@link #esc}. */
final class Html {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Html() {}

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The catalogue's inline markdown (backticks, bold), escaped first. */
    static String md(String s) {
        String escaped = esc(s);
        Matcher m = CODE.matcher(escaped);
        escaped = m.replaceAll(r -> Matcher.quoteReplacement("<code>" + r.group(1) + "</code>"));
        m = BOLD.matcher(escaped);
        return m.replaceAll(r -> Matcher.quoteReplacement("<strong>" + r.group(1) + "</strong>"));
    }

    /** A readable duration: {@code 0.36 s}, {@code 2 min 05 s}. */
    static String duration(long nanos) {
        double seconds = nanos / 1e9;
        return seconds(seconds);
    }

    static String seconds(double seconds) {
        if (seconds < 0.01) {
            return "&lt; 0.01 s";
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
