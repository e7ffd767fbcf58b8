package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.LambdaReader;
import io.m300.harness.support.aws.LogsReader;
import io.m300.harness.support.aws.SnsReader;
import io.m300.harness.support.monitoring.AlarmAnalysis;
import io.m300.harness.support.monitoring.LogRetention;
import io.m300.harness.support.monitoring.MetricDimensions;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Monitoring and logging: what is logged for how long, and who hears of an alarm. */
public final class MonitoringSteps {

    private final StackContext ctx;
    private final EcsView ecs;
    private final StackDatabases dbs;
    private final StackAlarms stackAlarms;
    private final Set<String> notifiedTopics = new LinkedHashSet<>();

    public MonitoringSteps(StackContext ctx, EcsView ecs, StackDatabases dbs, StackAlarms stackAlarms) {
        this.ctx = ctx;
        this.ecs = ecs;
        this.dbs = dbs;
        this.stackAlarms = stackAlarms;
    }

    // --- MON-01 -------------------------------------------------------------------------

    @Then("the application and function log groups keep their logs for {int} days")
    public void theLogGroupsKeepTheirLogs(int days) {
        List<String> lines = new ArrayList<>();
        Map<String, String> writers = new LinkedHashMap<>();
        for (TaskDefinition td : ecs.taskDefinitions()) {
            for (ContainerDefinition c : td.containerDefinitions()) {
                var log = c.logConfiguration();
                String group = log == null ? null : log.options().get("awslogs-group");
                if (group != null && "awslogs".equals(log.logDriverAsString())) {
                    writers.putIfAbsent(
                            group, "container " + c.name() + " of " + td.taskDefinitionArn() + " (awslogs-group)");
                } else {
                    lines.add("container " + c.name() + " of " + td.taskDefinitionArn() + " names no awslogs-group");
                }
            }
        }
        LambdaReader lambda = new LambdaReader(ctx.aws());
        for (StackInventory.Resource r : ctx.inventory().managed("aws_lambda_function")) {
            String name = r.attr("function_name").orElse(r.id());
            var fn = lambda.function(name);
            String configured = fn.map(f ->
                            f.loggingConfig() == null ? null : f.loggingConfig().logGroup())
                    .orElse(null);
            if (configured == null || configured.isBlank()) {
                // an emulator that drops LoggingConfig: what the state says was configured
                configured = r.attributes()
                        .path("logging_config")
                        .path(0)
                        .path("log_group")
                        .asText("");
            }
            String group = LogRetention.functionLogGroup(name, configured);
            writers.putIfAbsent(
                    group,
                    "function " + name + (fn.isEmpty() ? " (not found in Lambda)" : "")
                            + (configured.isBlank() ? " (default group)" : " (logging config)"));
        }
        LogsReader logs = new LogsReader(ctx.aws());
        Map<String, Optional<Integer>> retention = new LinkedHashMap<>();
        writers.forEach((group, who) -> {
            Optional<LogGroup> g = logs.logGroup(group);
            retention.put(
                    group, g.map(x -> Optional.ofNullable(x.retentionInDays())).orElse(null));
            lines.add(group + " <- " + who + ": "
                    + g.map(x -> "retentionInDays=" + x.retentionInDays()).orElse("does not exist"));
        });
        ctx.evidence().record("log groups written to", lines);
        assertThat(LogRetention.problems(retention, days))
                .as("log groups the application and the function write to, against %d days", days)
                .isEmpty();
    }

