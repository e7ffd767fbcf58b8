package io.m300.harness.steps;

import io.m300.harness.support.aws.EcsReader;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.aws.Ec2Reader;
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
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The network side of the deployed stack, found from the deployed resources and the state
 * (outputs are entry points at most): the databases (RDS), the application's service (ECS), its
 * and the stack's load balancers (ELBv2), the VPCs, and their security groups. A reference that
 * leads nowhere is an {@link AssertionError} with one line.
 */
final class StackNetwork {

    private final StackContext ctx;
    private final Ec2Reader ec2;
    private final ElbReader elb;
    private List<DBInstance> databases;
    private Service service;
    private final Map<String, NetworkSnapshot> snapshots = new HashMap<>();

    StackNetwork(StackContext ctx) {
        this.ctx = ctx;
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

    /** Every database of the stack: the state's aws_db_instance resources, plus output db_instance_identifier. */
    List<DBInstance> databases() {
        if (databases == null) {
            Set<String> ids = new LinkedHashSet<>();
            if (ctx.outputs().has("db_instance_identifier")) {
                ids.add(ctx.outputs().string("db_instance_identifier"));
            }
            inventory().managed("aws_db_instance").forEach(r -> r.attr("identifier").ifPresent(ids::add));
            if (ids.isEmpty()) {
                throw new AssertionError("expected a database in the stack: the state lists no aws_db_instance and there is no output db_instance_identifier");
            }
            List<DBInstance> out = new ArrayList<>();
            for (String id : ids) {
                out.add(new RdsReader(ctx.aws()).instance(id)
                        .orElseThrow(() -> new AssertionError("expected database " + id + " of the stack in RDS, found none")));
            }
            databases = out;
        }
        return databases;
    }

    DBInstance database() {
        return databases().get(0);
    }

    static List<String> subnetsOf(DBInstance db) {
        return db.dbSubnetGroup() == null ? List.of() : db.dbSubnetGroup().subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    static List<String> securityGroupsOf(DBInstance db) {
        return db.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
    }

    /** The application's ECS service: outputs ecs_cluster_name/ecs_service_name, else the state's aws_ecs_service. */
    Service service() {
        if (service == null) {
            String cluster;
            String name;
            if (ctx.outputs().has("ecs_cluster_name") && ctx.outputs().has("ecs_service_name")) {
                cluster = ctx.outputs().string("ecs_cluster_name");
                name = ctx.outputs().string("ecs_service_name");
            } else {
                var services = inventory().managed("aws_ecs_service");
                if (services.isEmpty()) {
                    throw new AssertionError("expected the application's ECS service: the state lists no aws_ecs_service and the outputs name none");
                }
                cluster = services.get(0).attr("cluster").orElse("default");
                name = services.get(0).attr("name").orElse(services.get(0).id());
            }
            var found = new EcsReader(ctx.aws()).service(cluster, name).stream().toList();
            if (found.isEmpty() || "INACTIVE".equals(found.get(0).status())) {
                throw new AssertionError("expected ECS service " + name + " in cluster " + cluster + ", found none");
            }
            service = found.get(0);
        }
        return service;
    }

    /** The service's awsvpc configuration; a finding when it has none. */
    AwsVpcConfiguration taskNetwork() {
        Service s = service();
        AwsVpcConfiguration net = s.networkConfiguration() == null ? null : s.networkConfiguration().awsvpcConfiguration();
        if (net == null) {
            throw new AssertionError("expected an awsvpc network configuration on ECS service " + s.serviceName() + ", found none");
        }
        return net;
    }

    /** Every security group of the application's tasks (read from ECS). */
    Set<String> taskSecurityGroups() {
        return new LinkedHashSet<>(taskNetwork().securityGroups());
    }

    /** The load balancers in front of the service (its target groups' load balancers, read from ELBv2). */
    List<LoadBalancer> serviceLoadBalancers() {
        Set<String> tgs = new LinkedHashSet<>();
        service().loadBalancers().forEach(l -> {
            if (l.targetGroupArn() != null) {
                tgs.add(l.targetGroupArn());
            }
        });
        return elb.loadBalancers(elb.loadBalancersOfTargetGroups(tgs));
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
            for (DBInstance db : databases()) {
                if (db.dbSubnetGroup() != null && db.dbSubnetGroup().vpcId() != null) {
                    out.add(db.dbSubnetGroup().vpcId());
                }
            }
        } catch (AssertionError e) {
            // a stack without a database still has VPCs to judge
        }
        try {
            ec2.subnets(taskNetwork().subnets()).forEach(s -> out.add(s.vpcId()));
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
