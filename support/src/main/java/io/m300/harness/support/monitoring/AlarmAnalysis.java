package io.m300.harness.support.monitoring;

import io.m300.harness.support.aws.Arns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

/**
 * Whether the stack's alarms watch what they should and notify who they should (MON-02, MON-04).
 * An alarm is judged by the metrics it really reads, whether written as a plain metric
 * (top-level namespace, metric name and dimensions) or as metric queries ({@code metric_query}
 * in Terraform, returned under {@code Metrics} by DescribeAlarms, with the top level empty).
 */
public final class AlarmAnalysis {

    /** Comparison operators that make an alarm fire when the value is high. */
    public static final Set<String> FIRES_WHEN_HIGH = Set.of("GreaterThanThreshold", "GreaterThanOrEqualToThreshold");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** One metric an alarm reads; {@code via} says where it stands in the alarm ("metric" or "query m1"). */
    public record WatchedMetric(String namespace, String metricName, Map<String, String> dimensions, String via) {

        @Override
        public String toString() {
            return namespace + " " + metricName + " " + dimensions + " (" + via + ")";
        }
    }

    private AlarmAnalysis() {}

    /**
     * The CloudWatch dimension value of an Application Load Balancer: the part of its ARN after
     * {@code loadbalancer/}, i.e. {@code app/<name>/<id>}.
     */
    public static String albArnSuffix(String albArn) {
        String suffix = resourceAfter(albArn, "loadbalancer/")
                .orElseThrow(() -> new IllegalArgumentException("not a load balancer ARN: " + albArn));
        if (suffix.split("/").length != 3) {
            throw new IllegalArgumentException("load balancer ARN without app/<name>/<id>: " + albArn);
        }
        return suffix;
    }

    /** The CloudWatch dimension value of a target group: {@code targetgroup/<name>/<id>}, the ARN's resource part. */
    public static String targetGroupArnSuffix(String targetGroupArn) {
        return resourceAfter(targetGroupArn, "targetgroup/")
                .map(rest -> "targetgroup/" + rest)
                .orElseThrow(() -> new IllegalArgumentException("not a target group ARN: " + targetGroupArn));
    }

    /** The rest of an ARN's resource after {@code prefix}, when it is an ARN whose resource starts with it. */
    private static Optional<String> resourceAfter(String arn, String prefix) {
        return Arns.parse(arn)
                .map(a -> a.resourceAsString())
                .filter(r -> r.startsWith(prefix))
                .map(r -> r.substring(prefix.length()));
    }

    /** The top-level dimensions of an alarm (empty for an alarm written as metric queries). */
    public static Map<String, String> dimensions(MetricAlarm alarm) {
        return dimensions(alarm.dimensions());
    }

    private static Map<String, String> dimensions(List<Dimension> list) {
        Map<String, String> dims = new TreeMap<>();
        for (Dimension d : list) {
            dims.put(d.name(), d.value());
        }
        return dims;
    }

    /** Every metric the alarm reads: its top-level metric, and the metric of each metric query. */
    public static List<WatchedMetric> watchedMetrics(MetricAlarm alarm) {
        List<WatchedMetric> out = new ArrayList<>();
        if (!blank(alarm.metricName())) {
            out.add(new WatchedMetric(alarm.namespace(), alarm.metricName(), dimensions(alarm), "metric"));
        }
        for (MetricDataQuery q : alarm.metrics()) {
            if (q.metricStat() != null && q.metricStat().metric() != null) {
                var m = q.metricStat().metric();
                out.add(new WatchedMetric(
                        m.namespace(), m.metricName(), dimensions(m.dimensions()), "query " + q.id()));
            }
        }
        return out;
    }

    /**
     * The metrics whose value the alarm compares with its threshold: the top-level metric; or the
     * metric query that returns data; or, when that is an expression, the metric queries it
     * names (one level of expressions, recursively through other expressions).
     */
    public static List<WatchedMetric> evaluatedMetrics(MetricAlarm alarm) {
        if (!blank(alarm.metricName())) {
            return List.of(new WatchedMetric(alarm.namespace(), alarm.metricName(), dimensions(alarm), "metric"));
        }
        List<MetricDataQuery> queries = alarm.metrics();
        List<MetricDataQuery> returned = queries.stream()
                .filter(q -> Boolean.TRUE.equals(q.returnData()))
                .toList();
        if (returned.isEmpty() && queries.size() == 1) {
            returned = queries; // ReturnData defaults to true for the only query
        }
        List<WatchedMetric> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        returned.forEach(q -> collect(q, queries, seen, out));
        return out;
    }

