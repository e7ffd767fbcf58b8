package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.network.PrivateSubnets;
import io.m300.harness.support.network.Reachability;
import io.m300.harness.support.network.ReachabilityAnalysis;
import io.m300.harness.support.network.RouteAnalysis;
import io.m300.harness.support.network.SecurityGroupRules;
import io.m300.harness.support.network.TierIngress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/** Network security: what the internet can reach, read from the deployed VPC. */
public final class NetworkSteps {

    private final StackContext ctx;
    private final StackDatabases dbs;
    private StackNetwork stackNetwork;

    public NetworkSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.dbs = dbs;
    }

    @Given("the deployed m300 stack")
    public void theDeployedStack() {
        var stack = ctx.stack();
        ctx.evidence()
                .record(
                        "target",
                        "run " + stack.config().runId() + " on " + ctx.target().description());
    }

    @Then("the database is not publicly accessible")
    public void theDatabaseIsNotPubliclyAccessible() {
        List<String> lines = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (Database db : databases()) {
            lines.add(db.label() + ": PubliclyAccessible "
                    + (db.publiclyAccessible() ? "true for " + db.publicMembers() : "false"));
            db.publicMembers().forEach(m -> open.add(db.label() + ": " + m + " is PubliclyAccessible"));
        }
        ctx.evidence().record("databases", lines);
        assertThat(open)
                .as("publicly accessible databases (every DB instance and every instance of every DB cluster)")
                .isEmpty();
    }

    @Then("no subnet of the database routes to an internet gateway")
    public void noSubnetOfTheDatabaseRoutesToAnInternetGateway() {
        List<String> lines = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        for (Database db : databases()) {
            if (db.subnets().isEmpty()) {
                offending.add(db.label() + " has no subnet group: RDS names no subnet to judge");
            }
            NetworkSnapshot vpc = network(db);
            for (String subnet : db.subnets()) {
                List<String> routes = RouteAnalysis.routesToInternetGateway(vpc, subnet);
                var table = RouteAnalysis.effectiveRouteTable(vpc, subnet);
                lines.add(db.identifier() + ": " + subnet + " uses "
                        + (table == null ? "no route table" : table.routeTableId()) + ": "
                        + (routes.isEmpty() ? "no route to an internet gateway" : String.join("; ", routes)));
                routes.forEach(r -> offending.add(db.identifier() + ": " + subnet + ": " + r));
            }
        }
        ctx.evidence().record("database subnets' routes", lines);
        assertThat(offending)
                .as("routes from the databases' subnets to an internet gateway")
                .isEmpty();
    }

    @Then("no security group of the database admits the internet")
    public void noSecurityGroupOfTheDatabaseAdmitsTheInternet() {
        List<String> lines = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (Database db : databases()) {
            NetworkSnapshot vpc = network(db);
            for (String groupId : db.securityGroups()) {
                var group = vpc.securityGroups().stream()
                        .filter(g -> g.groupId().equals(groupId))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                "security group " + groupId + " of " + db.label() + " is not in VPC " + vpc.vpcId()));
                lines.add(db.identifier() + ": " + groupId + " ingress: " + SecurityGroupRules.describeIngress(group));
                SecurityGroupRules.worldOpenIngress(group)
                        .forEach(r -> open.add(db.identifier() + ": " + groupId + ": " + r));
            }
        }
        ctx.evidence().record("database security groups", lines);
        assertThat(open)
                .as("ingress rules of the databases' security groups open to the internet")
                .isEmpty();
    }

    @Then("the reachability analysis finds no path from the internet to the database port")
    public void theReachabilityAnalysisFindsNoPath() {
        List<String> lines = new ArrayList<>();
        List<String> reachable = new ArrayList<>();
        for (Database db : databases()) {
            var target = new ReachabilityAnalysis.Target(
                    db.label(),
                    db.subnets(),
                    db.securityGroups(),
                    db.port() == null ? 3306 : db.port(),
                    db.publiclyAccessible());
            Reachability verdict = ReachabilityAnalysis.fromInternet(network(db), target);
            lines.add(verdict.toString());
            if (verdict.reachable()) {
                reachable.add(db.label() + ": " + String.join(" -> ", verdict.path()));
            }
        }
        ctx.evidence().record("reachability from the internet", lines);
        assertThat(reachable)
                .as("paths from the internet to a database of the stack")
                .isEmpty();
    }

    // --- NET-02 -------------------------------------------------------------------------

    @Then("the database's security groups together admit only the application tier, on port {int}")
    public void theDatabaseAdmitsOnlyTheApplicationTier(int port) {
        Set<String> tasks = net().taskSecurityGroups();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Database db : databases()) {
            List<String> ids = db.securityGroups();
            List<SecurityGroup> groups = net().groups(new LinkedHashSet<>(ids));
            groups.forEach(g -> lines.add(db.identifier() + ": " + SecurityGroupRules.label(g) + " ingress: "
                    + SecurityGroupRules.describeIngress(g)));
            TierIngress.onlyTcpPortFromGroups(ids, groups, port, tasks)
                    .forEach(p -> problems.add(db.label() + ": " + p));
        }
        lines.add("application tier's groups (from every ECS service of the stack: " + net().serviceNames() + "): "
                + tasks);
        ctx.evidence().record("database security groups (from RDS)", lines);
        assertThat(problems)
                .as(
                        "ingress of the databases' security groups, against exactly tcp/%d from the application tier %s",
                        port, tasks)
                .isEmpty();
    }

    // --- NET-03 -------------------------------------------------------------------------

    @Then("the application tier's security groups together admit only the load balancer, on the application port")
    public void theApplicationTierAdmitsOnlyTheLoadBalancer() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Service service : net().services()) {
            Set<Integer> ports = new LinkedHashSet<>();
            service.loadBalancers().forEach(l -> {
                if (l.containerPort() != null) ports.add(l.containerPort());
            });
            Set<String> taskGroups =
                    new LinkedHashSet<>(StackNetwork.taskNetwork(service).securityGroups());
            List<SecurityGroup> groups = net().groups(taskGroups);
            groups.forEach(g -> lines.add(service.serviceName() + ": " + SecurityGroupRules.label(g) + " ingress: "
                    + SecurityGroupRules.describeIngress(g)));
            Set<String> lbGroups = new LinkedHashSet<>();
            List<LoadBalancer> lbs = net().loadBalancersOf(service);
            if (ports.isEmpty()) {
                // behind no load balancer (a worker): at most its containers' ports, from the stack's load balancers
                ports.addAll(net().containerPorts(service));
                lbs = net().stackLoadBalancers();
            }
            lbs.forEach(l -> lbGroups.addAll(l.securityGroups()));
            lines.add(service.serviceName() + ": application ports " + ports
                    + (service.loadBalancers().isEmpty()
                            ? " (behind no load balancer: its containers' ports, from the stack's load balancers)"
                            : " (behind a load balancer)")
                    + "; load balancers "
                    + lbs.stream().map(LoadBalancer::loadBalancerName).toList() + " with groups " + lbGroups);
            if (ports.isEmpty()) { // no port at all: nothing may reach its tasks
                groups.forEach(g -> SecurityGroupRules.describeIngress(g)
                        .forEach(r -> problems.add("ECS service " + service.serviceName()
                                + " maps no container port, yet its group " + g.groupId() + " admits " + r)));
                continue;
            }
            for (int appPort : ports) {
                TierIngress.onlyTcpPortFromGroups(taskGroups, groups, appPort, lbGroups)
                        .forEach(p -> problems.add("ECS service " + service.serviceName() + ": " + p));
            }
        }
        ctx.evidence()
                .record("application security groups (from ECS, every service: " + net().serviceNames() + ")", lines);
        assertThat(problems)
                .as(
                        "ingress of the application's security groups, against exactly the app port from the load balancers' groups")
                .isEmpty();
    }

    @Then("the application runs in private subnets without public IP addresses")
    public void theApplicationRunsInPrivateSubnets() {
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Service service : net().services()) {
            AwsVpcConfiguration tasks = StackNetwork.taskNetwork(service);
            lines.add(service.serviceName() + ": subnets " + tasks.subnets() + ", assignPublicIp="
                    + tasks.assignPublicIpAsString());
            if (!"DISABLED".equals(tasks.assignPublicIpAsString())) {
                problems.add("assignPublicIp of ECS service " + service.serviceName() + " is "
                        + tasks.assignPublicIpAsString() + ", not DISABLED");
            }
            if (tasks.subnets().isEmpty()) {
                problems.add("ECS service " + service.serviceName() + " names no subnet");
            }
            List<String> routeProblems = new ArrayList<>();
            routeProblems(tasks.subnets(), lines, routeProblems);
            routeProblems.forEach(p -> problems.add("ECS service " + service.serviceName() + ": " + p));
        }
        ctx.evidence().record("application network (from ECS, every service)", lines);
        assertThat(problems)
                .as("the application's network: private subnets without a route to an internet gateway, no public IP")
                .isEmpty();
    }

    /** For each subnet: its effective route table (explicit or main) and its routes to an internet gateway. */
    private void routeProblems(List<String> subnets, List<String> lines, List<String> problems) {
        for (String subnet : subnets) {
            NetworkSnapshot vpc = net().networkOfSubnet(subnet);
            if (vpc == null) {
                problems.add("subnet " + subnet + " does not exist in EC2");
                continue;
            }
            List<String> routes = RouteAnalysis.routesToInternetGateway(vpc, subnet);
            var table = RouteAnalysis.effectiveRouteTable(vpc, subnet);
            lines.add(subnet + " uses "
                    + (table == null ? "no route table" : RouteAnalysis.describeTable(vpc, table, subnet)) + ": "
                    + (routes.isEmpty() ? "no route to an internet gateway" : String.join("; ", routes)));
            routes.forEach(r -> problems.add(subnet + " routes to an internet gateway: " + r));
        }
    }

    // --- NET-05 -------------------------------------------------------------------------

    @Then("the VPC's default security group has no ingress and no egress rules")
    public void theDefaultSecurityGroupIsEmpty() {
        Set<String> vpcs = net().vpcIds();
        assertThat(vpcs)
                .as("VPCs of the stack (state, outputs, database, tasks)")
                .isNotEmpty();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String vpc : vpcs) {
            List<SecurityGroup> defaults = net().ec2().defaultSecurityGroups(vpc);
            if (defaults.isEmpty()) {
                problems.add("VPC " + vpc + " has no default security group in EC2");
            }
            for (SecurityGroup sg : defaults) {
                lines.add(SecurityGroupRules.label(sg) + " of " + vpc + ": ingress "
                        + SecurityGroupRules.describeIngress(sg) + ", egress " + SecurityGroupRules.describeEgress(sg));
                SecurityGroupRules.describeIngress(sg)
                        .forEach(r -> problems.add("default group " + sg.groupId() + " of " + vpc + " admits " + r));
                SecurityGroupRules.describeEgress(sg)
                        .forEach(r -> problems.add("default group " + sg.groupId() + " of " + vpc + " lets out " + r));
            }
        }
        ctx.evidence().record("default security groups", lines);
        assertThat(problems)
                .as("rules of the default security groups of the stack's VPCs %s", vpcs)
                .isEmpty();
    }

    // --- NET-06 -------------------------------------------------------------------------

    @Then("no private subnet routes to an internet gateway")
    public void noPrivateSubnetRoutesToAnInternetGateway() {
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        Map<String, List<String>> publicBecause = new LinkedHashMap<>();
        Set<String> vpcs = net().vpcIds();
        try {
            databases().forEach(db -> PrivateSubnets.add(candidates, db.subnets(), db.label()));
        } catch (AssertionError e) {
            ctx.evidence().record("database", e.getMessage());
        }
        try {
            PrivateSubnets.add(candidates, net().taskSubnets(), "application tasks");
        } catch (AssertionError e) {
            ctx.evidence().record("application", e.getMessage());
        }
        List<String> stateSubnets = net().inventory().managed("aws_subnet").stream()
                .map(r -> r.id())
                .toList();
        PrivateSubnets.add(candidates, stateSubnets, "subnet of the stack's state");
        if (ctx.outputs().has("private_subnet_ids")) {
            PrivateSubnets.add(candidates, ctx.outputs().list("private_subnet_ids"), "output private_subnet_ids");
        }
        for (LoadBalancer lb : net().stackLoadBalancers()) {
            // moto 5.2.1 returns no Scheme: a load balancer counts as internet-facing unless ELBv2 says internal
            if (!"internal".equals(lb.schemeAsString())) {
                lb.availabilityZones()
                        .forEach(az -> PrivateSubnets.add(
                                publicBecause,
                                List.of(az.subnetId()),
                                "internet-facing load balancer " + lb.loadBalancerName()));
            }
        }
        for (String vpc : vpcs) {
            net().ec2()
                    .natGatewaySubnets(vpc)
                    .forEach((nat, subnet) -> PrivateSubnets.add(publicBecause, List.of(subnet), "NAT gateway " + nat));
            net().network(vpc).subnets().stream()
                    .filter(s -> Boolean.TRUE.equals(s.mapPublicIpOnLaunch()))
                    .forEach(s -> PrivateSubnets.add(publicBecause, List.of(s.subnetId()), "map_public_ip_on_launch"));
        }
        PrivateSubnets.Decision decision = PrivateSubnets.decide(candidates, publicBecause);
        List<String> lines = new ArrayList<>();
        decision.publicSubnets().forEach((s, why) -> lines.add(s + " is public: " + why));
        decision.privateSubnets().forEach((s, why) -> lines.add(s + " is private (" + why + ")"));
        List<String> problems = new ArrayList<>();
        if (decision.privateSubnets().isEmpty()) {
            problems.add("no private subnet found in the stack (database, tasks, state, outputs)");
        }
        routeProblems(new ArrayList<>(decision.privateSubnets().keySet()), lines, problems);
        ctx.evidence().record("private subnets and their routes", lines);
        assertThat(problems)
                .as("routes from the private subnets to an internet gateway")
                .isEmpty();
    }

    private StackNetwork net() {
        if (stackNetwork == null) {
            stackNetwork = new StackNetwork(ctx, dbs);
        }
        return stackNetwork;
    }

    private List<Database> databases() {
        return dbs.all();
    }

    /** The VPC of the database (from its subnet group), else the stack's first VPC. */
    private NetworkSnapshot network(Database db) {
        String vpc = db.vpcId() != null ? db.vpcId() : net().vpcIds().iterator().next();
        return net().network(vpc);
    }
}
