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
    private final Optional<String> account;

    /** A target that does not check the account (the sweeper by hand: it only deletes what a run tagged). */
    public AwsTarget(String region) {
        this(region, Optional.empty());
    }

    /** A target that refuses to start unless the credentials belong to {@code account} (harness.awsAccount). */
    public AwsTarget(String region, Optional<String> account) {
        this.region = region;
        this.account = account;
    }

    /**
     * Fails with one line unless the caller's account is the expected one; only the last four digits
     * are printed (account ids are not published).
     */
    public static void checkAccount(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new HarnessException("target 'aws': the credentials belong to account ..." + last4(actual)
                    + ", not to harness.awsAccount ..." + last4(expected) + "; nothing was touched");
        }
    }

    private static String last4(String id) {
        return id == null || id.length() < 4 ? String.valueOf(id) : id.substring(id.length() - 4);
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
        if (account.isPresent()) {
            String actual;
            try (var sts = software.amazon.awssdk.services.sts.StsClient.builder().credentialsProvider(provider)
                    .region(software.amazon.awssdk.regions.Region.of(region)).build()) {
                actual = sts.getCallerIdentity().account();
            } catch (SdkException e) {
                throw new HarnessException("target 'aws': sts:GetCallerIdentity failed (" + e.getClass().getSimpleName()
                        + "): cannot tell which account the credentials belong to; nothing was touched");
            }
            checkAccount(account.get(), actual);
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
