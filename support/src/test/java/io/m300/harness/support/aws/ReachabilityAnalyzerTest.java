package io.m300.harness.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.network.AnalyzerAgreement;
import io.m300.harness.support.network.Reachability;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AnalysisComponent;
import software.amazon.awssdk.services.ec2.model.AnalysisStatus;
import software.amazon.awssdk.services.ec2.model.CreateNetworkInsightsPathRequest;
import software.amazon.awssdk.services.ec2.model.CreateNetworkInsightsPathResponse;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsAnalysisRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsAnalysisResponse;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsPathRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsPathResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInsightsAnalysesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInsightsAnalysesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.Explanation;
import software.amazon.awssdk.services.ec2.model.NetworkInsightsAnalysis;
import software.amazon.awssdk.services.ec2.model.NetworkInsightsPath;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.PathComponent;
import software.amazon.awssdk.services.ec2.model.Protocol;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.StartNetworkInsightsAnalysisRequest;
import software.amazon.awssdk.services.ec2.model.StartNetworkInsightsAnalysisResponse;

/**
 * ReachabilityAnalyzer against recorded answers: a fake {@link Ec2Client} (a subclass that
 * implements only the calls the analyzer makes) returns the SDK model objects AWS returns for a
 * path found, no path, and a failed analysis, and records what was asked.
 */
class ReachabilityAnalyzerTest {

    /** The recorded EC2 conversation: canned answers in, requests out. */
    static final class FakeEc2 {
        final Deque<NetworkInsightsAnalysis> analyses = new ArrayDeque<>();
        final List<Object> requests = new ArrayList<>();
        List<NetworkInterface> enis =
                List.of(NetworkInterface.builder().networkInterfaceId("eni-0db").build());

        Ec2Client client() {
            // Ec2Client's calls are default methods that throw UnsupportedOperationException: this
            // subclass answers only the ones the analyzer makes (a java.lang.reflect.Proxy of the
            // whole interface takes ~20 s to generate).
            return new Ec2Client() {
                @Override
                public DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest r) {
                    requests.add(r);
                    return DescribeNetworkInterfacesResponse.builder()
                            .networkInterfaces(enis)
                            .build();
                }

                @Override
                public CreateNetworkInsightsPathResponse createNetworkInsightsPath(CreateNetworkInsightsPathRequest r) {
                    requests.add(r);
                    return CreateNetworkInsightsPathResponse.builder()
                            .networkInsightsPath(NetworkInsightsPath.builder()
                                    .networkInsightsPathId("nip-1")
                                    .build())
                            .build();
                }

                @Override
                public StartNetworkInsightsAnalysisResponse startNetworkInsightsAnalysis(
                        StartNetworkInsightsAnalysisRequest r) {
                    requests.add(r);
                    return StartNetworkInsightsAnalysisResponse.builder()
                            .networkInsightsAnalysis(running())
                            .build();
                }

                @Override
                public DescribeNetworkInsightsAnalysesResponse describeNetworkInsightsAnalyses(
                        DescribeNetworkInsightsAnalysesRequest r) {
                    requests.add(r);
                    return DescribeNetworkInsightsAnalysesResponse.builder()
                            .networkInsightsAnalyses(analyses.size() > 1 ? analyses.poll() : analyses.peek())
                            .build();
                }

                @Override
                public DeleteNetworkInsightsAnalysisResponse deleteNetworkInsightsAnalysis(
                        DeleteNetworkInsightsAnalysisRequest r) {
                    requests.add(r);
                    return DeleteNetworkInsightsAnalysisResponse.builder().build();
                }

                @Override
                public DeleteNetworkInsightsPathResponse deleteNetworkInsightsPath(DeleteNetworkInsightsPathRequest r) {
                    requests.add(r);
                    return DeleteNetworkInsightsPathResponse.builder().build();
                }

                @Override
                public String serviceName() {
                    return "ec2";
                }

                @Override
                public void close() {}
            };
        }

