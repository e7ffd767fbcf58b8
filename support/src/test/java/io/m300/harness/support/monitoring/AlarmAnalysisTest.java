package io.m300.harness.support.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

class AlarmAnalysisTest {

    static final String ALB = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300-alb/50dc6c495c0c9188";

    @Test
    void arnSuffixIsAppNameId() {
        assertThat(AlarmAnalysis.albArnSuffix(ALB)).isEqualTo("app/m300-alb/50dc6c495c0c9188");
        assertThatThrownBy(() -> AlarmAnalysis.albArnSuffix("arn:aws:ecs:eu-central-1:1:cluster/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dimensionsMustNameDeployedResources() {
        Map<String, String> expected = Map.of("LoadBalancer", "app/m300-alb/50dc6c495c0c9188", "DBInstanceIdentifier", "m300-db");
        assertThat(AlarmAnalysis.dimensionProblems("a", Map.of("LoadBalancer", "app/m300-alb/50dc6c495c0c9188"), expected)).isEmpty();
        assertThat(AlarmAnalysis.dimensionProblems("a", Map.of("LoadBalancer", "m300-alb/50dc6c495c0c9188"), expected))
                .singleElement().asString().contains("deployed resource is app/m300-alb/50dc6c495c0c9188");
        assertThat(AlarmAnalysis.dimensionProblems("b", Map.of("DBInstanceIdentifier", "db-ABCDEFGHIJKL"), expected)).hasSize(1);
        assertThat(AlarmAnalysis.dimensionProblems("c", Map.of("InstanceId", "i-1"), expected)).singleElement().asString().contains("names nothing");
        assertThat(AlarmAnalysis.dimensionProblems("d", Map.of(), expected)).singleElement().asString().contains("no dimensions");
    }

    static MetricAlarm cpu(double threshold, String... actions) {
        return MetricAlarm.builder().alarmName("cpu").namespace("AWS/ECS").metricName("CPUUtilization").threshold(threshold)
                .dimensions(Dimension.builder().name("ClusterName").value("c").build(), Dimension.builder().name("ServiceName").value("s").build())
                .alarmActions(actions).build();
    }

    @Test
    void cpuAlarmNotifiesTheTopic() {
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80, "arn:topic"), "c", "s", "arn:topic", 80)).isEmpty();
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80), "c", "s", "arn:topic", 80)).singleElement().asString().contains("does not notify");
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(95, "arn:topic"), "c", "s", "arn:topic", 80)).singleElement().asString().contains("threshold");
        assertThat(AlarmAnalysis.cpuAlarmProblems(cpu(80, "arn:topic"), "other", "s", "arn:topic", 80)).hasSize(1);
    }
}
