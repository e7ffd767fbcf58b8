package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.CloudWatchReader;
import io.m300.harness.support.aws.SnsReader;
import io.m300.harness.support.aws.SqsReader;
import io.m300.harness.support.monitoring.AlarmQueuePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** MON-03: an alarm reaches the administrators: a test queue on the alerts topic hears the high-CPU alarm. */
public final class AlarmNotificationSteps {

    private final StackContext ctx;
    private final StackAlarms stackAlarms;
    private String queueUrl;
    private String subscriptionArn;
    /** The alarm on the service's CPU that notifies the topic the test queue is subscribed to. */
    private String highCpuAlarm;

    private String alarmSetToAlarm;

    public AlarmNotificationSteps(StackContext ctx, StackAlarms stackAlarms) {
        this.ctx = ctx;
        this.stackAlarms = stackAlarms;
    }

    @Given("a test queue subscribed to the alerts topic")
    public void aTestQueueSubscribedToTheTopic() {
        // the alarm and its topic as MON-02 finds them (the state, CloudWatch), not as an output names them
        List<String> lines = new ArrayList<>();
        Map<String, Set<String>> alarms = stackAlarms.cpuAlarms(100, lines, new ArrayList<>());
        ctx.evidence().record("high-CPU alarms", lines);
        assertThat(alarms)
                .as(
                        "alarms of the stack on its ECS service's CPU that notify an alerts topic (%s)",
                        lines.get(lines.size() - 1))
                .isNotEmpty();
        highCpuAlarm = alarms.keySet().iterator().next();
        String topic = alarms.get(highCpuAlarm).iterator().next();
        String name = ctx.stack().config().runId() + "-mon03-" + System.currentTimeMillis();
        SqsReader sqs = new SqsReader(ctx.aws());
        queueUrl = sqs.createQueue(
                name, Map.of("m300:run-id", ctx.stack().config().runId())); // tagged: swept if the run is cut short
        String queueArn = sqs.queueArn(queueUrl);
        sqs.setPolicy(queueUrl, AlarmQueuePolicy.topicMaySend(queueArn, topic));
        subscriptionArn = new SnsReader(ctx.aws()).subscribeQueue(topic, queueArn);
        ctx.evidence()
                .record(
                        "test queue",
                        queueArn + " subscribed to " + topic + ", which alarm " + highCpuAlarm + " notifies ("
                                + subscriptionArn + ")");
    }

    @When("the high-CPU alarm is set to ALARM")
    public void theCpuAlarmIsSetToAlarm() {
        alarmSetToAlarm = highCpuAlarm;
        new CloudWatchReader(ctx.aws())
                .setAlarmState(
                        alarmSetToAlarm,
                        StateValue.ALARM.toString(),
                        "m300 harness: MON-03 checks that an alarm reaches the administrators");
    }

    @Then("the test queue receives the alarm's notification within {int} seconds")
    public void theQueueReceivesTheNotification(int seconds) {
        AtomicReference<Message> hit = new AtomicReference<>();
        SqsReader sqs = new SqsReader(ctx.aws());
        await("a notification naming alarm " + alarmSetToAlarm + " in the test queue")
                .atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (Message m : sqs.receive(queueUrl)) {
                        if (m.body().contains(alarmSetToAlarm)) {
                            hit.set(m);
                            return true;
                        }
                    }
                    return false;
                });
        String body = hit.get().body();
        ctx.evidence()
                .record(
                        "notification",
                        "message " + hit.get().messageId() + " names " + alarmSetToAlarm + ": "
                                + (body.length() > 600 ? body.substring(0, 600) + "..." : body));
    }

    @After
    public void removeTestQueueAndResetAlarm() {
        List<String> problems = new ArrayList<>();
        if (subscriptionArn != null) {
            String arn = subscriptionArn;
            subscriptionArn = null;
            attempt(problems, () -> new SnsReader(ctx.aws()).unsubscribe(arn));
        }
        if (queueUrl != null) {
            String url = queueUrl;
            queueUrl = null;
            attempt(problems, () -> new SqsReader(ctx.aws()).deleteQueue(url));
        }
        if (alarmSetToAlarm != null) {
            String name = alarmSetToAlarm;
            alarmSetToAlarm = null;
            attempt(
                    problems,
                    () -> new CloudWatchReader(ctx.aws())
                            .setAlarmState(name, StateValue.OK.toString(), "m300 harness: reset after MON-03"));
        }
        assertThat(problems)
                .as("cleanup after MON-03 (test queue, subscription, alarm state)")
                .isEmpty();
    }

    private static void attempt(List<String> problems, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }
}
