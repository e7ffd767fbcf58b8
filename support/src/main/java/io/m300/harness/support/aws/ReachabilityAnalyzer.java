package io.m300.harness.support.aws;

import static org.awaitility.Awaitility.await;

import io.m300.harness.support.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AnalysisComponent;
import software.amazon.awssdk.services.ec2.model.AnalysisStatus;
import software.amazon.awssdk.services.ec2.model.CreateNetworkInsightsPathRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsAnalysisRequest;
import software.amazon.awssdk.services.ec2.model.DeleteNetworkInsightsPathRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInsightsAnalysesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.Explanation;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInsightsAnalysis;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.PathComponent;
import software.amazon.awssdk.services.ec2.model.Protocol;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.StartNetworkInsightsAnalysisRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * AWS Reachability Analyzer (VPC Network Insights), asked the question the harness's own
 * {@link io.m300.harness.support.network.ReachabilityAnalysis} answers: is there a path from the
 * internet gateway to the database's network interface on its port? Creates a network insights
 * path (tagged with the run id), starts an analysis, waits (bounded) until it has succeeded, reads
 * {@code NetworkPathFound} and the explanation codes, and deletes the analysis and the path
 * whatever happened.
 *
 * <p>An analysis that fails or does not finish is an error, never "no path": only a succeeded
 * analysis with {@code NetworkPathFound=false} says the database is unreachable. Whether the two
 * verdicts agree is judged in {@link io.m300.harness.support.network.AnalyzerAgreement}.
 */
public final class ReachabilityAnalyzer {

    public static final String RUN_ID_TAG = "m300:run-id";

    /** The answer of one analysis. */
    public record Verdict(
            String source,
            String destination,
            int port,
            String pathId,
            String analysisId,
            boolean pathFound,
            List<String> explanationCodes,
            List<String> forwardPath) {

        public Verdict {
            explanationCodes = List.copyOf(explanationCodes);
            forwardPath = List.copyOf(forwardPath);
        }

        @Override
        public String toString() {
            return "Reachability Analyzer " + analysisId + " (path " + pathId + ", " + source + " -> " + destination
                    + " tcp/" + port + "): "
                    + (pathFound
                            ? "PATH FOUND: " + String.join(" -> ", forwardPath)
                            : "NO PATH; explanation codes "
                                    + (explanationCodes.isEmpty() ? "none" : String.join(", ", explanationCodes)));
        }
    }

    private final Ec2Client ec2;
    private final String runId;
    private final Duration timeout;
    private final Duration pollInterval;

    /** Probes through the EC2 client of these clients. */
    public ReachabilityAnalyzer(AwsClients aws, String runId) {
        this(aws.ec2(), runId);
    }

