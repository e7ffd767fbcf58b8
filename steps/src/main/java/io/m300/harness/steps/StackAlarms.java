package io.m300.harness.steps;

import io.m300.harness.support.aws.CloudWatchReader;
import io.m300.harness.support.monitoring.AlarmAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * The stack's alarms and alerts topics as the state lists them, read back from CloudWatch, shared by
 * MON-02, MON-03 and MON-04. Injected by picocontainer.
 */
public final class StackAlarms {

    private final StackContext ctx;
    private final EcsView ecs;

    public StackAlarms(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
    }

    /** The alerts topics: every SNS topic the state lists (an alarm that notifies one of them, and a subscriber on it, is what counts). */
    Set<String> alertTopics() {
        Set<String> topics = new LinkedHashSet<>();
        ctx.inventory().managed("aws_sns_topic").forEach(r -> r.arn().ifPresent(topics::add));
        return topics;
    }

    /** Every metric alarm the state lists, read back from CloudWatch; one the state lists but CloudWatch lacks goes to {@code missing}. */
    List<MetricAlarm> alarms(List<String> missing) {
        List<String> names = new ArrayList<>();
        ctx.inventory()
                .managed("aws_cloudwatch_metric_alarm")
                .forEach(r -> names.add(r.attr("alarm_name").orElse(r.id())));
        if (names.isEmpty()) {
            throw new AssertionError(
                    "the stack's state lists no metric alarm (aws_cloudwatch_metric_alarm): nothing to check");
        }
        List<MetricAlarm> alarms = new CloudWatchReader(ctx.aws()).alarms(names);
        Set<String> found = new LinkedHashSet<>();
        alarms.forEach(a -> found.add(a.alarmName()));
        names.stream()
                .filter(n -> !found.contains(n))
                .forEach(n -> missing.add(n + ": listed in the state, not found in CloudWatch"));
        return alarms;
    }

    /**
     * Each alarm of the state that fires on the CPU of one of the stack's ECS services above at most
     * {@code maxThreshold} % and notifies an {@linkplain #alertTopics() alerts topic}, with the topics
     * it notifies; {@code lines} gets the evidence (the last line: the alarms looked at), {@code
     * unwatched} each service that no such alarm watches.
     */
    Map<String, Set<String>> cpuAlarms(int maxThreshold, List<String> lines, List<String> unwatched) {
        Set<String> topics = alertTopics();
        List<MetricAlarm> alarms = alarms(new ArrayList<>());
        lines.add("alerts topic(s): " + topics);
        Map<String, Set<String>> firing = new LinkedHashMap<>();
        for (EcsView.DeployedService svc : ecs.services()) {
            String cluster = svc.clusterName();
            String service = svc.service().serviceName();
            boolean watched = false;
            for (MetricAlarm alarm : alarms) {
                List<String> problems = AlarmAnalysis.cpuAlarmProblems(alarm, cluster, service, topics, maxThreshold);
                lines.add(AlarmAnalysis.describe(alarm) + "\n  for " + cluster + "/" + service + ": "
                        + (problems.isEmpty() ? "fires on high CPU and notifies" : problems));
                if (problems.isEmpty()) {
                    watched = true;
                    alarm.alarmActions().stream()
                            .filter(topics::contains)
                            .forEach(t -> firing.computeIfAbsent(alarm.alarmName(), k -> new LinkedHashSet<>())
                                    .add(t));
                }
            }
            if (!watched) {
                unwatched.add(cluster + "/" + service);
            }
        }
        lines.add("alarms of the stack: "
                + alarms.stream().map(MetricAlarm::alarmName).toList());
        return firing;
    }
}
