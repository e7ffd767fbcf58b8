package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * LocalStack through Testcontainers. Needs a Docker engine and, since March 2026, a
 * {@code LOCALSTACK_AUTH_TOKEN}; RDS, ECS and ELBv2 need a paid tier.
 */
public final class LocalStackTarget implements Target {

    private final String image;
    private final String region;
    private LocalStackContainer container;

    public LocalStackTarget(String image, String region) {
        this.image = image;
        this.region = region;
    }

    @Override
    public String name() {
        return "localstack";
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static Optional<String> authToken() {
        return Optional.ofNullable(System.getenv("LOCALSTACK_AUTH_TOKEN")).filter(t -> !t.isBlank());
    }

    @Override
    public TargetEnvironment start() {
        if (!dockerAvailable()) {
            throw new HarnessException("target 'localstack' needs a Docker engine and none is reachable: "
                    + "start Docker, or use -Dharness.target=moto");
        }
        String token = authToken()
                .orElseThrow(
                        () -> new HarnessException(
                                "target 'localstack' needs LOCALSTACK_AUTH_TOKEN in the environment (LocalStack images need it since March 2026)"));
        container = new LocalStackContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        container.start();
        var endpoint = container.getEndpoint();
        String health = health(endpoint);
        var lacking = LocalStackHealth.verdict(health, image);
        if (lacking.isPresent()) {
            close();
            throw new HarnessException(lacking.get());
        }
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
        Map<String, String> tfEnv = Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", container.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY", container.getSecretKey(),
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region);
        Capabilities caps = Capabilities.all().without(Capability.REAL_NETWORK, MotoTarget.NO_REAL_NETWORK);
        return EmulatorSupport.emulated(
                "localstack", "LocalStack " + image + " at " + endpoint, endpoint, region, credentials, tfEnv, caps);
    }

    /** GET /_localstack/health: which services this LocalStack offers. */
    private static String health(URI endpoint) {
        try {
            var http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            var response = http.send(
                    HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new HarnessException(
                    "LocalStack at " + endpoint + " did not answer /_localstack/health: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while asking LocalStack for its health");
        }
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}
