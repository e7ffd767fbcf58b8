package io.m300.harness.support.network;

import java.util.List;

/**
 * The answer of {@link ReachabilityAnalysis}: whether the destination is reachable, the hops of
 * one path when it is (e.g. {@code ["internet", "igw-1 (attached to vpc-1)", "rtb-2: 0.0.0.0/0 ->
 * igw-1 (subnet-a)", ...]}), the first hop that blocks it when it is not ({@code ""} when it is
 * reachable; one entry per distinct blocking hop, joined with {@code "; "}, when several subnets
 * are blocked at different hops), and the explanation: the question, then every subnet's verdict.
 * {@code toString()} is the evidence paragraph an auditor reads.
 */
public record Reachability(boolean reachable, List<String> path, String blockedBy, List<String> explanation) {

    public Reachability {
        path = path == null ? List.of() : List.copyOf(path);
        blockedBy = blockedBy == null ? "" : blockedBy;
        explanation = explanation == null ? List.of() : List.copyOf(explanation);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (reachable) {
            text.append("REACHABLE: ").append(String.join(" -> ", path)).append('.');
        } else {
            text.append("NOT REACHABLE: blocked by ").append(blockedBy).append('.');
        }
        for (String line : explanation) {
            text.append(' ').append(line);
            if (!line.endsWith(".") && !line.endsWith("?")) {
                text.append('.');
            }
        }
        return text.toString();
    }
}
