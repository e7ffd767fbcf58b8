package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.Deleter.of;

import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.List;
import java.util.Set;

/** Alarms, log groups (Container Insights' among them), SNS topics and SQS queues (MON-03's test queue). */
final class MonitoringDeleter implements Deleter {

    @Override
    public Set<Kind> kinds() {
        return Set.of(Kinds.ALARM, Kinds.LOG_GROUP, Kinds.TOPIC, Kinds.QUEUE);
    }

    @Override
    public void delete(Book d, List<Found> items) {
        d.guarded("cloudwatch", () -> {
            List<String> names = of(items, Kinds.ALARM);
            for (int i = 0; i < names.size(); i += 100) {
                List<String> chunk = names.subList(i, Math.min(names.size(), i + 100));
                d.delete(
                        "alarm(s) " + String.join(", ", chunk),
                        () -> d.aws().cloudWatchQuery().deleteAlarms(chunk));
            }
        });
        d.guarded(
                "logs",
                () -> of(items, Kinds.LOG_GROUP)
                        .forEach(name -> d.delete(
                                "log group " + name, () -> d.aws().logs().deleteLogGroup(r -> r.logGroupName(name)))));
        d.guarded(
                "sns",
                () -> of(items, Kinds.TOPIC)
                        .forEach(arn ->
                                d.delete("SNS topic " + arn, () -> d.aws().sns().deleteTopic(r -> r.topicArn(arn)))));
        d.guarded(
                "sqs",
                () -> of(items, Kinds.QUEUE)
                        .forEach(url ->
                                d.delete("SQS queue " + url, () -> d.aws().sqs().deleteQueue(r -> r.queueUrl(url)))));
    }
}
