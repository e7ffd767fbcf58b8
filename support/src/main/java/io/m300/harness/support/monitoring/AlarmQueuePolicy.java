package io.m300.harness.support.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * MON-03: the access policy of the test queue that listens on the alerts topic: SNS may send to
 * the queue, and only on behalf of that topic.
 */
public final class AlarmQueuePolicy {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlarmQueuePolicy() {}

    /** The queue policy that lets {@code topicArn} deliver to {@code queueArn}, as JSON. */
    public static String topicMaySend(String queueArn, String topicArn) {
        ObjectNode policy = MAPPER.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject().put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.put("Action", "sqs:SendMessage").put("Resource", queueArn);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        return policy.toString();
    }
}
