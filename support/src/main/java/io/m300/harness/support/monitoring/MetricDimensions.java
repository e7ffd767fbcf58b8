package io.m300.harness.support.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which sets of dimensions each AWS namespace publishes its metrics with (MON-04): an alarm names a
 * resource only when its namespace has the dimensions it gives, all of them, and nothing else.
 * {@code ServiceName} without {@code ClusterName} in {@code AWS/ECS}, or {@code DBInstanceIdentifier}
 * in {@code AWS/EC2}, names a metric that never has data. Taken from the CloudWatch metrics
 * documentation of each service ("Dimensions for ... metrics").
 */
public final class MetricDimensions {

    private static final List<Set<String>> ELB = List.of(
            Set.of("LoadBalancer"),
            Set.of("LoadBalancer", "TargetGroup"),
            Set.of("LoadBalancer", "AvailabilityZone"),
            Set.of("LoadBalancer", "TargetGroup", "AvailabilityZone"));

    /** Namespace -> the dimension sets its metrics are published with. */
    static final Map<String, List<Set<String>>> PUBLISHED = Map.ofEntries(
            Map.entry("AWS/ECS", List.of(Set.of("ClusterName", "ServiceName"), Set.of("ClusterName"))),
            Map.entry("AWS/ApplicationELB", ELB),
            Map.entry("AWS/NetworkELB", ELB),
            Map.entry(
                    "AWS/RDS",
                    List.of(
                            Set.of("DBInstanceIdentifier"),
                            Set.of("DBClusterIdentifier"),
                            Set.of("DBClusterIdentifier", "Role"))),
            Map.entry("AWS/Lambda", List.of(Set.of("FunctionName"), Set.of("FunctionName", "Resource"))),
            Map.entry("AWS/SNS", List.of(Set.of("TopicName"))),
            Map.entry("AWS/SQS", List.of(Set.of("QueueName"))),
            Map.entry("AWS/Logs", List.of(Set.of("LogGroupName"))),
            Map.entry("AWS/NATGateway", List.of(Set.of("NatGatewayId"))),
            Map.entry("AWS/Events", List.of(Set.of("RuleName"))),
            Map.entry(
                    "AWS/EC2",
                    List.of(
                            Set.of("InstanceId"),
                            Set.of("AutoScalingGroupName"),
                            Set.of("ImageId"),
                            Set.of("InstanceType"))));

    /** Dimensions that qualify a metric rather than name a resource: their values are not looked up among the stack's resources. */
    public static final Set<String> QUALIFIERS = Set.of("AvailabilityZone", "Role", "Resource");

    /** The pseudo-dimension under which the stack's ECS services are given as {@code cluster/service}, so the pair is judged together. */
    public static final String ECS_SERVICE = "ClusterName/ServiceName";

    private MetricDimensions() {}

    /** For the evidence: each namespace and its dimension sets. */
    public static String describePublished() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(PUBLISHED)
                .forEach((ns, sets) -> out.add(ns + " "
                        + sets.stream().map(x -> new TreeSet<>(x).toString()).toList()));
        return String.join("; ", out);
    }

    /** True when the harness knows the namespace's dimension sets (AWS namespaces it reads); a custom namespace is not. */
    public static boolean known(String namespace) {
        return PUBLISHED.containsKey(namespace);
    }

    /**
     * Why these dimension names are not a set the namespace publishes its metrics with; empty when
     * they are, or when the namespace is not an AWS namespace the harness knows (a custom metric's
     * dimensions are whatever its publisher chose).
     */
    public static Optional<String> setProblem(String namespace, Set<String> names) {
        List<Set<String>> sets = PUBLISHED.get(namespace);
        if (sets == null) {
            return namespace != null && namespace.startsWith("AWS/")
                    ? Optional.of("namespace " + namespace
                            + " is not one whose dimensions the harness knows: the metric cannot be judged")
                    : Optional.empty();
        }
        if (sets.contains(names)) {
            return Optional.empty();
        }
        List<String> valid = sets.stream().map(s -> new TreeSet<>(s).toString()).toList();
        return Optional.of("dimensions " + new TreeSet<>(names) + " are not a set " + namespace
                + " publishes metrics with (it has " + valid + ")");
    }

    /**
     * MON-04 for one metric: the namespace has exactly these dimensions, and every dimension that
     * names a resource names one the stack deploys ({@code deployed}: dimension name -> values;
     * {@link #ECS_SERVICE} -> {@code cluster/service} pairs). Empty means the metric watches a
     * deployed resource of the stack.
     */
    public static List<String> problems(
            String label, String namespace, Map<String, String> dimensions, Map<String, Set<String>> deployed) {
        List<String> problems = new ArrayList<>();
        if (dimensions.isEmpty()) {
            problems.add(label + " has no dimensions: it watches no resource of the stack");
            return problems;
        }
        setProblem(namespace, dimensions.keySet()).ifPresent(p -> problems.add(label + ": " + p));
        dimensions.forEach((name, value) -> {
            if (QUALIFIERS.contains(name)) {
                return;
            }
            Set<String> want = deployed.get(name);
            if (want == null || want.isEmpty()) {
                problems.add(label + ": dimension " + name + "=" + value + " names nothing the stack deploys");
            } else if (!want.contains(value)) {
                problems.add(label + ": dimension " + name + "=" + value + ", but the stack's deployed resources are "
                        + want);
            }
        });
        if ("AWS/ECS".equals(namespace)
                && dimensions.containsKey("ClusterName")
                && dimensions.containsKey("ServiceName")) {
            String pair = dimensions.get("ClusterName") + "/" + dimensions.get("ServiceName");
            Set<String> services = deployed.getOrDefault(ECS_SERVICE, Set.of());
            if (!services.contains(pair)) {
                problems.add(label + ": service " + dimensions.get("ServiceName") + " of cluster "
                        + dimensions.get("ClusterName") + " is no deployed ECS service of the stack " + services);
            }
        }
        if ("AWS/RDS".equals(namespace)
                && dimensions.containsKey("Role")
                && !Set.of("WRITER", "READER").contains(dimensions.get("Role"))) {
            problems.add(label + ": dimension Role=" + dimensions.get("Role") + " is neither WRITER nor READER");
        }
        return problems;
    }
}
