package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.monitoring.AlarmAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Monitoring and logging: what is logged for how long, and who hears of an alarm. */
public final class MonitoringSteps {

    private final StackContext ctx;
    private String queueUrl;
    private String subscriptionArn;
    private String alarmSetToAlarm;
    private String receivedFor;

    public MonitoringSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    // --- MON-01 -------------------------------------------------------------------------

    @Then("the application and function log groups keep their logs for {int} days")
    public void theLogGroupsKeepTheirLogs(int days) {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> retention = new LinkedHashMap<>();
        for (String output : List.of("ecs_log_group_name", "lambda_log_group_name")) {
            String name = ctx.outputs().string(output);
            LogGroup group = logGroup(name);
            retention.put(name, group == null ? null : group.retentionInDays());
            lines.add(name + ": " + (group == null ? "does not exist" : "retentionInDays=" + group.retentionInDays()));
        }
        ctx.evidence().record("log groups", lines);
        retention.forEach((name, r) -> assertThat(r).as("retentionInDays of log group %s (null: group missing or kept forever)", name)
                .isEqualTo(days));
    }

    @Then("the application's containers write their logs to the application log group")
    public void theContainersWriteToTheApplicationLogGroup() {
        String group = ctx.outputs().string("ecs_log_group_name");
        TaskDefinition td = taskDefinition();
        List<String> lines = new ArrayList<>();
        for (ContainerDefinition c : td.containerDefinitions()) {
            var log = c.logConfiguration();
            lines.add(c.name() + ": " + (log == null ? "no log configuration" : log.logDriverAsString() + " " + log.options()));
            assertThat(log).as("log configuration of container %s in %s", c.name(), td.taskDefinitionArn()).isNotNull();
            assertThat(log.logDriverAsString()).as("log driver of container %s", c.name()).isEqualTo("awslogs");
            assertThat(log.options()).as("awslogs options of container %s", c.name()).containsEntry("awslogs-group", group);
        }
        ctx.evidence().record("task definition " + td.taskDefinitionArn(), lines);
    }

    // --- MON-02 -------------------------------------------------------------------------

    @Then("the high-CPU alarm watches the stack's ECS service at a threshold of at most {int} % and notifies the alerts topic")
    public void theCpuAlarmNotifiesTheTopic(int maxThreshold) {
        MetricAlarm alarm = alarm(ctx.outputs().string("cpu_alarm_name"));
        String topic = ctx.outputs().string("alerts_topic_arn");
        ctx.evidence().record("high-CPU alarm", describe(alarm) + "\nalerts topic: " + topic);
        assertThat(AlarmAnalysis.cpuAlarmProblems(alarm, ctx.outputs().string("ecs_cluster_name"), ctx.outputs().string("ecs_service_name"),
                topic, maxThreshold)).as("problems of the high-CPU alarm %s", alarm.alarmName()).isEmpty();
    }

    @Then("the alerts topic has at least one subscription")
    public void theTopicHasASubscription() {
        String topic = ctx.outputs().string("alerts_topic_arn");
        var subs = ctx.aws().sns().listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions();
        ctx.evidence().record("subscriptions of " + topic, subs.stream().map(s -> s.protocol() + " (" + s.subscriptionArn() + ")").toList());
        assertThat(subs).as("subscriptions of the alerts topic %s", topic).isNotEmpty();
    }

    // --- MON-03 -------------------------------------------------------------------------

