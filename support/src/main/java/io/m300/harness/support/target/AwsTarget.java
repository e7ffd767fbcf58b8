package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A real (sandbox) AWS account through the default credential chain: every capability, real
 * network included. Terraform gets the same credentials through the standard variables.
 */
public final class AwsTarget implements Target {

    private final String region;

    public AwsTarget(String region) {
        this.region = region;
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public TargetEnvironment start() {
        DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build();
        AwsCredentials credentials;
        try {
            credentials = provider.resolveCredentials();
        } catch (SdkException e) {
            throw new HarnessException("target 'aws' found no AWS credentials (default credential chain): "
                    + "configure a profile, environment variables or OIDC role assumption");
        }
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey(),
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region));
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        return new TargetEnvironment("aws", "AWS account (" + region + ")", Optional.empty(), region, provider,
                Map.copyOf(env), Capabilities.all(), false);
    }

    @Override
    public void close() {
        // nothing started
    }
}