    private static void collect(
            MetricDataQuery q, List<MetricDataQuery> all, Set<String> seen, List<WatchedMetric> out) {
        if (!seen.add(String.valueOf(q.id()))) {
            return;
        }
        if (q.metricStat() != null && q.metricStat().metric() != null) {
            var m = q.metricStat().metric();
            out.add(new WatchedMetric(m.namespace(), m.metricName(), dimensions(m.dimensions()), "query " + q.id()));
        } else if (!blank(q.expression())) {
            Set<String> names = new LinkedHashSet<>();
            Matcher matcher = IDENTIFIER.matcher(q.expression());
            while (matcher.find()) {
                names.add(matcher.group());
            }
            all.stream().filter(other -> names.contains(other.id())).forEach(other -> collect(other, all, seen, out));
        }
    }

    /**
     * Problems of one alarm's dimensions against the deployed resources: {@code expected} maps a
     * dimension name (ClusterName, ServiceName, LoadBalancer, TargetGroup, DBInstanceIdentifier)
     * to the values that name resources of the stack. A dimension with another value, a
     * dimension the stack cannot name, or no dimension at all is a problem.
     */
    public static List<String> dimensionProblems(
            String alarmName, Map<String, String> dimensions, Map<String, Set<String>> expected) {
        List<String> problems = new ArrayList<>();
        if (dimensions.isEmpty()) {
            problems.add(alarmName + " has no dimensions: it watches no resource of the stack");
        }
        dimensions.forEach((name, value) -> {
            Set<String> want = expected.get(name);
            if (want == null || want.isEmpty()) {
                problems.add(alarmName + ": dimension " + name + "=" + value + " names nothing the stack deploys");
            } else if (!want.contains(value)) {
                problems.add(alarmName + ": dimension " + name + "=" + value
                        + ", but the stack's deployed resources are " + want);
            }
        });
        return problems;
    }

    /**
     * MON-04 for one alarm: every metric it reads has, in its namespace, a full set of dimensions
     * that the namespace publishes, and they name deployed resources ({@link MetricDimensions}).
     */
    public static List<String> problemsOf(MetricAlarm alarm, Map<String, Set<String>> expected) {
        List<WatchedMetric> metrics = watchedMetrics(alarm);
        if (metrics.isEmpty()) {
            return List.of(alarm.alarmName() + " reads no metric: it watches no resource of the stack");
        }
        List<String> problems = new ArrayList<>();
        for (WatchedMetric m : metrics) {
            String label = alarm.alarmName() + ("metric".equals(m.via()) ? "" : " (" + m.via() + ")");
            problems.addAll(MetricDimensions.problems(
                    label + " (" + m.namespace() + " " + m.metricName() + ")",
                    m.namespace(),
                    m.dimensions(),
                    expected));
        }
        return problems;
    }

    /**
     * Problems of a high-CPU alarm (MON-02): it must compare AWS/ECS CPUUtilization of exactly the
     * stack's cluster and service, fire when it is high (GreaterThan[OrEqualTo]Threshold) at a
     * threshold of at most {@code maxThreshold}, have its actions enabled, and notify one of
     * {@code alertTopics}. Empty means the alarm does all that.
     */
    public static List<String> cpuAlarmProblems(
            MetricAlarm alarm, String cluster, String service, Set<String> alertTopics, double maxThreshold) {
        List<String> problems = new ArrayList<>();
        String name = alarm.alarmName();
        List<WatchedMetric> evaluated = evaluatedMetrics(alarm);
        boolean watchesService = evaluated.stream()
                .anyMatch(m -> "AWS/ECS".equals(m.namespace())
                        && "CPUUtilization".equals(m.metricName())
                        && cluster.equals(m.dimensions().get("ClusterName"))
                        && service.equals(m.dimensions().get("ServiceName")));
        if (!watchesService) {
            problems.add(name + " compares " + (evaluated.isEmpty() ? "no metric" : evaluated)
                    + ", not AWS/ECS CPUUtilization of ClusterName=" + cluster + ", ServiceName=" + service);
        }
        if (!FIRES_WHEN_HIGH.contains(String.valueOf(alarm.comparisonOperatorAsString()))) {
            problems.add(name + " fires on " + alarm.comparisonOperatorAsString() + ", not when CPU is high ("
                    + FIRES_WHEN_HIGH + ")");
        }
        if (alarm.threshold() == null || alarm.threshold() > maxThreshold) {
            problems.add(name + " has threshold " + alarm.threshold() + ", above " + maxThreshold);
        }
        if (Boolean.FALSE.equals(alarm.actionsEnabled())) {
            problems.add(name + " has its actions disabled");
        }
        if (alarm.alarmActions().stream().noneMatch(alertTopics::contains)) {
            problems.add(name + " does not notify the alerts topic " + alertTopics + " (alarm actions: "
                    + alarm.alarmActions() + ")");
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The evidence line of an alarm: what it reads and compares, its actions and its state. */
    public static String describe(MetricAlarm a) {
        return a.alarmName() + ": reads " + watchedMetrics(a) + ", compares " + evaluatedMetrics(a) + " "
                + a.comparisonOperatorAsString() + " " + a.threshold() + ", actions enabled " + a.actionsEnabled()
                + ", alarm actions " + a.alarmActions() + ", state " + a.stateValueAsString();
    }
}
