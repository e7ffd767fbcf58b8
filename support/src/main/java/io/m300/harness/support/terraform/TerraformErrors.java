package io.m300.harness.support.terraform;

import java.util.ArrayList;
import java.util.List;

/**
 * The first error in the text of a Terraform command that has no machine-readable output of its own
 * ({@code state pull}, {@code output}, {@code show}): commands run with {@code -json} report their
 * errors as diagnostics instead ({@link TerraformEvents}).
 */
final class TerraformErrors {

    private TerraformErrors() {}

    /**
     * The first "Error: ..." line Terraform printed, with the first paragraph of detail after it.
     * Terraform wraps its detail over several lines (the cause is often on the second one) and puts
     * the resource address and source snippet ("with ...", "on ... line N") in paragraphs of their own,
     * which are skipped.
     */
    static String firstError(String output) {
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("^[│╷╵\\s]+", "").trim();
            if (line.startsWith("Error: ")) {
                return oneLine(line.substring(7) + detailAfter(lines, i + 1));
            }
        }
        String trimmed = output.trim();
        return trimmed.isEmpty()
                ? "no output"
                : oneLine(trimmed.lines().reduce((a, b) -> b).orElse(trimmed));
    }

    private static String detailAfter(String[] lines, int from) {
        List<String> paragraph = new ArrayList<>();
        for (int j = from; j < lines.length && !lines[j].trim().startsWith("╵"); j++) {
            String next = lines[j].replaceFirst("^[│╷\\s]+", "").trim();
            if (!next.isEmpty()) {
                paragraph.add(next);
            } else if (isExplanation(paragraph)) {
                break;
            } else {
                paragraph.clear();
            }
        }
        return isExplanation(paragraph) ? ": " + String.join(" ", paragraph) : "";
    }

    /** A paragraph that explains, as opposed to one that locates ("with aws_x.y", "on main.tf line 2"). */
    private static boolean isExplanation(List<String> paragraph) {
        return !paragraph.isEmpty()
                && !paragraph.get(0).startsWith("with ")
                && !paragraph.get(0).startsWith("on ");
    }

    static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
