package io.m300.harness.support.aws;

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
}
