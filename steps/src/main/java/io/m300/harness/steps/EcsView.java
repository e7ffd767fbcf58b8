package io.m300.harness.steps;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.aws.EcsReader;
import io.m300.harness.support.aws.SsmReader;
import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.stack.Secret;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The stack's ECS services and the task definitions they run, as ECS reports them, read once per
 * scenario and shared by the step classes that look at them (IAM-01, SEC-02, SEC-04, SEC-05,
 * MON-01, MON-02, MON-04). The services are those the state lists ({@code aws_ecs_service}); outputs are
 * not needed. Injected by picocontainer.
 */
public final class EcsView {

    /** A service of the stack as ECS describes it, with the task definition it runs. */
    public record DeployedService(Service service, TaskDefinition taskDefinition) {

        public String clusterName() {
            String arn = service.clusterArn();
            return arn == null ? "" : Arns.lastName(arn);
        }
    }

    private final StackContext ctx;
    private List<DeployedService> services;
    private String passwordParameterArn;

    public EcsView(StackContext ctx) {
        this.ctx = ctx;
    }

    /** Every ECS service the stack's state lists, read back from ECS; a listed service ECS does not know is a finding. */
    public List<DeployedService> services() {
        if (services == null) {
            EcsReader ecs = new EcsReader(ctx.aws());
            List<DeployedService> out = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (StackInventory.Resource r : ctx.inventory().managed("aws_ecs_service")) {
                String name = r.attr("name").orElse(r.id());
                String cluster = r.attr("cluster")
                        .orElseThrow(() -> new AssertionError(r.address() + " has no cluster in the state"));
                Service s = ecs.service(cluster, name)
                        .filter(x -> !"INACTIVE".equals(x.status()))
                        .orElseThrow(() -> new AssertionError("ECS service " + name + " (" + r.address()
                                + " in the state) not found in cluster " + cluster));
                out.add(new DeployedService(s, ecs.taskDefinition(s.taskDefinition())));
                lines.add("service " + s.serviceName() + " of cluster " + cluster + " runs " + s.taskDefinition());
            }
            if (out.isEmpty()) {
                throw new AssertionError("the stack's state lists no ECS service (aws_ecs_service): nothing to check");
            }
            ctx.evidence().record("ECS services (from the state, read back from ECS)", lines);
            services = out;
        }
        return services;
    }

    /**
     * The task definition of the stack's service: the one named by output ecs_service_name when
     * the stack has that output and several services, else the only (or first) service's.
     */
    public TaskDefinition serviceTaskDefinition() {
        List<DeployedService> all = services();
        if (all.size() > 1 && ctx.outputs().has("ecs_service_name")) {
            String wanted = ctx.outputs().string("ecs_service_name");
            for (DeployedService d : all) {
                if (d.service().serviceName().equals(wanted)) {
                    return d.taskDefinition();
                }
            }
        }
        return all.get(0).taskDefinition();
    }

    /** Every task definition the stack's services run. */
    public List<TaskDefinition> taskDefinitions() {
        return services().stream().map(DeployedService::taskDefinition).toList();
    }

    /**
     * The ARN of the parameter the database password reaches the containers from: the first
     * container secret from Parameter Store whose value is the password (SEC-04's parameter). Never
     * an output, and never the parameter the harness made unless a container of the stack reads it:
     * when none does, there is nothing of the stack to judge, and that is a finding.
     * Found once per scenario (SEC-05's steps each ask).
     */
    public String passwordParameterArn() {
        if (passwordParameterArn == null) {
            passwordParameterArn = findPasswordParameterArn();
        }
        return passwordParameterArn;
    }

    private String findPasswordParameterArn() {
        Secret password = ctx.stack().databasePassword();
        ctx.evidence().protect(password.reveal());
        SsmReader ssm = new SsmReader(ctx.aws());
        for (TaskDefinition td : taskDefinitions()) {
            for (ContainerDefinition c : td.containerDefinitions()) {
                for (var secret : c.secrets()) {
                    List<String> names = ContainerSecrets.ssmParameterNames(secret.valueFrom());
                    if (!names.isEmpty()
                            && ssm.value(secret.valueFrom())
                                    .map(v -> v.reveal().equals(password.reveal()))
                                    .orElse(false)) {
                        return names.stream()
                                .map(ssm::arn)
                                .flatMap(Optional::stream)
                                .findFirst()
                                .orElse(secret.valueFrom());
                    }
                }
            }
        }
        throw new AssertionError("no container of the stack reads the database password from Parameter Store"
                + " (no task definition's secret names a parameter that holds it): nothing of the stack to judge");
    }
}
