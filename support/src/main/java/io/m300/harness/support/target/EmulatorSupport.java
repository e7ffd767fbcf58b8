package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What every emulator target shares: dummy credentials, the Terraform environment, a liveness check. */
final class EmulatorSupport {

    static final String ACCESS_KEY = "test";
    static final String SECRET_KEY = "test";

    private EmulatorSupport() {}

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /**
     * The environment of an emulator at {@code endpoint} (dummy credentials unless given), whose
     * probed capabilities ({@link CapabilityProbe}) are asked when a check needs them.
     */
    static TargetEnvironment emulated(
            String name,
            String description,
            URI endpoint,
            String region,
            AwsCredentialsProvider credentials,
            Map<String, String> terraformEnv,
            Capabilities caps) {
        TargetEnvironment env = new TargetEnvironment(
                name, description, Optional.of(endpoint), region, credentials, terraformEnv, caps, true);
        CapabilityProbe.probeWhenAsked(env, caps);
        return env;
    }

    /** {@link #emulated} with the dummy credentials every emulator accepts. */
    static TargetEnvironment emulated(String name, String description, URI endpoint, String region, Capabilities caps) {
        return emulated(name, description, endpoint, region, credentials(), terraformEnv(endpoint, region), caps);
    }

    static Map<String, String> terraformEnv(URI endpoint, String region) {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region);
    }

    /**
     * True when anything answers HTTP at the endpoint within the timeout: the JDK's plain blocking
     * client, which the SDK's url-connection-client uses too (a java.net.http client would start a
     * selector thread for every check).
     */
    static boolean answers(URI endpoint, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.getResponseCode();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    static void requireAnswers(URI endpoint, String what) {
        if (!answers(endpoint, Duration.ofSeconds(3))) {
            throw new HarnessException(
                    what + " at " + endpoint + " does not answer: start it, or check harness.endpoint");
        }
    }
}
