package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** CloudWatch Logs as the harness reads it: the one place that calls the SDK for log groups. */
public final class LogsReader {

    private final AwsClients aws;

    public LogsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The log group with exactly this name, or empty when it does not exist. */
    public Optional<LogGroup> logGroup(String name) {
        return aws.logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst();
    }
}
