package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
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
        String token = authToken().orElseThrow(() -> new HarnessException(
                "target 'localstack' needs LOCALSTACK_AUTH_TOKEN in the environment (LocalStack images need it since March 2026)"));
        container = new LocalStackContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        container.start();
        var endpoint = container.getEndpoint();
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
        Map<String, String> tfEnv = Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", container.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY", container.getSecretKey(),
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region);
        Capabilities caps = Capabilities.all()
                .without(Capability.REAL_NETWORK, MotoTarget.NO_REAL_NETWORK);
        TargetEnvironment env = new TargetEnvironment("localstack", "LocalStack " + image + " at " + endpoint,
                Optional.of(endpoint), region, credentials, tfEnv, caps, true);
        CapabilityProbe.probe(env, caps);
        return env;
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}
