package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.network.LoadBalancerAnalysis;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.network.Reachability;
import io.m300.harness.support.network.ReachabilityAnalysis;
import io.m300.harness.support.network.RouteAnalysis;
import io.m300.harness.support.network.SecurityGroupRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Network security: what the internet can reach, read from the deployed VPC. */
public final class NetworkSteps {

    private final StackContext ctx;
    private NetworkSnapshot network;
    private DBInstance database;
    private HttpResponse<Void> httpAnswer;
    private URI httpRequested;

    public NetworkSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @Given("the deployed m300 stack")
    public void theDeployedStack() {
        var stack = ctx.stack();
        ctx.evidence().record("target", "run " + stack.config().runId() + " on " + ctx.target().description());
    }

    @Then("the database is not publicly accessible")
    public void theDatabaseIsNotPubliclyAccessible() {
        DBInstance db = database();
        ctx.evidence().record("database", db.dbInstanceIdentifier() + ": PubliclyAccessible=" + db.publiclyAccessible()
                + ", endpoint " + (db.endpoint() == null ? "none" : db.endpoint().address()));
        assertThat(db.publiclyAccessible())
                .as("PubliclyAccessible of database %s", db.dbInstanceIdentifier())
                .isFalse();
    }

    @Then("no subnet of the database routes to an internet gateway")
    public void noSubnetOfTheDatabaseRoutesToAnInternetGateway() {
        List<String> lines = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        for (String subnet : databaseSubnets()) {
            List<String> routes = RouteAnalysis.routesToInternetGateway(network(), subnet);
            var table = RouteAnalysis.effectiveRouteTable(network(), subnet);
            lines.add(subnet + " uses " + (table == null ? "no route table" : table.routeTableId()) + ": "
                    + (routes.isEmpty() ? "no route to an internet gateway" : String.join("; ", routes)));
            routes.forEach(r -> offending.add(subnet + ": " + r));
        }
        ctx.evidence().record("database subnets' routes", lines);
        assertThat(offending).as("routes from the database's subnets to an internet gateway").isEmpty();
    }

    @Then("no security group of the database admits the internet")
    public void noSecurityGroupOfTheDatabaseAdmitsTheInternet() {
        List<String> lines = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (String groupId : databaseSecurityGroups()) {
            var group = network().securityGroups().stream().filter(g -> g.groupId().equals(groupId)).findFirst()
                    .orElseThrow(() -> new AssertionError("security group " + groupId + " of the database is not in VPC " + network().vpcId()));
            lines.add(groupId + " ingress: " + SecurityGroupRules.describeIngress(group));
            SecurityGroupRules.worldOpenIngress(group).forEach(r -> open.add(groupId + ": " + r));
        }
        ctx.evidence().record("database security groups", lines);
        assertThat(open).as("ingress rules of the database's security groups open to the internet").isEmpty();
    }

    @Then("the reachability analysis finds no path from the internet to the database port")
    public void theReachabilityAnalysisFindsNoPath() {
        DBInstance db = database();
        var target = new ReachabilityAnalysis.Target("database " + db.dbInstanceIdentifier(), databaseSubnets(),
                databaseSecurityGroups(), db.endpoint() == null ? 3306 : db.endpoint().port(), Boolean.TRUE.equals(db.publiclyAccessible()));
        Reachability verdict = ReachabilityAnalysis.fromInternet(network(), target);
        ctx.evidence().record("reachability from the internet", verdict.toString());
        assertThat(verdict.reachable())
                .as("a path from the internet to the database exists: %s", String.join(" -> ", verdict.path()))
                .isFalse();
    }

    // --- NET-02 -------------------------------------------------------------------------

