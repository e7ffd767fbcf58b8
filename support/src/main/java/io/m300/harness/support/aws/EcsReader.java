package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** ECS as the harness reads it: the one place that calls the SDK for ECS. */
public final class EcsReader {

    private final AwsClients aws;

    public EcsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The service (by name or ARN) in the cluster (by name or ARN), or empty when ECS does not list it. */
    public Optional<Service> service(String cluster, String service) {
        return aws.ecs().describeServices(r -> r.cluster(cluster).services(service)).services().stream()
                .findFirst();
    }

    /** The task definition with this ARN (or family:revision). */
    public TaskDefinition taskDefinition(String arn) {
        return aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
    }
}
