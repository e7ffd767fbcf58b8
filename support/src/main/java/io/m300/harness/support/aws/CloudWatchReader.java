package io.m300.harness.support.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * CloudWatch alarms as the harness reads them, over the Query protocol ({@link CloudWatchQuery}):
 * the SDK's own CloudWatch client gets 404 from moto.
 */
public final class CloudWatchReader {

    private final AwsClients aws;

    public CloudWatchReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The metric alarms with these names (those CloudWatch knows; a name it does not know is simply absent). */
    public List<MetricAlarm> alarms(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        // DescribeAlarms takes at most 100 names per call
        List<MetricAlarm> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i += 100) {
            out.addAll(aws.cloudWatchQuery().describeAlarms(names.subList(i, Math.min(names.size(), i + 100))));
        }
        return out;
    }

    /** Sets an alarm's state (through the Query API; see {@link CloudWatchQuery}), e.g. for the MON-03 notification test. */
    public void setAlarmState(String alarmName, String state, String reason) {
        aws.cloudWatchQuery().setAlarmState(alarmName, state, reason);
    }
}