    public ReachabilityAnalyzer(Ec2Client ec2, String runId) {
        this(ec2, runId, Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public ReachabilityAnalyzer(Ec2Client ec2, String runId, Duration timeout, Duration pollInterval) {
        this.ec2 = Objects.requireNonNull(ec2);
        this.runId = Objects.requireNonNull(runId);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /**
     * The network interface RDS created for the database: in the database's security group, with
     * the description "RDSNetworkInterface". Fails when there is none (a missing ENI is not "no path").
     */
    public String databaseNetworkInterface(String dbSecurityGroupId) {
        List<NetworkInterface> enis = ec2.describeNetworkInterfaces(DescribeNetworkInterfacesRequest.builder()
                        .filters(
                                Filter.builder()
                                        .name("group-id")
                                        .values(dbSecurityGroupId)
                                        .build(),
                                Filter.builder()
                                        .name("description")
                                        .values("RDSNetworkInterface")
                                        .build())
                        .build())
                .networkInterfaces();
        if (enis.isEmpty()) {
            throw new HarnessException("no network interface with description RDSNetworkInterface in security group "
                    + dbSecurityGroupId + ": cannot ask Reachability Analyzer about the database");
        }
        return enis.get(0).networkInterfaceId();
    }

    /** Analyses tcp/{@code port} from {@code sourceId} (an internet gateway) to {@code destinationId} (an ENI). */
    public Verdict analyse(String sourceId, String destinationId, int port) {
        String pathId = ec2.createNetworkInsightsPath(CreateNetworkInsightsPathRequest.builder()
                        .source(sourceId)
                        .destination(destinationId)
                        .protocol(Protocol.TCP)
                        .destinationPort(port)
                        .tagSpecifications(tags(ResourceType.NETWORK_INSIGHTS_PATH))
                        .build())
                .networkInsightsPath()
                .networkInsightsPathId();
        String analysisId = null;
        Verdict verdict;
        try {
            analysisId = ec2.startNetworkInsightsAnalysis(StartNetworkInsightsAnalysisRequest.builder()
                            .networkInsightsPathId(pathId)
                            .tagSpecifications(tags(ResourceType.NETWORK_INSIGHTS_ANALYSIS))
                            .build())
                    .networkInsightsAnalysis()
                    .networkInsightsAnalysisId();
            NetworkInsightsAnalysis done = awaitFinished(analysisId);
            verdict = verdictOf(sourceId, destinationId, port, pathId, done);
        } catch (RuntimeException e) {
            try {
                cleanUp(pathId, analysisId);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        cleanUp(pathId, analysisId);
        return verdict;
    }

    private NetworkInsightsAnalysis awaitFinished(String analysisId) {
        AtomicReference<NetworkInsightsAnalysis> last = new AtomicReference<>();
        try {
            await("Reachability Analyzer analysis " + analysisId)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(pollInterval)
                    .until(() -> {
                        List<NetworkInsightsAnalysis> found = ec2.describeNetworkInsightsAnalyses(
                                        DescribeNetworkInsightsAnalysesRequest.builder()
                                                .networkInsightsAnalysisIds(analysisId)
                                                .build())
                                .networkInsightsAnalyses();
                        if (found.isEmpty()) {
                            return false;
                        }
                        last.set(found.get(0));
                        return found.get(0).status() != AnalysisStatus.RUNNING;
                    });
        } catch (ConditionTimeoutException e) {
            throw new HarnessException("Reachability Analyzer analysis " + analysisId + " did not finish within "
                    + timeout.toSeconds() + " s (last status: "
                    + (last.get() == null ? "unknown" : last.get().statusAsString()) + ")");
        }
        return last.get();
    }

    /** Reads a finished analysis; anything but SUCCEEDED with a NetworkPathFound value is an error. */
    static Verdict verdictOf(
            String source, String destination, int port, String pathId, NetworkInsightsAnalysis analysis) {
        if (analysis.status() != AnalysisStatus.SUCCEEDED) {
            throw new HarnessException("Reachability Analyzer analysis " + analysis.networkInsightsAnalysisId()
                    + " ended " + analysis.statusAsString()
                    + (analysis.statusMessage() == null ? "" : ": " + analysis.statusMessage())
                    + " (a failed analysis proves nothing about the path)");
        }
        if (analysis.networkPathFound() == null) {
            throw new HarnessException("Reachability Analyzer analysis " + analysis.networkInsightsAnalysisId()
                    + " succeeded without a NetworkPathFound value");
        }
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        for (Explanation e : analysis.explanations()) {
            if (e.explanationCode() != null) {
                codes.add(e.explanationCode() + (e.component() == null ? "" : " (" + describe(e.component()) + ")"));
            }
        }
        List<String> hops = new ArrayList<>();
        for (PathComponent c : analysis.forwardPathComponents()) {
            if (c.component() != null) {
                hops.add(describe(c.component()));
            }
        }
        return new Verdict(
                source,
                destination,
                port,
                pathId,
                analysis.networkInsightsAnalysisId(),
                analysis.networkPathFound(),
                List.copyOf(codes),
                hops);
    }

    private static String describe(AnalysisComponent c) {
        return c.name() != null && !c.name().isBlank() ? c.name() + " " + c.id() : String.valueOf(c.id());
    }

    private TagSpecification tags(ResourceType type) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(
                        Tag.builder().key(RUN_ID_TAG).value(runId).build(),
                        Tag.builder()
                                .key("m300:purpose")
                                .value("reachability-analyzer")
                                .build())
                .build();
    }

    private void cleanUp(String pathId, String analysisId) {
        RuntimeException first = null;
        if (analysisId != null) {
            try {
                ec2.deleteNetworkInsightsAnalysis(DeleteNetworkInsightsAnalysisRequest.builder()
                        .networkInsightsAnalysisId(analysisId)
                        .build());
            } catch (RuntimeException e) {
                first = e;
            }
        }
        try {
            ec2.deleteNetworkInsightsPath(DeleteNetworkInsightsPathRequest.builder()
                    .networkInsightsPathId(pathId)
                    .build());
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw new HarnessException(
                    "could not delete Reachability Analyzer path " + pathId + " / analysis " + analysisId
                            + " (the sweeper removes what carries m300:run-id=" + runId + "): " + first.getMessage());
        }
    }
}
