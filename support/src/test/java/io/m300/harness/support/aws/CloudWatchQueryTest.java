package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

class CloudWatchQueryTest {

    static final String XML = """
            <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <DescribeAlarmsResult>
                <MetricAlarms>
                  <member>
                    <AlarmName>m300-ecs-cpu-high</AlarmName>
                    <AlarmArn>arn:aws:cloudwatch:eu-central-1:123456789012:alarm:m300-ecs-cpu-high</AlarmArn>
                    <Namespace>AWS/ECS</Namespace>
                    <MetricName>CPUUtilization</MetricName>
                    <Threshold>80.0</Threshold>
                    <ActionsEnabled>true</ActionsEnabled>
                    <StateValue>INSUFFICIENT_DATA</StateValue>
                    <Dimensions>
                      <member><Name>ClusterName</Name><Value>c</Value></member>
                      <member><Name>ServiceName</Name><Value>s</Value></member>
                    </Dimensions>
                    <AlarmActions><member>arn:aws:sns:eu-central-1:123456789012:alerts</member></AlarmActions>
                    <OKActions/>
                  </member>
                </MetricAlarms>
              </DescribeAlarmsResult>
            </DescribeAlarmsResponse>
            """;

    @Test
    void parsesAMetricAlarmIntoTheSdkModel() throws Exception {
        var alarm = firstAlarm(XML);
        assertThat(alarm.alarmName()).isEqualTo("m300-ecs-cpu-high");
        assertThat(alarm.threshold()).isEqualTo(80.0);
        assertThat(alarm.actionsEnabled()).isTrue();
        assertThat(alarm.dimensions())
                .extracting(d -> d.name() + "=" + d.value())
                .containsExactly("ClusterName=c", "ServiceName=s");
        assertThat(alarm.alarmActions()).containsExactly("arn:aws:sns:eu-central-1:123456789012:alerts");
        assertThat(alarm.okActions()).isEmpty();
    }

    static final String QUERY_XML = """
            <DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <DescribeAlarmsResult>
                <MetricAlarms>
                  <member>
                    <AlarmName>cpu-q</AlarmName>
                    <Threshold>80.0</Threshold>
                    <ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
                    <Dimensions/>
                    <Metrics>
                      <member>
                        <Id>m1</Id>
                        <ReturnData>false</ReturnData>
                        <MetricStat>
                          <Metric>
                            <Namespace>AWS/ECS</Namespace>
                            <MetricName>CPUUtilization</MetricName>
                            <Dimensions><member><Name>ClusterName</Name><Value>c</Value></member></Dimensions>
                          </Metric>
                          <Period>300</Period>
                          <Stat>Average</Stat>
                        </MetricStat>
                      </member>
                      <member>
                        <Id>e1</Id>
                        <Expression>m1 * 1</Expression>
                        <ReturnData>true</ReturnData>
                      </member>
                    </Metrics>
                  </member>
                </MetricAlarms>
              </DescribeAlarmsResult>
            </DescribeAlarmsResponse>
            """;

    @Test
    void parsesAnAlarmWrittenAsMetricQueries() throws Exception {
        var alarm = firstAlarm(QUERY_XML);
        assertThat(alarm.metricName()).isNull();
        assertThat(alarm.metrics()).hasSize(2);
        var m1 = alarm.metrics().get(0);
        assertThat(m1.id()).isEqualTo("m1");
        assertThat(m1.returnData()).isFalse();
        assertThat(m1.metricStat().metric().namespace()).isEqualTo("AWS/ECS");
        assertThat(m1.metricStat().metric().metricName()).isEqualTo("CPUUtilization");
        assertThat(m1.metricStat().metric().dimensions())
                .extracting(d -> d.name() + "=" + d.value())
                .containsExactly("ClusterName=c");
        assertThat(m1.metricStat().period()).isEqualTo(300);
        assertThat(alarm.metrics().get(1).expression()).isEqualTo("m1 * 1");
        assertThat(alarm.metrics().get(1).returnData()).isTrue();
    }

    /** The first alarm of a DescribeAlarms answer, as the SDK's model. */
    private static MetricAlarm firstAlarm(String xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        Element member = CloudWatchQuery.children(
                        CloudWatchQuery.child(CloudWatchQuery.child(root, "DescribeAlarmsResult"), "MetricAlarms"),
                        "member")
                .get(0);
        return CloudWatchQuery.alarm(member);
    }
}
