package io.m300.harness.support.aws;

import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** ECS as the harness reads it: the one place that calls the SDK for ECS. */
public final class EcsReader {

    private final AwsClients aws;

    public EcsReader(AwsClients aws) {
        this.aws = aws;
    }

    /**
     * The service (by name or ARN) in the cluster (by name or ARN), or empty when ECS does not list it.
     * Always with its tags ({@link #SERVICE_TAGS}): moto 5.2 keeps whether DescribeServices returns tags
     * in one class-wide table, so a call without them, made while Terraform's refresh reads the same
     * service with them, can strip the tags from Terraform's answer and show drift on {@code tags_all}.
     */
    public Optional<Service> service(String cluster, String service) {
        return aws
                .ecs()
                .describeServices(r -> r.cluster(cluster).services(service).include(SERVICE_TAGS))
                .services()
                .stream()
                .findFirst();
    }

    /** What every DescribeServices of the harness asks for (see {@link #service}). */
    public static final ServiceField SERVICE_TAGS = ServiceField.TAGS;

    /** The task definition with this ARN (or family:revision). */
    public TaskDefinition taskDefinition(String arn) {
        return aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
    }
}