        <T> List<T> requestsOf(Class<T> type) {
            return requests.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static NetworkInsightsAnalysis running() {
        return NetworkInsightsAnalysis.builder()
                .networkInsightsAnalysisId("nia-1")
                .status(AnalysisStatus.RUNNING)
                .build();
    }

    /** As AWS answers when the IGW cannot reach the ENI: NetworkPathFound=false and why. */
    private static NetworkInsightsAnalysis noPath() {
        return NetworkInsightsAnalysis.builder()
                .networkInsightsAnalysisId("nia-1")
                .networkInsightsPathId("nip-1")
                .status(AnalysisStatus.SUCCEEDED)
                .networkPathFound(false)
                .explanations(
                        Explanation.builder()
                                .explanationCode("ENI_SG_RULES_MISMATCH")
                                .component(AnalysisComponent.builder()
                                        .id("eni-0db")
                                        .build())
                                .build(),
                        Explanation.builder()
                                .explanationCode("NO_ROUTE_TO_DESTINATION")
                                .component(AnalysisComponent.builder()
                                        .id("rtb-private")
                                        .name("m300-private-rt")
                                        .build())
                                .build())
                .build();
    }

    /** As AWS answers when the database is exposed: NetworkPathFound=true with the hops. */
    private static NetworkInsightsAnalysis pathFound() {
        return NetworkInsightsAnalysis.builder()
                .networkInsightsAnalysisId("nia-1")
                .networkInsightsPathId("nip-1")
                .status(AnalysisStatus.SUCCEEDED)
                .networkPathFound(true)
                .forwardPathComponents(
                        PathComponent.builder()
                                .sequenceNumber(1)
                                .component(
                                        AnalysisComponent.builder().id("igw-1").build())
                                .build(),
                        PathComponent.builder()
                                .sequenceNumber(2)
                                .component(AnalysisComponent.builder()
                                        .id("rtb-public")
                                        .build())
                                .build(),
                        PathComponent.builder()
                                .sequenceNumber(3)
                                .component(
                                        AnalysisComponent.builder().id("sg-db").build())
                                .build(),
                        PathComponent.builder()
                                .sequenceNumber(4)
                                .component(AnalysisComponent.builder()
                                        .id("eni-0db")
                                        .build())
                                .build())
                .build();
    }

    private static NetworkInsightsAnalysis failed() {
        return NetworkInsightsAnalysis.builder()
                .networkInsightsAnalysisId("nia-1")
                .status(AnalysisStatus.FAILED)
                .statusMessage("InternalError: the analysis could not be completed")
                .build();
    }

    private static ReachabilityAnalyzer analyzer(FakeEc2 fake) {
        return new ReachabilityAnalyzer(fake.client(), "n123-1", Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    private static final Reachability HARNESS_NOT_REACHABLE = new Reachability(
            false,
            List.of(),
            "rtb-private: no route to an internet gateway",
            List.of("internet to database tcp/3306?"));
    private static final Reachability HARNESS_REACHABLE =
            new Reachability(true, List.of("internet", "igw-1", "rtb-public", "sg-db", "database"), "", List.of());

    @Test
    void noPathIsReadAsNoPath_afterWaitingForTheRunningAnalysis() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(running());
        fake.analyses.add(running());
        fake.analyses.add(noPath());

        ReachabilityAnalyzer.Verdict verdict = analyzer(fake).analyse("igw-1", "eni-0db", 3306);

        assertThat(verdict.pathFound()).isFalse();
        assertThat(verdict.explanationCodes())
                .containsExactly(
                        "ENI_SG_RULES_MISMATCH (eni-0db)", "NO_ROUTE_TO_DESTINATION (m300-private-rt rtb-private)");
        assertThat(verdict.toString()).contains("NO PATH", "ENI_SG_RULES_MISMATCH");
        assertThat(AnalyzerAgreement.compare(HARNESS_NOT_REACHABLE, verdict).agree())
                .isTrue();
    }

    @Test
    void aPathIsReadAsAPath_andDisagreesWithAHarnessThatSaysUnreachable() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(pathFound());

        ReachabilityAnalyzer.Verdict verdict = analyzer(fake).analyse("igw-1", "eni-0db", 3306);

        assertThat(verdict.pathFound())
                .as("NetworkPathFound=true must be read as a path")
                .isTrue();
        assertThat(verdict.forwardPath()).containsExactly("igw-1", "rtb-public", "sg-db", "eni-0db");
        AnalyzerAgreement agreement = AnalyzerAgreement.compare(HARNESS_NOT_REACHABLE, verdict);
        assertThat(agreement.agree()).isFalse();
        assertThat(agreement.description())
                .contains(
                        "DISAGREE",
                        "AWS Reachability Analyzer: path found",
                        "igw-1 -> rtb-public -> sg-db -> eni-0db",
                        "harness analysis: not reachable",
                        "rtb-private");
        assertThat(AnalyzerAgreement.compare(HARNESS_REACHABLE, verdict).agree())
                .isTrue();
    }

    @Test
    void aHarnessThatSeesAPathDisagreesWithAwsSayingNone() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(noPath());

        var agreement =
                AnalyzerAgreement.compare(HARNESS_REACHABLE, analyzer(fake).analyse("igw-1", "eni-0db", 3306));

        assertThat(agreement.agree()).isFalse();
        assertThat(agreement.toString()).contains("AWS Reachability Analyzer: no path", "harness analysis: reachable");
    }

