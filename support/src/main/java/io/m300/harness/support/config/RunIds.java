package io.m300.harness.support.config;

import java.util.regex.Pattern;

/**
 * What a run id may be, in one place: it prefixes the name of everything a run creates and is its
 * {@code m300:run-id} tag, so the harness (harness.runId) and the Sweeper (--run-id) accept the same ids.
 */
public final class RunIds {

    /** 3-20 characters, lowercase letters, digits and '-', starting with a letter, not ending with '-', no '--'. */
    public static final Pattern PATTERN = Pattern.compile("[a-z](?!.*--)[a-z0-9-]{1,18}[a-z0-9]");

    /** The rule of {@link #PATTERN} in words, for error messages. */
    public static final String RULE = "3-20 characters, lowercase letters, digits and '-', starting with a letter, "
            + "not ending with '-', no '--'";

    private RunIds() {}

    public static boolean valid(String runId) {
        return runId != null && PATTERN.matcher(runId).matches();
    }
}
