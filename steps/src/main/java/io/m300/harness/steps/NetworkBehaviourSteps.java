package io.m300.harness.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.m300.harness.support.network.NetworkSnapshot;
import io.m300.harness.support.network.Reachability;
import io.m300.harness.support.network.ReachabilityAnalysis;
import io.m300.harness.support.network.ReachabilityAnalyzer;
import io.m300.harness.support.probe.DnsProbe;
import io.m300.harness.support.probe.TcpProbe;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Subnet;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Network behaviour that only a real network shows: a TCP connect from this runner to the
 * database, what its name resolves to, and AWS Reachability Analyzer's verdict, compared with the
 * harness's own analysis. Every scenario here carries {@code @requires-real-network} or
 * {@code @requires-network-insights}: skipped with the reason on an emulator.
 */
public final class NetworkBehaviourSteps {

    private final StackContext ctx;
    private DBInstance database;
    private TcpProbe.Verdict tcp;
    private ReachabilityAnalyzer.Verdict awsVerdict;

    public NetworkBehaviourSteps(StackContext ctx) {
        this.ctx = ctx;
    }

    @When("this runner opens a TCP connection to the database endpoint with a timeout of {int} seconds")
    public void connectToTheDatabase(int seconds) {
        String host = endpointAddress();
        int port = database().endpoint().port();
        tcp = TcpProbe.connect(host, port, Duration.ofSeconds(seconds));
        ctx.evidence().record("TCP connect from this runner", tcp.toString());
    }

    @Then("the connection fails within {int} seconds")
    public void theConnectionFailsWithin(int seconds) {
        assertThat(tcp).as("the TCP probe ran").isNotNull();
        assertThat(tcp.connected())
                .as("TCP connection from this runner to the database %s: %s", database().dbInstanceIdentifier(), tcp)
                .isFalse();
        assertThat(tcp.blockedWithin(Duration.ofSeconds(seconds)))
                .as("the connect attempt to the database ended within %d s: %s", seconds, tcp)
                .isTrue();
    }

    @Then("the database endpoint resolves to private addresses only")
    public void theEndpointResolvesToPrivateAddressesOnly() {
        DnsProbe.Verdict dns = DnsProbe.resolve(endpointAddress());
        ctx.evidence().record("DNS from this runner", dns.toString());
        assertThat(dns.privateOnly()).as("addresses of the database endpoint: %s", dns).isTrue();
    }

    @When("Reachability Analyzer analyses the path from the internet gateway to the database's network interface on the database port")
    public void reachabilityAnalyzerAnalyses() {
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(ctx.aws(), ctx.stack().config().runId());
        String eni = analyzer.databaseNetworkInterface(databaseSecurityGroups().get(0));
        String igw = ctx.outputs().has("internet_gateway_id") ? ctx.outputs().string("internet_gateway_id")
                : NetworkSnapshot.read(ctx.aws(), database().dbSubnetGroup().vpcId()).attachedInternetGateways().stream()
                        .map(g -> g.internetGatewayId()).findFirst()
                        .orElseThrow(() -> new AssertionError("expected an internet gateway on the database's VPC, found none"));
        awsVerdict = analyzer.analyse(igw, eni, database().endpoint().port());
        ctx.evidence().record("AWS Reachability Analyzer", awsVerdict.toString());
    }

    @Then("it finds no path")
    public void itFindsNoPath() {
        assertThat(awsVerdict.pathFound())
                .as("AWS Reachability Analyzer found a path from the internet to the database: %s", awsVerdict)
                .isFalse();
    }

    @Then("its verdict agrees with the harness's own reachability analysis")
    public void itsVerdictAgreesWithTheHarness() {
        NetworkSnapshot network = NetworkSnapshot.read(ctx.aws(), database().dbSubnetGroup().vpcId());
        DBInstance db = database();
        var target = new ReachabilityAnalysis.Target("database " + db.dbInstanceIdentifier(), databaseSubnets(),
                databaseSecurityGroups(), db.endpoint().port(), Boolean.TRUE.equals(db.publiclyAccessible()));
        Reachability harness = ReachabilityAnalysis.fromInternet(network, target);
        ReachabilityAnalyzer.Agreement agreement = ReachabilityAnalyzer.compare(harness, awsVerdict);
        ctx.evidence().record("AWS and harness verdicts", agreement.description());
        assertThat(agreement.agree()).as("%s", agreement.description()).isTrue();
    }

    private String endpointAddress() {
        DBInstance db = database();
        assertThat(db.endpoint()).as("endpoint of database %s", db.dbInstanceIdentifier()).isNotNull();
        return db.endpoint().address();
    }

    private DBInstance database() {
        if (database == null) {
            database = new StackNetwork(ctx).database();
        }
        return database;
    }

    private List<String> databaseSubnets() {
        return database().dbSubnetGroup().subnets().stream().map(Subnet::subnetIdentifier).toList();
    }

    private List<String> databaseSecurityGroups() {
        return database().vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
    }
}