    @Test
    void aFailedAnalysisIsAnError_neverNoPath_andIsStillCleanedUp() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(failed());

        assertThatThrownBy(() -> analyzer(fake).analyse("igw-1", "eni-0db", 3306))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("ended failed")
                .hasMessageContaining("InternalError");
        assertThat(fake.requestsOf(DeleteNetworkInsightsAnalysisRequest.class)).hasSize(1);
        assertThat(fake.requestsOf(DeleteNetworkInsightsPathRequest.class)).hasSize(1);
    }

    @Test
    void anAnalysisThatNeverFinishesTimesOut_andIsCleanedUp() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(running());
        var analyzer = new ReachabilityAnalyzer(fake.client(), "n123-1", Duration.ofMillis(300), Duration.ofMillis(20));

        assertThatThrownBy(() -> analyzer.analyse("igw-1", "eni-0db", 3306))
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("did not finish")
                .hasMessageContaining("running");
        assertThat(fake.requestsOf(DeleteNetworkInsightsPathRequest.class)).hasSize(1);
    }

    @Test
    void aSucceededAnalysisWithoutAVerdictIsAnError() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(NetworkInsightsAnalysis.builder()
                .networkInsightsAnalysisId("nia-1")
                .status(AnalysisStatus.SUCCEEDED)
                .build());

        assertThatThrownBy(() -> analyzer(fake).analyse("igw-1", "eni-0db", 3306))
                .hasMessageContaining("without a NetworkPathFound");
    }

    @Test
    void asksTheRightQuestion_tagsWithTheRunId_andDeletesAfterwards() {
        FakeEc2 fake = new FakeEc2();
        fake.analyses.add(noPath());

        analyzer(fake).analyse("igw-1", "eni-0db", 3306);

        CreateNetworkInsightsPathRequest path =
                fake.requestsOf(CreateNetworkInsightsPathRequest.class).get(0);
        assertThat(path.source()).isEqualTo("igw-1");
        assertThat(path.destination()).isEqualTo("eni-0db");
        assertThat(path.protocol()).isEqualTo(Protocol.TCP);
        assertThat(path.destinationPort()).isEqualTo(3306);
        assertThat(path.tagSpecifications().get(0).resourceType()).isEqualTo(ResourceType.NETWORK_INSIGHTS_PATH);
        assertThat(path.tagSpecifications().get(0).tags()).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo("m300:run-id");
            assertThat(t.value()).isEqualTo("n123-1");
        });
        StartNetworkInsightsAnalysisRequest start =
                fake.requestsOf(StartNetworkInsightsAnalysisRequest.class).get(0);
        assertThat(start.networkInsightsPathId()).isEqualTo("nip-1");
        assertThat(start.tagSpecifications().get(0).tags())
                .anyMatch(t -> t.value().equals("n123-1"));
        assertThat(fake.requestsOf(DeleteNetworkInsightsAnalysisRequest.class))
                .singleElement()
                .extracting(DeleteNetworkInsightsAnalysisRequest::networkInsightsAnalysisId)
                .isEqualTo("nia-1");
        assertThat(fake.requestsOf(DeleteNetworkInsightsPathRequest.class))
                .singleElement()
                .extracting(DeleteNetworkInsightsPathRequest::networkInsightsPathId)
                .isEqualTo("nip-1");
    }

    @Test
    void findsTheDatabaseInterfaceBySecurityGroupAndDescription_andFailsWithoutOne() {
        FakeEc2 fake = new FakeEc2();
        assertThat(analyzer(fake).databaseNetworkInterface("sg-db")).isEqualTo("eni-0db");
        DescribeNetworkInterfacesRequest asked =
                fake.requestsOf(DescribeNetworkInterfacesRequest.class).get(0);
        assertThat(asked.filters()).anySatisfy(f -> {
            assertThat(f.name()).isEqualTo("group-id");
            assertThat(f.values()).containsExactly("sg-db");
        });
        assertThat(asked.filters()).anySatisfy(f -> assertThat(f.values()).containsExactly("RDSNetworkInterface"));

        fake.enis = List.of();
        assertThatThrownBy(() -> analyzer(fake).databaseNetworkInterface("sg-db"))
                .hasMessageContaining("no network interface");
    }
}
