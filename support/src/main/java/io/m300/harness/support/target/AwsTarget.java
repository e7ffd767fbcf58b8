package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.StsReader;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A real (sandbox) AWS account through the default credential chain: every capability, real
 * network included. Terraform gets the same credentials through the standard variables.
 *
 * <p>With {@code AWS_ENDPOINT_URL} set (the variable every AWS SDK and the Terraform provider
 * honour anyway), the same target talks to that endpoint instead: the nightly rehearsal
 * ({@code .ci/nightly/rehearse.sh}) points it at moto posing as the sandbox account. It then says
 * so, writes the emulator settings (path-style S3) and probes capabilities as {@link EndpointTarget}
 * does; the account guard still runs.
 */
public final class AwsTarget implements Target {

    private final String region;
    private final Optional<String> account;
    private final Optional<URI> endpoint;

    /** A target that does not check the account (the sweeper by hand: it only deletes what a run tagged). */
    public AwsTarget(String region) {
        this(region, Optional.empty());
    }

    /** A target that refuses to start unless the credentials belong to {@code account} (harness.awsAccount). */
    public AwsTarget(String region, Optional<String> account) {
        this(region, account, endpointFrom(System.getenv("AWS_ENDPOINT_URL")));
    }

    AwsTarget(String region, Optional<String> account, Optional<URI> endpoint) {
        this.region = region;
        this.account = account;
        this.endpoint = endpoint;
    }

    /** The value of AWS_ENDPOINT_URL as an endpoint, or empty when it is unset or blank. */
    static Optional<URI> endpointFrom(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new HarnessException("AWS_ENDPOINT_URL '" + value + "' is not a URL like http://127.0.0.1:5000: "
                    + "unset it to reach AWS itself");
        }
    }

    /** The endpoint the target talks to instead of AWS (a rehearsal), if any. */
    public Optional<URI> endpoint() {
        return endpoint;
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
        DefaultCredentialsProvider provider =
                DefaultCredentialsProvider.builder().build();
        AwsCredentials credentials;
        try {
            credentials = provider.resolveCredentials();
        } catch (SdkException e) {
            throw new HarnessException("target 'aws' found no AWS credentials (default credential chain): "
                    + "configure a profile, environment variables or OIDC role assumption");
        }
        if (account.isPresent()) {
            String actual;
            try {
                actual = StsReader.accountOf(provider, region, endpoint);
            } catch (SdkException e) {
                throw new HarnessException("target 'aws': sts:GetCallerIdentity failed ("
                        + e.getClass().getSimpleName()
                        + "): cannot tell which account the credentials belong to; nothing was touched");
            }
            checkAccount(account.get(), actual);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID",
                credentials.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY",
                credentials.secretAccessKey(),
                "AWS_REGION",
                region,
                "AWS_DEFAULT_REGION",
                region));
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        if (endpoint.isPresent()) {
            return rehearsal(endpoint.get(), provider, env);
        }
        return new TargetEnvironment(
                "aws",
                "AWS account (" + region + ")",
                Optional.empty(),
                region,
                provider,
                Map.copyOf(env),
                Capabilities.all(),
                false);
    }

    /**
     * Target aws at AWS_ENDPOINT_URL: an emulator posing as the account, with what an emulator lacks left out.
     * (The account guard's STS call has already shown that it answers.)
     */
    private TargetEnvironment rehearsal(URI at, DefaultCredentialsProvider provider, Map<String, String> env) {
        env.put("AWS_ENDPOINT_URL", at.toString());
        Capabilities caps = Capabilities.all()
                .without(Capability.REAL_NETWORK, MotoTarget.NO_REAL_NETWORK)
                .without(Capability.ALARM_ACTIONS, "an emulator at AWS_ENDPOINT_URL is not known to run alarm actions")
                .without(Capability.LAMBDA_INVOKE, "an emulator at AWS_ENDPOINT_URL is not known to run Lambda code")
                .without(
                        Capability.POLICY_CONDITIONS,
                        "an emulator at AWS_ENDPOINT_URL is not known to evaluate policy conditions");
        return EmulatorSupport.emulated(
                "aws",
                "AWS API at " + at + " (AWS_ENDPOINT_URL is set: a rehearsal, not AWS; " + region + ")",
                at,
                region,
                provider,
                Map.copyOf(env),
                caps);
    }

    @Override
    public void close() {
        // nothing started
    }
}
