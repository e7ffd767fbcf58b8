package io.m300.harness.support.report.findings;

import java.util.function.Function;

/**
 * Where a block is in the repository: a path relative to the repository's top (as code scanning
 * and a browser link want it) and the 1-based line of the block's header.
 */
public record SourceLocation(String path, int line) {

    @Override
    public String toString() {
        return path + ":" + line;
    }

    /**
     * A link to the line on GitHub when the run knows its repository and commit ({@code GITHUB_SERVER_URL},
     * {@code GITHUB_REPOSITORY}, {@code GITHUB_SHA}, as GitHub Actions sets them), else null.
     */
    public String link(Function<String, String> env) {
        String server = env.apply("GITHUB_SERVER_URL");
        String repo = env.apply("GITHUB_REPOSITORY");
        String sha = env.apply("GITHUB_SHA");
        if (blank(server) || blank(repo) || blank(sha) || path.startsWith("<")) {
            return null;
        }
        return server.replaceAll("/+$", "") + "/" + repo + "/blob/" + sha + "/" + path + "#L" + line;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
