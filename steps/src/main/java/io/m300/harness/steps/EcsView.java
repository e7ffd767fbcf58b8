package io.m300.harness.steps;

import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The ECS service's task definition as ECS reports it, read once per scenario and shared by the
 * step classes that look at it (IAM-01, SEC-04). Injected by picocontainer.
 */
public final class EcsView {

    private final StackContext ctx;
    private TaskDefinition taskDefinition;

    public EcsView(StackContext ctx) {
        this.ctx = ctx;
    }

    /** The task definition the service runs (describeServices, then describeTaskDefinition). */
    public TaskDefinition serviceTaskDefinition() {
        if (taskDefinition == null) {
            String cluster = ctx.outputs().string("ecs_cluster_name");
            String service = ctx.outputs().string("ecs_service_name");
            var services = ctx.aws().ecs().describeServices(r -> r.cluster(cluster).services(service)).services();
            if (services.isEmpty()) {
                throw new AssertionError("ECS service " + service + " not found in cluster " + cluster);
            }
            String arn = services.get(0).taskDefinition();
            taskDefinition = ctx.aws().ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
            ctx.evidence().record("task definition", "service " + service + " of cluster " + cluster + " runs "
                    + arn + " (output task_definition_arn: " + ctx.outputs().string("task_definition_arn") + ")");
        }
        return taskDefinition;
    }
}
