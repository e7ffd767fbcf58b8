package io.m300.harness.support.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

class AlarmAnalysisTest {

    static final String ALB =
            "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300-alb/50dc6c495c0c9188";
    static final Set<String> TOPICS = Set.of("arn:topic");

    @Test
    void arnSuffixIsAppNameId() {
        assertThat(AlarmAnalysis.albArnSuffix(ALB)).isEqualTo("app/m300-alb/50dc6c495c0c9188");
        assertThatThrownBy(() -> AlarmAnalysis.albArnSuffix("arn:aws:ecs:eu-central-1:1:cluster/x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dimensionsMustNameDeployedResources() {
        Map<String, Set<String>> expected = Map.of(
                "LoadBalancer", Set.of("app/m300-alb/50dc6c495c0c9188"), "DBInstanceIdentifier", Set.of("m300-db"));
        assertThat(AlarmAnalysis.dimensionProblems(
                        "a", Map.of("LoadBalancer", "app/m300-alb/50dc6c495c0c9188"), expected))
                .isEmpty();
        assertThat(AlarmAnalysis.dimensionProblems("a", Map.of("LoadBalancer", "m300-alb/50dc6c495c0c9188"), expected))
                .singleElement()
                .asString()
                .contains("app/m300-alb/50dc6c495c0c9188");
        assertThat(AlarmAnalysis.dimensionProblems("b", Map.of("DBInstanceIdentifier", "db-ABCDEFGHIJKL"), expected))
                .hasSize(1);
        assertThat(AlarmAnalysis.dimensionProblems("c", Map.of("InstanceId", "i-1"), expected))
                .singleElement()
                .asString()
                .contains("names nothing");
        assertThat(AlarmAnalysis.dimensionProblems("d", Map.of(), expected))
                .singleElement()
                .asString()
                .contains("no dimensions");
    }

    static Dimension dim(String n, String v) {
        return Dimension.builder().name(n).value(v).build();
    }

    static MetricAlarm cpu(double threshold, String... actions) {
        return MetricAlarm.builder()
                .alarmName("cpu")
                .namespace("AWS/ECS")
                .metricName("CPUUtilization")
                .threshold(threshold)
                .comparisonOperator("GreaterThanThreshold")
                .dimensions(dim("ClusterName", "c"), dim("ServiceName", "s"))
                .alarmActions(actions)
                .build();
    }

    static MetricDataQuery stat(String id, boolean returnData, String ns, String metric, Dimension... dims) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(returnData)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder()
                                .namespace(ns)
                                .metricName(metric)
                                .dimensions(dims)
                                .build())
                        .period(300)
                        .stat("Average")
                        .build())
                .build();
    }

    /** The same alarm written with metric_query: no top-level metric, the metric in Metrics (as DescribeAlarms returns it). */
    static MetricAlarm cpuQuery(String operator, double threshold, String... actions) {
        return MetricAlarm.builder()
                .alarmName("cpu-q")
                .threshold(threshold)
                .comparisonOperator(operator)
                .metrics(
                        stat("m1", true, "AWS/ECS", "CPUUtilization", dim("ClusterName", "c"), dim("ServiceName", "s")))
                .alarmActions(actions)
                .build();
    }

    @Test
    void cpuAlarmNotifiesTheTopic() {
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80, "arn:topic"), "c", "s", TOPICS, 80))
                .isEmpty();
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80), "c", "s", TOPICS, 80))
                .singleElement()
                .asString()
                .contains("does not notify");
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(95, "arn:topic"), "c", "s", TOPICS, 80))
                .singleElement()
                .asString()
                .contains("threshold");
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80, "arn:topic"), "other", "s", TOPICS, 80))
                .hasSize(1);
    }

    @Test
    void aCpuAlarmWrittenAsAMetricQueryCounts() {
        assertThat(AlarmAnalysis.cpuAlarmProblems(
                        cpuQuery("GreaterThanOrEqualToThreshold", 75, "arn:topic"), "c", "s", TOPICS, 80))
                .isEmpty();
    }

    @Test
    void anAlarmThatFiresWhenCpuIsLowDoesNotCount() {
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpuQuery("LessThanThreshold", 80, "arn:topic"), "c", "s", TOPICS, 80))
                .singleElement()
                .asString()
                .contains("LessThanThreshold");
        MetricAlarm low = cpu(80, "arn:topic").toBuilder()
                .comparisonOperator("LessThanOrEqualToThreshold")
                .build();
        assertThat(AlarmAnalysis.cpuAlarmProblems(low, "c", "s", TOPICS, 80)).hasSize(1);
    }

    @Test
    void anExpressionCountsOnlyThroughTheMetricsItReads() {
        MetricAlarm viaExpression = MetricAlarm.builder()
                .alarmName("e")
                .threshold(80.0)
                .comparisonOperator("GreaterThanThreshold")
                .metrics(
                        stat(
                                "cpu",
                                false,
                                "AWS/ECS",
                                "CPUUtilization",
                                dim("ClusterName", "c"),
                                dim("ServiceName", "s")),
                        stat(
                                "mem",
                                false,
                                "AWS/ECS",
                                "MemoryUtilization",
                                dim("ClusterName", "c"),
                                dim("ServiceName", "s")),
                        MetricDataQuery.builder()
                                .id("e1")
                                .expression("cpu * 1")
                                .returnData(true)
                                .build())
                .alarmActions("arn:topic")
                .build();
        assertThat(AlarmAnalysis.cpuAlarmProblems(viaExpression, "c", "s", TOPICS, 80))
                .isEmpty();
        MetricAlarm memoryOnly = viaExpression.toBuilder()
                .metrics(
                        viaExpression.metrics().get(0),
                        viaExpression.metrics().get(1),
                        MetricDataQuery.builder()
                                .id("e1")
                                .expression("mem * 1")
                                .returnData(true)
                                .build())
                .build();
        assertThat(AlarmAnalysis.cpuAlarmProblems(memoryOnly, "c", "s", TOPICS, 80))
                .isNotEmpty();
    }

    @Test
    void everyMetricOfAQueryAlarmHasItsDimensionsRead() {
        MetricAlarm q = MetricAlarm.builder()
                .alarmName("db")
                .metrics(stat("m1", true, "AWS/RDS", "CPUUtilization", dim("DBInstanceIdentifier", "db-ABCDEFGHIJKL")))
                .build();
        assertThat(AlarmAnalysis.watchedMetrics(q))
                .singleElement()
                .satisfies(m -> assertThat(m.dimensions()).containsEntry("DBInstanceIdentifier", "db-ABCDEFGHIJKL"));
        assertThat(AlarmAnalysis.problemsOf(q, Map.of("DBInstanceIdentifier", Set.of("m300-db"))))
                .hasSize(1);
    }

    @Test
    void theEvidenceLineNamesMetricComparisonActionsAndState() {
        MetricAlarm alarm = MetricAlarm.builder()
                .alarmName("cpu-high")
                .namespace("AWS/ECS")
                .metricName("CPUUtilization")
                .dimensions(Dimension.builder().name("ClusterName").value("c").build())
                .comparisonOperator("GreaterThanThreshold")
                .threshold(80.0)
                .actionsEnabled(true)
                .alarmActions("arn:topic")
                .stateValue("OK")
                .build();
        assertThat(AlarmAnalysis.describe(alarm))
                .startsWith("cpu-high: reads [")
                .contains("CPUUtilization")
                .endsWith(" GreaterThanThreshold 80.0, actions enabled true, alarm actions [arn:topic], state OK");
    }
}
