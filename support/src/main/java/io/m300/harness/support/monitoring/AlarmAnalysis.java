package io.m300.harness.support.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** Whether the stack's alarms watch what they should and notify who they should (MON-02, MON-04). */
public final class AlarmAnalysis {

    private AlarmAnalysis() {}

    /**
     * The CloudWatch dimension value of an Application Load Balancer: the part of its ARN after
     * {@code loadbalancer/}, i.e. {@code app/<name>/<id>}.
     */
    public static String albArnSuffix(String albArn) {
        int i = albArn == null ? -1 : albArn.indexOf(":loadbalancer/");
        if (i < 0) {
            throw new IllegalArgumentException("not a load balancer ARN: " + albArn);
        }
        String suffix = albArn.substring(i + ":loadbalancer/".length());
        if (suffix.split("/").length != 3) {
            throw new IllegalArgumentException("load balancer ARN without app/<name>/<id>: " + albArn);
        }
        return suffix;
    }

    public static Map<String, String> dimensions(MetricAlarm alarm) {
        Map<String, String> dims = new TreeMap<>();
        for (Dimension d : alarm.dimensions()) {
            dims.put(d.name(), d.value());
        }
        return dims;
    }

    /**
     * Problems of one alarm's dimensions against the deployed resources: {@code expected} maps a
     * dimension name (ClusterName, ServiceName, LoadBalancer, DBInstanceIdentifier) to the value
     * that names a resource of the stack. A dimension with another value, a dimension the stack
     * cannot name, or no dimension at all is a problem.
     */
    public static List<String> dimensionProblems(String alarmName, Map<String, String> dimensions, Map<String, String> expected) {
        List<String> problems = new ArrayList<>();
        if (dimensions.isEmpty()) {
            problems.add(alarmName + " has no dimensions: it watches no resource of the stack");
        }
        dimensions.forEach((name, value) -> {
            String want = expected.get(name);
            if (want == null) {
                problems.add(alarmName + ": dimension " + name + "=" + value + " names nothing the stack deploys");
            } else if (!want.equals(value)) {
                problems.add(alarmName + ": dimension " + name + "=" + value + ", but the deployed resource is " + want);
            }
        });
        return problems;
    }

    /**
     * Problems of the high-CPU alarm (MON-02): it must watch AWS/ECS CPUUtilization of exactly the
     * stack's cluster and service, with a threshold of at most {@code maxThreshold}, and notify the
     * alerts topic.
     */
    public static List<String> cpuAlarmProblems(MetricAlarm alarm, String cluster, String service, String topicArn, double maxThreshold) {
        List<String> problems = new ArrayList<>();
        String name = alarm.alarmName();
        if (!"AWS/ECS".equals(alarm.namespace()) || !"CPUUtilization".equals(alarm.metricName())) {
            problems.add(name + " watches " + alarm.namespace() + " " + alarm.metricName() + ", not AWS/ECS CPUUtilization");
        }
        Map<String, String> dims = dimensions(alarm);
        if (!cluster.equals(dims.get("ClusterName")) || !service.equals(dims.get("ServiceName"))) {
            problems.add(name + " has dimensions " + dims + ", not ClusterName=" + cluster + ", ServiceName=" + service);
        }
        if (alarm.threshold() == null || alarm.threshold() > maxThreshold) {
            problems.add(name + " has threshold " + alarm.threshold() + ", above " + maxThreshold);
        }
        if (Boolean.FALSE.equals(alarm.actionsEnabled())) {
            problems.add(name + " has its actions disabled");
        }
        if (!alarm.alarmActions().contains(topicArn)) {
            problems.add(name + " does not notify the alerts topic " + topicArn + " (alarm actions: " + alarm.alarmActions() + ")");
        }
        return problems;
    }
}
