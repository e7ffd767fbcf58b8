package io.m300.harness.support.aws;

import java.util.List;

/** SNS as the harness reads it (reads only). */
public final class SnsReader {

    private final AwsClients aws;

    public SnsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The subscriptions of a topic, as "protocol (subscription ARN)". */
    public List<String> subscriptions(String topicArn) {
        return aws.sns().listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
                .map(s -> s.protocol() + " (" + s.subscriptionArn() + ")")
                .toList();
    }

    /** Subscribes an SQS queue to the topic; returns the subscription ARN (the harness's own MON-03 test queue). */
    public String subscribeQueue(String topicArn, String queueArn) {
        return aws.sns()
                .subscribe(r ->
                        r.topicArn(topicArn).protocol("sqs").endpoint(queueArn).returnSubscriptionArn(true))
                .subscriptionArn();
    }

    /** Removes a subscription the harness made. */
    public void unsubscribe(String subscriptionArn) {
        aws.sns().unsubscribe(r -> r.subscriptionArn(subscriptionArn));
    }
}
