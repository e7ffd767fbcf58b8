package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.aws.Database;
import io.m300.harness.support.aws.RdsReader;
import io.m300.harness.support.aws.ReachabilityAnalyzer;
import io.m300.harness.support.network.AnalyzerAgreement;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.network.Reachability;
import io.m300.harness.support.network.ReachabilityAnalysis;
import io.m300.harness.support.probe.DnsProbe;
import io.m300.harness.support.probe.TcpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Network behaviour that only a real network shows, for every database of the stack: a TCP
 * connect from this runner to it, what its name resolves to, and AWS Reachability Analyzer's
 * verdict from its VPC's internet gateway, compared with the harness's own analysis. Every scenario here carries {@code @requires-real-network} or
 * {@code @requires-network-insights}: skipped with the reason on an emulator.
 */
public final class NetworkBehaviourSteps {

    private final StackContext ctx;
    private final StackNetwork network;
    /** Per database of the stack (by identifier): the TCP probe's and Reachability Analyzer's verdicts. */
    private final Map<String, TcpProbe.Verdict> tcp = new LinkedHashMap<>();

    private final Map<String, ReachabilityAnalyzer.Verdict> awsVerdicts = new LinkedHashMap<>();
    /** Databases whose VPC has no internet gateway: no path from the internet to analyse. */
    private final Map<String, String> noGateway = new LinkedHashMap<>();

    public NetworkBehaviourSteps(StackContext ctx, StackDatabases dbs) {
        this.ctx = ctx;
        this.network = new StackNetwork(ctx, dbs);
    }

    /** Every DB instance of the stack with an endpoint: each standalone instance and each instance of each cluster. */
    private List<DBInstance> instances() {
        RdsReader rds = new RdsReader(ctx.aws());
        List<DBInstance> out = new ArrayList<>();
        for (Database db : network.databases()) {
            if (db.cluster()) {
                out.addAll(rds.clusterInstances(db.identifier()));
            } else {
                out.add(rds.instance(db.identifier())
                        .orElseThrow(() -> new AssertionError(db.label() + " is no longer in RDS")));
            }
        }
        return out;
    }

    @When("this runner opens a TCP connection to the database endpoint with a timeout of {int} seconds")
    public void connectToTheDatabase(int seconds) {
        for (DBInstance db : instances()) {
            TcpProbe.Verdict v =
                    TcpProbe.connect(endpointAddress(db), db.endpoint().port(), Duration.ofSeconds(seconds));
            tcp.put(db.dbInstanceIdentifier(), v);
        }
        ctx.evidence().record("TCP connect from this runner", tcp);
    }

    @Then("the connection fails within {int} seconds")
    public void theConnectionFailsWithin(int seconds) {
        assertThat(tcp).as("databases the TCP probe ran against").isNotEmpty();
        tcp.forEach((db, v) -> {
            assertThat(v.connected())
                    .as("TCP connection from this runner to the database %s: %s", db, v)
                    .isFalse();
            assertThat(v.blockedWithin(Duration.ofSeconds(seconds)))
                    .as("the connect attempt to the database %s ended within %d s: %s", db, seconds, v)
                    .isTrue();
        });
    }

    @Then("the database endpoint resolves to private addresses only")
    public void theEndpointResolvesToPrivateAddressesOnly() {
        Map<String, DnsProbe.Verdict> dns = new LinkedHashMap<>();
        instances().forEach(db -> dns.put(db.dbInstanceIdentifier(), DnsProbe.resolve(endpointAddress(db))));
        ctx.evidence().record("DNS from this runner", dns);
        dns.forEach((db, v) -> assertThat(v.privateOnly())
                .as("addresses of the endpoint of database %s: %s", db, v)
                .isTrue());
    }

    @When(
            "Reachability Analyzer analyses the path from the internet gateway to the database's network interface on the database port")
    public void reachabilityAnalyzerAnalyses() {
        ReachabilityAnalyzer analyzer =
                new ReachabilityAnalyzer(ctx.aws(), ctx.stack().config().runId());
        List<String> lines = new ArrayList<>();
        for (DBInstance db : instances()) {
            String id = db.dbInstanceIdentifier();
            String vpc = db.dbSubnetGroup().vpcId();
            var gateway = NetworkSnapshot.read(ctx.aws(), vpc).attachedInternetGateways().stream()
                    .map(g -> g.internetGatewayId())
                    .findFirst();
            if (gateway.isEmpty()) {
                noGateway.put(
                        id, "VPC " + vpc + " has no internet gateway attached: no path from the internet to analyse");
                lines.add(id + ": " + noGateway.get(id));
                continue;
            }
            List<String> groups = db.vpcSecurityGroups().stream()
                    .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                    .toList();
            assertThat(groups).as("security groups of database %s", id).isNotEmpty();
            String eni = analyzer.databaseNetworkInterface(groups.get(0));
            ReachabilityAnalyzer.Verdict v =
                    analyzer.analyse(gateway.get(), eni, db.endpoint().port());
            awsVerdicts.put(id, v);
            lines.add(id + ": " + v);
        }
        ctx.evidence().record("AWS Reachability Analyzer", lines);
    }

    @Then("it finds no path")
    public void itFindsNoPath() {
        assertThat(awsVerdicts.size() + noGateway.size())
                .as("databases analysed")
                .isPositive();
        awsVerdicts.forEach((db, v) -> assertThat(v.pathFound())
                .as("AWS Reachability Analyzer found a path from the internet to the database %s: %s", db, v)
                .isFalse());
    }

    @Then("its verdict agrees with the harness's own reachability analysis")
    public void itsVerdictAgreesWithTheHarness() {
        List<String> lines = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (DBInstance db : instances()) {
            String id = db.dbInstanceIdentifier();
            NetworkSnapshot snapshot =
                    NetworkSnapshot.read(ctx.aws(), db.dbSubnetGroup().vpcId());
            var target = new ReachabilityAnalysis.Target(
                    "database " + id,
                    db.dbSubnetGroup() == null
                            ? List.of()
                            : db.dbSubnetGroup().subnets().stream()
                                    .map(Subnet::subnetIdentifier)
                                    .toList(),
                    db.vpcSecurityGroups().stream()
                            .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                            .toList(),
                    db.endpoint().port(),
                    Boolean.TRUE.equals(db.publiclyAccessible()));
            Reachability harness = ReachabilityAnalysis.fromInternet(snapshot, target);
            if (noGateway.containsKey(id)) {
                lines.add(id + ": " + noGateway.get(id) + "; the harness: " + harness);
                if (harness.reachable()) {
                    disagreements.add(id + ": no internet gateway, yet the harness finds a path: " + harness);
                }
                continue;
            }
            AnalyzerAgreement agreement = AnalyzerAgreement.compare(harness, awsVerdicts.get(id));
            lines.add(id + ": " + agreement.description());
            if (!agreement.agree()) {
                disagreements.add(id + ": " + agreement.description());
            }
        }
        ctx.evidence().record("AWS and harness verdicts", lines);
        assertThat(disagreements)
                .as("databases where AWS Reachability Analyzer and the harness disagree")
                .isEmpty();
    }

    private static String endpointAddress(DBInstance db) {
        assertThat(db.endpoint())
                .as("endpoint of database %s", db.dbInstanceIdentifier())
                .isNotNull();
        return db.endpoint().address();
    }
}
