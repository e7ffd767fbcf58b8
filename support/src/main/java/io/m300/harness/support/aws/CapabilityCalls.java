package io.m300.harness.support.aws;

/**
 * The calls that show whether a target implements a capability (target.CapabilityProbe judges their
 * answers): the one place that calls the SDK for them. Each returns when the target answered, and
 * throws as the SDK throws otherwise.
 */
public final class CapabilityCalls {

    private final AwsClients aws;

    public CapabilityCalls(AwsClients aws) {
        this.aws = aws;
    }

    /** iam:SimulateCustomPolicy on a one-statement policy (IAM policy simulation). */
    public void simulateCustomPolicy() {
        aws.iam()
                .simulateCustomPolicy(r -> r.policyInputList(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")
                        .actionNames("s3:GetObject"));
    }

    /** ec2:DescribeNetworkInsightsPaths, at most 5 (Reachability Analyzer). */
    public void describeNetworkInsightsPaths() {
        aws.ec2().describeNetworkInsightsPaths(r -> r.maxResults(5));
    }
}
