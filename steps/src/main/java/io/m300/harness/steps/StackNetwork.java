package io.m300.harness.steps;

import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.Ec2Reader;
import io.m300.harness.support.aws.EcsReader;
import io.m300.harness.support.aws.ElbReader;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * The network side of the deployed stack, found from the deployed resources and the state
 * (outputs are entry points at most): every database (RDS instances and clusters), every ECS service, their
 * and the stack's load balancers (ELBv2), the VPCs, and their security groups. A reference that
 * leads nowhere is an {@link AssertionError} with one line.
 */
final class StackNetwork {

    private final StackContext ctx;
    private final Ec2Reader ec2;
    private final ElbReader elb;
    private final StackDatabases dbs;
    private List<Service> services;
    private final Map<String, NetworkSnapshot> snapshots = new HashMap<>();

    StackNetwork(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
        this.ec2 = new Ec2Reader(ctx.aws());
        this.elb = new ElbReader(ctx.aws());
    }

    Ec2Reader ec2() {
        return ec2;
    }

    ElbReader elb() {
        return elb;
    }

    StackInventory inventory() {
        return ctx.inventory();
    }

    /** Every database of the stack (RDS instances and DB clusters with their instances). */
    List<Database> databases() {
        return dbs.all();
    }

    /**
     * Every ECS service of the stack: each aws_ecs_service the state lists, plus the one outputs
     * ecs_cluster_name/ecs_service_name name (an entry point only), read back from ECS. A listed
     * service that ECS does not know (or reports INACTIVE) is a finding; none at all is one too.
     */
    List<Service> services() {
        if (services == null) {
            Map<String, String[]> wanted = new LinkedHashMap<>();
            for (var r : inventory().managed("aws_ecs_service")) {
                String cluster = r.attr("cluster").orElse("default");
                String name = r.attr("name").orElse(r.id());
                wanted.put(cluster + "|" + name, new String[] {cluster, name});
            }
            if (ctx.outputs().has("ecs_cluster_name") && ctx.outputs().has("ecs_service_name")) {
                String cluster = ctx.outputs().string("ecs_cluster_name");
                String name = ctx.outputs().string("ecs_service_name");
                wanted.putIfAbsent(cluster + "|" + name, new String[] {cluster, name});
            }
            if (wanted.isEmpty()) {
                throw new AssertionError(
                        "expected the application's ECS service: the state lists no aws_ecs_service and the outputs name none");
            }
            Map<String, Service> found = new LinkedHashMap<>();
            EcsReader ecs = new EcsReader(ctx.aws());
            for (String[] w : wanted.values()) {
                Service s = ecs.service(w[0], w[1])
                        .filter(x -> !"INACTIVE".equals(x.status()))
                        .orElseThrow(() -> new AssertionError(
                                "expected ECS service " + w[1] + " in cluster " + w[0] + ", found none"));
                found.putIfAbsent(s.serviceArn(), s);
            }
            services = new ArrayList<>(found.values());
        }
        return services;
    }

    /** The names of every service, for the evidence. */
    List<String> serviceNames() {
        return services().stream().map(Service::serviceName).toList();
    }

    /** A service's awsvpc configuration; a finding when it has none. */
    static AwsVpcConfiguration taskNetwork(Service s) {
        AwsVpcConfiguration net = s.networkConfiguration() == null
                ? null
                : s.networkConfiguration().awsvpcConfiguration();
        if (net == null) {
            throw new AssertionError(
                    "expected an awsvpc network configuration on ECS service " + s.serviceName() + ", found none");
        }
        return net;
    }

    /** Every subnet the stack's services run their tasks in. */
    List<String> taskSubnets() {
        Set<String> out = new LinkedHashSet<>();
        services().forEach(s -> out.addAll(taskNetwork(s).subnets()));
        return new ArrayList<>(out);
    }

    /** Every security group of every service's tasks (read from ECS): the application tier. */
    Set<String> taskSecurityGroups() {
        Set<String> out = new LinkedHashSet<>();
        services().forEach(s -> out.addAll(taskNetwork(s).securityGroups()));
        return out;
    }

