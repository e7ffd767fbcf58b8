package io.m300.harness.support.stack;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The run a resource belongs to by its name, for what carries no run tag. */
public final class RunNames {

    /** The log group Container Insights makes for a cluster (untagged when the stack does not declare it). */
    private static final Pattern CONTAINER_INSIGHTS = Pattern.compile("/aws/ecs/containerinsights/([^/]+)/performance");

    private RunNames() {}

    /**
     * The run of a Container Insights log group ({@code /aws/ecs/containerinsights/<cluster>/performance}),
     * which ECS makes untagged when the stack does not declare it: the run whose id begins the
     * cluster's name ({@code m300n1-a1} of {@code m300n1-a1-cluster}).
     */
    public static Optional<String> containerInsights(String logGroup, Predicate<String> runIds) {
        Matcher m = CONTAINER_INSIGHTS.matcher(logGroup);
        if (!m.matches()) {
            return Optional.empty();
        }
        return runOfName(m.group(1), runIds);
    }

    /**
     * The run of a name that begins with {@code <run id>-} (or is the run id): the shortest
     * beginning, up to a hyphen, that {@code runIds} accepts (shortest: a prefix selection accepts
     * the longer ones too).
     */
    public static Optional<String> runOfName(String name, Predicate<String> runIds) {
        for (int i = name.indexOf('-'); i > 0; i = name.indexOf('-', i + 1)) {
            if (runIds.test(name.substring(0, i))) {
                return Optional.of(name.substring(0, i));
            }
        }
        return runIds.test(name) ? Optional.of(name) : Optional.empty();
    }
}