    @Then("the application's containers write their logs to the application log group")
    public void theContainersWriteToTheApplicationLogGroup() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TaskDefinition td : ecs.taskDefinitions()) {
            for (ContainerDefinition c : td.containerDefinitions()) {
                var log = c.logConfiguration();
                lines.add(c.name() + ": "
                        + (log == null ? "no log configuration" : log.logDriverAsString() + " " + log.options()));
                if (log == null
                        || !"awslogs".equals(log.logDriverAsString())
                        || log.options().get("awslogs-group") == null) {
                    problems.add("container " + c.name() + " of " + td.taskDefinitionArn()
                            + " does not write to a CloudWatch log group (awslogs with awslogs-group)");
                }
            }
        }
        ctx.evidence().record("container log configuration", lines);
        assertThat(problems)
                .as("containers of the stack's services that write no CloudWatch log group")
                .isEmpty();
    }

    // --- MON-02 -------------------------------------------------------------------------

    @Then(
            "the high-CPU alarm watches the stack's ECS service at a threshold of at most {int} % and notifies the alerts topic")
    public void theCpuAlarmNotifiesTheTopic(int maxThreshold) {
        List<String> lines = new ArrayList<>();
        List<String> unwatched = new ArrayList<>();
        Map<String, Set<String>> alarms = stackAlarms.cpuAlarms(maxThreshold, lines, unwatched);
        notifiedTopics.clear();
        alarms.values().forEach(notifiedTopics::addAll);
        ctx.evidence().record("high-CPU alarms", lines);
        assertThat(notifiedTopics)
                .as(
                        "alerts topics notified by an alarm of the stack on AWS/ECS CPUUtilization of its service that fires"
                                + " above at most %d %% (%s)",
                        maxThreshold, lines.get(lines.size() - 1))
                .isNotEmpty();
        assertThat(unwatched)
                .as(
                        "ECS services of the stack without an alarm on their CPU that fires above at most %d %% and"
                                + " notifies an alerts topic (every service needs one)",
                        maxThreshold)
                .isEmpty();
    }

    @Then("the alerts topic has at least one subscription")
    public void theTopicHasASubscription() {
        SnsReader sns = new SnsReader(ctx.aws());
        Set<String> topics = notifiedTopics.isEmpty() ? stackAlarms.alertTopics() : notifiedTopics;
        Map<String, List<String>> subs = new LinkedHashMap<>();
        topics.forEach(t -> subs.put(t, sns.subscriptions(t)));
        ctx.evidence().record("subscriptions", subs);
        assertThat(subs.values().stream().anyMatch(l -> !l.isEmpty()))
                .as("a subscription on the alerts topic(s) %s", topics)
                .isTrue();
    }

    // --- MON-04 -------------------------------------------------------------------------

    @Then("every alarm of the stack names deployed resources of the stack in its dimensions")
    public void everyAlarmNamesDeployedResources() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (EcsView.DeployedService svc : ecs.services()) {
            expected.computeIfAbsent("ClusterName", k -> new LinkedHashSet<>()).add(svc.clusterName());
            expected.computeIfAbsent("ServiceName", k -> new LinkedHashSet<>())
                    .add(svc.service().serviceName());
            expected.computeIfAbsent(MetricDimensions.ECS_SERVICE, k -> new LinkedHashSet<>())
                    .add(svc.clusterName() + "/" + svc.service().serviceName());
        }
        for (StackInventory.Resource lb : ctx.inventory().managed("aws_lb", "aws_alb")) {
            lb.arn()
                    .filter(a -> a.contains(":loadbalancer/app/") || a.contains(":loadbalancer/net/"))
                    .ifPresent(a -> expected.computeIfAbsent("LoadBalancer", k -> new LinkedHashSet<>())
                            .add(AlarmAnalysis.albArnSuffix(a)));
        }
        for (StackInventory.Resource tg : ctx.inventory().managed("aws_lb_target_group", "aws_alb_target_group")) {
            tg.arn()
                    .ifPresent(a -> expected.computeIfAbsent("TargetGroup", k -> new LinkedHashSet<>())
                            .add(AlarmAnalysis.targetGroupArnSuffix(a)));
        }
        for (Database db : dbs.all()) {
            if (db.cluster()) {
                expected.computeIfAbsent("DBClusterIdentifier", k -> new LinkedHashSet<>())
                        .add(db.identifier());
                db.members()
                        .forEach(m -> expected.computeIfAbsent("DBInstanceIdentifier", k -> new LinkedHashSet<>())
                                .add(m));
            } else {
                expected.computeIfAbsent("DBInstanceIdentifier", k -> new LinkedHashSet<>())
                        .add(db.identifier());
            }
        }
        // further resources an alarm may watch, as the state lists them
        Map<String, String[]> fromState = Map.of(
                "FunctionName",
                new String[] {"aws_lambda_function", "function_name"},
                "TopicName",
                new String[] {"aws_sns_topic", "name"},
                "QueueName",
                new String[] {"aws_sqs_queue", "name"},
                "LogGroupName",
                new String[] {"aws_cloudwatch_log_group", "name"},
                "NatGatewayId",
                new String[] {"aws_nat_gateway", "id"},
                "RuleName",
                new String[] {"aws_cloudwatch_event_rule", "name"});
        fromState.forEach((dimension, typeAndAttr) -> ctx.inventory()
                .managed(typeAndAttr[0])
                .forEach(r -> r.attr(typeAndAttr[1])
                        .ifPresent(v -> expected.computeIfAbsent(dimension, k -> new LinkedHashSet<>())
                                .add(v))));
        List<String> problems = new ArrayList<>();
        List<MetricAlarm> alarms = stackAlarms.alarms(problems);
        List<String> lines = new ArrayList<>();
        lines.add("deployed (from the state, read back from ECS and RDS): " + expected);
        lines.add("dimension sets each namespace publishes: " + MetricDimensions.describePublished());
        for (MetricAlarm alarm : alarms) {
            lines.add(AlarmAnalysis.describe(alarm));
            problems.addAll(AlarmAnalysis.problemsOf(alarm, expected));
        }
        ctx.evidence().record("alarms and their dimensions", lines);
        assertThat(alarms).as("the stack's metric alarms, read from CloudWatch").isNotEmpty();
        assertThat(problems)
                .as("alarms whose namespace and dimensions do not name a deployed resource of the stack")
                .isEmpty();
    }

    @Then("the application's container really has a log configuration")
    public void theContainerHasALogConfiguration() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (TaskDefinition td : ecs.taskDefinitions()) {
            for (ContainerDefinition c : td.containerDefinitions()) {
                var l = c.logConfiguration();
                lines.add(td.taskDefinitionArn() + " " + c.name() + ": "
                        + (l == null ? "no log configuration" : l.logDriverAsString() + " " + l.options()));
                if (l == null
                        || l.logDriverAsString() == null
                        || l.logDriverAsString().isBlank()) {
                    problems.add(
                            "container " + c.name() + " of " + td.taskDefinitionArn() + " has no log configuration");
                }
            }
        }
        ctx.evidence().record("container log configuration", lines);
        assertThat(problems)
                .as("containers of the stack's services without a log configuration")
                .isEmpty();
    }
}
