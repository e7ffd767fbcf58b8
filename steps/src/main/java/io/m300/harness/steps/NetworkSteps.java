package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.network.Reachability;
import io.m300.harness.support.network.ReachabilityAnalysis;
import io.m300.harness.support.network.RouteAnalysis;
import io.m300.harness.support.network.SecurityGroupRules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Network security: what the internet can reach, read from the deployed VPC. */
public final class NetworkSteps {

    private final StackContext ctx;
    private NetworkSnapshot network;
    private DBInstance database;

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
