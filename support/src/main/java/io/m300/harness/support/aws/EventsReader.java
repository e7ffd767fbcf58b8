package io.m300.harness.support.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** EventBridge as the harness reads it: the one place that calls the SDK for EventBridge rules. */
public final class EventsReader {

    private final AwsClients aws;

    public EventsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The rule on the bus (null or empty: the default bus), or empty when EventBridge does not know it. */
    public Optional<DescribeRuleResponse> rule(String name, String bus) {
        try {
            return Optional.of(aws.events()
                    .describeRule(r -> r.name(name).eventBusName(bus == null || bus.isEmpty() ? null : bus)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    public List<Target> targets(String rule, String bus) {
        return aws.events()
                .listTargetsByRule(r -> r.rule(rule).eventBusName(bus == null || bus.isEmpty() ? null : bus))
                .targets();
    }
}
