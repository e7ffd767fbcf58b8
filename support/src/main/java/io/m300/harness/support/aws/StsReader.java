package io.m300.harness.support.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** STS as the harness reads it: the one place that calls the SDK for STS. */
public final class StsReader {

    private final AwsClients aws;

    public StsReader(AwsClients aws) {
        this.aws = aws;
    }

    /** The account of the caller (the stack's account). */
    public String account() {
        return AwsCalls.read("sts.GetCallerIdentity", () -> aws.sts().getCallerIdentity())
                .account();
    }

    /**
     * The account these credentials belong to, asked before any target exists (target aws's account guard):
     * sts:GetCallerIdentity in {@code region}, at {@code endpoint} when one is given, with a client of its own
     * that is closed at once. SDK errors are thrown as they are thrown.
     */
    public static String accountOf(AwsCredentialsProvider credentials, String region, Optional<URI> endpoint) {
        var builder = StsClient.builder().credentialsProvider(credentials).region(Region.of(region));
        endpoint.ifPresent(builder::endpointOverride);
        try (var sts = builder.build()) {
            return sts.getCallerIdentity().account();
        }
    }
}
