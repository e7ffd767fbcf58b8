package io.m300.harness.support.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.PolicyAnalysis;
import io.m300.harness.support.iam.PolicyDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmQueuePolicyTest {

    static final String QUEUE = "arn:aws:sqs:eu-central-1:123456789012:run-mon03";
    static final String TOPIC = "arn:aws:sns:eu-central-1:123456789012:alerts";

    @Test
    void snsMaySendToTheQueueOnlyForTheAlertsTopic() {
        String json = AlarmQueuePolicy.topicMaySend(QUEUE, TOPIC);
        PolicyDocument policy = PolicyDocument.parse("queue policy", json);
        assertThat(PolicyAnalysis.allows(List.of(policy), "sqs:SendMessage", QUEUE))
                .isTrue();
        assertThat(PolicyAnalysis.allows(List.of(policy), "sqs:DeleteQueue", QUEUE))
                .isFalse();
        assertThat(json)
                .contains("\"Principal\":{\"Service\":\"sns.amazonaws.com\"}")
                .contains("\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + TOPIC + "\"}}");
    }
}
