package io.m300.harness.support.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** MON-01: the log groups a stack really writes to, and whether each keeps logs for the required days. */
public final class LogRetention {

    private LogRetention() {}

    /** The group a Lambda function writes to: its logging config's group, else {@code /aws/lambda/<name>}. */
    public static String functionLogGroup(String functionName, String loggingConfigGroup) {
        return loggingConfigGroup == null || loggingConfigGroup.isBlank()
                ? "/aws/lambda/" + functionName
                : loggingConfigGroup;
    }

    /**
     * Problems of the written-to groups: {@code retention} maps a group name to null (the group
     * does not exist), an empty Optional (it exists and keeps logs forever) or its retention.
     */
    public static List<String> problems(Map<String, Optional<Integer>> retention, int days) {
        List<String> problems = new ArrayList<>();
        if (retention.isEmpty()) {
            problems.add("no log group found that the application or the function writes to");
        }
        retention.forEach((group, r) -> {
            if (r == null) {
                problems.add(
                        group + " does not exist (it is written to, so logs go to a group created without retention)");
            } else if (r.isEmpty()) {
                problems.add(group + " keeps logs forever (no retention), not " + days + " days");
            } else if (r.get() != days) {
                problems.add(group + " keeps logs for " + r.get() + " days, not " + days);
            }
        });
        return problems;
    }
}
