package io.m300.harness.support.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one grammar for durations a user writes ({@code harness.phaseTimeout}, the Sweeper's
 * {@code --older-than} and {@code --max-wait}): a whole number and a unit, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 90s}, {@code 20m}, {@code 24h}, {@code 2d}), blanks between them allowed.
 */
public final class Durations {

    /** The grammar in words, for error messages. */
    public static final String EXAMPLES = "e.g. 90s, 30m, 24h or 2d";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    private Durations() {}

    /** The duration {@code value} names; empty when it does not follow the grammar. */
    public static Optional<Duration> parse(String value) {
        var m = DURATION.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
    }
}