    /** The container ports the service's task definition maps (read from ECS). */
    Set<Integer> containerPorts(Service service) {
        Set<Integer> out = new LinkedHashSet<>();
        new EcsReader(ctx.aws())
                .taskDefinition(service.taskDefinition())
                .containerDefinitions()
                .forEach(c -> c.portMappings().forEach(p -> {
                    if (p.containerPort() != null) out.add(p.containerPort());
                }));
        return out;
    }

    /** The load balancers in front of this service (its target groups' load balancers, read from ELBv2). */
    List<LoadBalancer> loadBalancersOf(Service service) {
        Set<String> tgs = new LinkedHashSet<>();
        service.loadBalancers().forEach(l -> {
            if (l.targetGroupArn() != null) {
                tgs.add(l.targetGroupArn());
            }
        });
        return elb.loadBalancers(elb.loadBalancersOfTargetGroups(tgs));
    }

    /** The load balancers in front of the stack's services. */
    List<LoadBalancer> serviceLoadBalancers() {
        Map<String, LoadBalancer> all = new LinkedHashMap<>();
        services().forEach(s -> loadBalancersOf(s).forEach(l -> all.putIfAbsent(l.loadBalancerArn(), l)));
        return new ArrayList<>(all.values());
    }

    /** Every load balancer of the stack: the state's aws_lb/aws_alb, output alb_arn, and those in front of the service. */
    List<LoadBalancer> stackLoadBalancers() {
        Set<String> arns = new LinkedHashSet<>();
        inventory().managed("aws_lb", "aws_alb").forEach(r -> arns.add(r.arn().orElse(r.id())));
        if (ctx.outputs().has("alb_arn")) {
            arns.add(ctx.outputs().string("alb_arn"));
        }
        List<LoadBalancer> found = elb.loadBalancers(arns);
        for (String arn : arns) {
            if (found.stream().noneMatch(l -> arn.equals(l.loadBalancerArn()))) {
                throw new AssertionError("expected load balancer " + arn + " of the stack in ELBv2, found none");
            }
        }
        Map<String, LoadBalancer> all = new LinkedHashMap<>();
        found.forEach(l -> all.put(l.loadBalancerArn(), l));
        try {
            serviceLoadBalancers().forEach(l -> all.putIfAbsent(l.loadBalancerArn(), l));
        } catch (AssertionError e) {
            // no service: the stack's own load balancers are still judged
        }
        return new ArrayList<>(all.values());
    }

    /** Every VPC of the stack: the state's aws_vpc, output vpc_id, the databases' and the tasks' VPCs. */
    Set<String> vpcIds() {
        Set<String> out = new LinkedHashSet<>();
        inventory().managed("aws_vpc").forEach(r -> out.add(r.id()));
        if (ctx.outputs().has("vpc_id")) {
            out.add(ctx.outputs().string("vpc_id"));
        }
        try {
            for (Database db : databases()) {
                if (db.vpcId() != null) {
                    out.add(db.vpcId());
                }
            }
        } catch (AssertionError e) {
            // a stack without a database still has VPCs to judge
        }
        try {
            ec2.subnets(taskSubnets()).forEach(s -> out.add(s.vpcId()));
        } catch (AssertionError e) {
            // likewise without a service
        }
        out.remove("");
        return out;
    }

    /** The VPC's subnets, route tables, ACLs, groups and gateways, read once per scenario. */
    NetworkSnapshot network(String vpcId) {
        return snapshots.computeIfAbsent(vpcId, v -> NetworkSnapshot.read(ctx.aws(), v));
    }

    /** The snapshot of the VPC that holds a subnet, or null when no VPC of the stack does. */
    NetworkSnapshot networkOfSubnet(String subnetId) {
        for (String vpc : vpcIds()) {
            if (network(vpc).subnet(subnetId).isPresent()) {
                return network(vpc);
            }
        }
        var found = ec2.subnets(List.of(subnetId));
        return found.isEmpty() ? null : network(found.get(0).vpcId());
    }

    /** The groups with these ids as EC2 has them (missing ones are left out). */
    List<SecurityGroup> groups(Set<String> ids) {
        return ec2.securityGroups(ids);
    }
}