    @Then("the database's security group admits only the application tier, on port {int}")
    public void theDatabaseAdmitsOnlyTheApplicationTier(int port) {
        SecurityGroup db = group(ctx.outputs().string("db_security_group_id"));
        String ecs = ctx.outputs().string("ecs_security_group_id");
        ctx.evidence().record("database security group", SecurityGroupRules.label(db) + " ingress: " + SecurityGroupRules.describeIngress(db)
                + "\napplication tier's group: " + ecs);
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(SecurityGroupRules.ingress(db), port, ecs))
                .as("ingress of the database's security group %s, against exactly tcp/%d from the application tier %s", db.groupId(), port, ecs)
                .isEmpty();
    }

    // --- NET-03 -------------------------------------------------------------------------

    @Then("the application tier's security group admits only the load balancer, on the application port")
    public void theApplicationTierAdmitsOnlyTheLoadBalancer() {
        Service service = service();
        assertThat(service.loadBalancers()).as("load balancers of ECS service %s", service.serviceName()).isNotEmpty();
        int appPort = service.loadBalancers().get(0).containerPort();
        SecurityGroup ecs = group(ctx.outputs().string("ecs_security_group_id"));
        String alb = ctx.outputs().string("alb_security_group_id");
        ctx.evidence().record("application security group", SecurityGroupRules.label(ecs) + " ingress: " + SecurityGroupRules.describeIngress(ecs)
                + "\napplication port (container port behind the load balancer): " + appPort + "; load balancer's group: " + alb);
        assertThat(SecurityGroupRules.onlyTcpPortFromGroup(SecurityGroupRules.ingress(ecs), appPort, alb))
                .as("ingress of the application's security group %s, against exactly tcp/%d from the load balancer's group %s", ecs.groupId(), appPort, alb)
                .isEmpty();
    }

    @Then("the application runs in private subnets without public IP addresses")
    public void theApplicationRunsInPrivateSubnets() {
        Service service = service();
        AwsVpcConfiguration net = service.networkConfiguration() == null ? null : service.networkConfiguration().awsvpcConfiguration();
        assertThat(net).as("awsvpc network configuration of ECS service %s", service.serviceName()).isNotNull();
        List<String> privateSubnets = ctx.outputs().list("private_subnet_ids");
        ctx.evidence().record("application network", service.serviceName() + ": subnets " + net.subnets() + ", assignPublicIp="
                + net.assignPublicIpAsString() + "; the stack's private subnets are " + privateSubnets);
        assertThat(net.assignPublicIpAsString()).as("assignPublicIp of ECS service %s", service.serviceName()).isEqualTo("DISABLED");
        assertThat(net.subnets()).as("subnets of ECS service %s (private subnets are %s)", service.serviceName(), privateSubnets)
                .isNotEmpty().allMatch(privateSubnets::contains);
    }

    // --- NET-04 -------------------------------------------------------------------------

    @Then("every listener of the load balancer serves HTTPS with TLS 1.2 or newer, or redirects HTTP to HTTPS with 301")
    public void everyListenerServesHttpsOrRedirects() {
        List<Listener> listeners = listeners();
        ctx.evidence().record("listeners", listeners.stream().map(l -> l.protocolAsString() + ":" + l.port() + " policy=" + l.sslPolicy()
                + " actions=" + l.defaultActions().stream().map(a -> a.typeAsString() + (a.redirectConfig() == null ? ""
                        : "(" + a.redirectConfig().protocol() + ":" + a.redirectConfig().port() + " " + a.redirectConfig().statusCodeAsString() + ")")).toList())
                .toList());
        assertThat(LoadBalancerAnalysis.listenerProblems(listeners))
                .as("listeners of load balancer %s that break HTTPS-only", ctx.outputs().string("alb_arn")).isEmpty();
    }

    @Then("the load balancer's security group admits only HTTPS, and HTTP for the redirect, from the allowed addresses")
    public void theLoadBalancerAdmitsOnlyHttps() {
        SecurityGroup alb = group(ctx.outputs().string("alb_security_group_id"));
        var allowed = new LinkedHashSet<>(ctx.outputs().list("allowed_ingress_cidrs"));
        List<Listener> on80 = listeners().stream().filter(l -> l.port() == 80).toList();
        boolean port80Redirects = !on80.isEmpty() && on80.stream().allMatch(l -> l.defaultActions().size() == 1
                && LoadBalancerAnalysis.isRedirectToHttps(l.defaultActions().get(0)));
        ctx.evidence().record("load balancer security group", SecurityGroupRules.label(alb) + " ingress: " + SecurityGroupRules.describeIngress(alb)
                + "\nallowed CIDRs: " + allowed + "; port 80 only redirects to HTTPS: " + port80Redirects);
        assertThat(LoadBalancerAnalysis.ingressProblems(SecurityGroupRules.ingress(alb), allowed, port80Redirects))
                .as("ingress of the load balancer's security group %s", alb.groupId()).isEmpty();
    }

    @When("a client asks the load balancer for a page over plain HTTP")
    public void aClientAsksOverPlainHttp() throws Exception {
        httpRequested = URI.create("http://" + ctx.outputs().string("alb_dns_name") + "/wp-login.php");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        httpAnswer = client.send(HttpRequest.newBuilder(httpRequested).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Then("the answer is a permanent redirect to the same address over HTTPS")
    public void theAnswerIsAPermanentRedirectToHttps() {
        String location = httpAnswer.headers().firstValue("location").orElse("");
        ctx.evidence().record("HTTP answer", "GET " + httpRequested + " -> " + httpAnswer.statusCode() + ", Location: " + location);
        assertThat(httpAnswer.statusCode()).as("status of GET %s", httpRequested).isEqualTo(301);
        assertThat(location).as("Location of the answer to GET %s", httpRequested)
                .startsWith("https://" + httpRequested.getHost());
    }

    // --- NET-05 -------------------------------------------------------------------------

    @Then("the VPC's default security group has no ingress and no egress rules")
    public void theDefaultSecurityGroupIsEmpty() {
        String id = ctx.outputs().string("default_security_group_id");
        SecurityGroup sg = ctx.aws().ec2().describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
        ctx.evidence().record("default security group", SecurityGroupRules.label(sg) + " of " + sg.vpcId() + " (name " + sg.groupName()
                + ")\ningress: " + SecurityGroupRules.describeIngress(sg) + "\negress: " + SecurityGroupRules.describeEgress(sg));
        assertThat(sg.groupName()).as("name of security group %s", id).isEqualTo("default");
        assertThat(sg.vpcId()).as("VPC of the default security group %s", id).isEqualTo(ctx.outputs().string("vpc_id"));
        assertThat(SecurityGroupRules.describeIngress(sg)).as("ingress rules of the VPC's default security group %s", id).isEmpty();
        assertThat(SecurityGroupRules.describeEgress(sg)).as("egress rules of the VPC's default security group %s", id).isEmpty();
    }

    // --- NET-06 -------------------------------------------------------------------------

    @Then("no private subnet routes to an internet gateway")
    public void noPrivateSubnetRoutesToAnInternetGateway() {
        List<String> lines = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        List<String> privateSubnets = ctx.outputs().list("private_subnet_ids");
        assertThat(privateSubnets).as("the stack's private subnets").isNotEmpty();
        for (String subnet : privateSubnets) {
            assertThat(network().subnet(subnet)).as("private subnet %s in VPC %s", subnet, network().vpcId()).isPresent();
            List<String> routes = RouteAnalysis.routesToInternetGateway(network(), subnet);
            var table = RouteAnalysis.effectiveRouteTable(network(), subnet);
            lines.add(subnet + " uses " + (table == null ? "no route table" : RouteAnalysis.describeTable(network(), table, subnet)) + ": "
                    + (routes.isEmpty() ? "no route to an internet gateway" : String.join("; ", routes)));
            routes.forEach(r -> offending.add(subnet + ": " + r));
        }
        ctx.evidence().record("private subnets' routes", lines);
        assertThat(offending).as("routes from the private subnets to an internet gateway").isEmpty();
    }

    // --- NET-07 -------------------------------------------------------------------------

    @Then("a flow log of the VPC records all traffic into a CloudWatch log group that exists")
    public void aFlowLogRecordsAllTraffic() {
        String vpc = ctx.outputs().string("vpc_id");
        var flowLogs = ctx.aws().ec2().describeFlowLogs(r -> r.filter(f -> f.name("resource-id").values(vpc))).flowLogs();
        List<String> lines = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (var f : flowLogs) {
            String group = f.logGroupName() != null ? f.logGroupName() : logGroupFromArn(f.logDestination());
            boolean exists = group != null && ctx.aws().logs().describeLogGroups(r -> r.logGroupNamePrefix(group)).logGroups()
                    .stream().anyMatch(g -> g.logGroupName().equals(group));
            lines.add(f.flowLogId() + ": traffic " + f.trafficTypeAsString() + ", destination type " + f.logDestinationTypeAsString()
                    + ", log group " + group + (exists ? " (exists)" : " (does not exist)") + ", status " + f.flowLogStatus());
            if ("ALL".equals(f.trafficTypeAsString()) && "cloud-watch-logs".equals(f.logDestinationTypeAsString()) && exists) {
                good.add(f.flowLogId());
            }
        }
        ctx.evidence().record("flow logs of " + vpc, lines.isEmpty() ? List.of("none") : lines);
        assertThat(good).as("flow logs of VPC %s that record ALL traffic into an existing CloudWatch log group (found: %s)", vpc, lines)
                .isNotEmpty();
    }

    static String logGroupFromArn(String arn) {
        if (arn == null) {
            return null;
        }
        int i = arn.indexOf(":log-group:");
        if (i < 0) {
            return null;
        }
        String name = arn.substring(i + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    private SecurityGroup group(String id) {
        return ctx.aws().ec2().describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
    }

    private Service service() {
        String cluster = ctx.outputs().string("ecs_cluster_name");
        String name = ctx.outputs().string("ecs_service_name");
        return ctx.aws().ecs().describeServices(r -> r.cluster(cluster).services(name)).services().get(0);
    }

    private List<Listener> listeners() {
        String alb = ctx.outputs().string("alb_arn");
        return ctx.aws().elbv2().describeListeners(r -> r.loadBalancerArn(alb)).listeners();
    }

    private DBInstance database() {
        if (database == null) {
            String id = ctx.outputs().string("db_instance_identifier");
            database = ctx.aws().rds().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
        }
        return database;
    }

    private NetworkSnapshot network() {
        if (network == null) {
            network = NetworkSnapshot.read(ctx.aws().ec2(), ctx.outputs().string("vpc_id"));
        }
        return network;
    }

    private List<String> databaseSubnets() {
        return database().dbSubnetGroup().subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    private List<String> databaseSecurityGroups() {
        return database().vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
    }
}