    @Given("a test queue subscribed to the alerts topic")
    public void aTestQueueSubscribedToTheTopic() {
        String topic = ctx.outputs().string("alerts_topic_arn");
        String name = ctx.stack().config().runId() + "-mon03-" + System.currentTimeMillis();
        queueUrl = ctx.aws().sqs().createQueue(r -> r.queueName(name)).queueUrl();
        String queueArn = ctx.aws().sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"" + topic + "\"}}}]}";
        ctx.aws().sqs().setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        subscriptionArn = ctx.aws().sns().subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn).returnSubscriptionArn(true))
                .subscriptionArn();
        ctx.evidence().record("test queue", queueArn + " subscribed to " + topic + " (" + subscriptionArn + ")");
    }

    @When("the high-CPU alarm is set to ALARM")
    public void theCpuAlarmIsSetToAlarm() {
        alarmSetToAlarm = ctx.outputs().string("cpu_alarm_name");
        ctx.aws().cloudWatchQuery().setAlarmState(alarmSetToAlarm, StateValue.ALARM.toString(),
                "m300 harness: MON-03 checks that an alarm reaches the administrators");
    }

    @Then("the test queue receives the alarm's notification within {int} seconds")
    public void theQueueReceivesTheNotification(int seconds) {
        AtomicReference<Message> hit = new AtomicReference<>();
        await("a notification naming alarm " + alarmSetToAlarm + " in the test queue")
                .atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (Message m : ctx.aws().sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                        if (m.body().contains(alarmSetToAlarm)) {
                            hit.set(m);
                            return true;
                        }
                    }
                    return false;
                });
        receivedFor = alarmSetToAlarm;
        String body = hit.get().body();
        ctx.evidence().record("notification", "message " + hit.get().messageId() + " names " + receivedFor + ": "
                + (body.length() > 600 ? body.substring(0, 600) + "..." : body));
    }

    @After
    public void removeTestQueueAndResetAlarm() {
        List<String> problems = new ArrayList<>();
        if (subscriptionArn != null) {
            String arn = subscriptionArn;
            subscriptionArn = null;
            attempt(problems, () -> ctx.aws().sns().unsubscribe(r -> r.subscriptionArn(arn)));
        }
        if (queueUrl != null) {
            String url = queueUrl;
            queueUrl = null;
            attempt(problems, () -> ctx.aws().sqs().deleteQueue(r -> r.queueUrl(url)));
        }
        if (alarmSetToAlarm != null) {
            String name = alarmSetToAlarm;
            alarmSetToAlarm = null;
            attempt(problems, () -> ctx.aws().cloudWatchQuery().setAlarmState(name, StateValue.OK.toString(),
                    "m300 harness: reset after MON-03"));
        }
        assertThat(problems).as("cleanup after MON-03 (test queue, subscription, alarm state)").isEmpty();
    }

    private static void attempt(List<String> problems, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }

    // --- MON-04 -------------------------------------------------------------------------

    @Then("every alarm of the stack names deployed resources of the stack in its dimensions")
    public void everyAlarmNamesDeployedResources() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ClusterName", ctx.outputs().string("ecs_cluster_name"));
        expected.put("ServiceName", ctx.outputs().string("ecs_service_name"));
        expected.put("LoadBalancer", AlarmAnalysis.albArnSuffix(ctx.outputs().string("alb_arn")));
        expected.put("DBInstanceIdentifier", ctx.outputs().string("db_instance_identifier"));
        // the deployed resources themselves, read back: the names above must exist
        var db = ctx.aws().rds().describeDBInstances(r -> r.dbInstanceIdentifier(expected.get("DBInstanceIdentifier"))).dbInstances().get(0);
        var lb = ctx.aws().elbv2().describeLoadBalancers(r -> r.loadBalancerArns(ctx.outputs().string("alb_arn"))).loadBalancers().get(0);
        List<String> lines = new ArrayList<>();
        lines.add("deployed: " + expected + " (DB resource id " + db.dbiResourceId() + ", load balancer " + lb.loadBalancerName() + ")");
        List<String> problems = new ArrayList<>();
        List<String> names = ctx.outputs().list("alarm_names");
        assertThat(names).as("the stack's alarms").isNotEmpty();
        for (String name : names) {
            MetricAlarm alarm = alarm(name);
            lines.add(describe(alarm));
            problems.addAll(AlarmAnalysis.dimensionProblems(name, AlarmAnalysis.dimensions(alarm), expected));
        }
        ctx.evidence().record("alarms and their dimensions", lines);
        assertThat(problems).as("alarm dimensions that name no deployed resource").isEmpty();
    }

    @Then("the application's container really has a log configuration")
    public void theContainerHasALogConfiguration() {
        TaskDefinition td = taskDefinition();
        List<String> lines = td.containerDefinitions().stream().map(c -> c.name() + ": "
                + (c.logConfiguration() == null ? "no log configuration" : c.logConfiguration().logDriverAsString() + " " + c.logConfiguration().options()))
                .toList();
        ctx.evidence().record("task definition " + td.taskDefinitionArn(), lines);
        assertThat(td.containerDefinitions()).as("containers of %s", td.taskDefinitionArn()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.logConfiguration()).as("log configuration of container %s", c.name()).isNotNull()
                        .satisfies(l -> assertThat(l.logDriverAsString()).as("log driver of container %s", c.name()).isNotBlank()));
    }

    private LogGroup logGroup(String name) {
        return ctx.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst().orElse(null);
    }

    /** The task definition the deployed service runs (not the one the code names). */
    private TaskDefinition taskDefinition() {
        String cluster = ctx.outputs().string("ecs_cluster_name");
        String service = ctx.outputs().string("ecs_service_name");
        String arn = ctx.aws().ecs().describeServices(r -> r.cluster(cluster).services(service)).services().get(0).taskDefinition();
        return ctx.aws().ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
    }

    private MetricAlarm alarm(String name) {
        var alarms = ctx.aws().cloudWatchQuery().describeAlarms(List.of(name));
        assertThat(alarms).as("metric alarm %s", name).hasSize(1);
        return alarms.get(0);
    }

    private static String describe(MetricAlarm a) {
        return a.alarmName() + ": " + a.namespace() + " " + a.metricName() + " " + a.comparisonOperatorAsString() + " " + a.threshold()
                + ", dimensions " + AlarmAnalysis.dimensions(a) + ", alarm actions " + a.alarmActions() + ", state " + a.stateValueAsString();
    }
}
