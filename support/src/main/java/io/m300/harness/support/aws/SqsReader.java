package io.m300.harness.support.aws;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS as the harness uses it (its own test queues only): the one place that calls the SDK for SQS. */
public final class SqsReader {

    private final AwsClients aws;

    public SqsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** Creates a queue; returns its URL. */
    public String createQueue(String name) {
        return createQueue(name, Map.of());
    }

    /** Creates a queue with tags (the run tag, so that the sweeper finds it if the run is cut short); returns its URL. */
    public String createQueue(String name, Map<String, String> tags) {
        return aws.sqs().createQueue(r -> r.queueName(name).tags(tags)).queueUrl();
    }

    /** The ARN of the queue at this URL. */
    public String queueArn(String queueUrl) {
        return aws.sqs()
                .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Sets the queue's access policy. */
    public void setPolicy(String queueUrl, String policy) {
        aws.sqs().setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }

    /** Up to 10 messages, waiting at most a second for them. */
    public List<Message> receive(String queueUrl) {
        return aws.sqs()
                .receiveMessage(
                        r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
    }

    /** Deletes a queue the harness made. */
    public void deleteQueue(String queueUrl) {
        aws.sqs().deleteQueue(r -> r.queueUrl(queueUrl));
    }
}
