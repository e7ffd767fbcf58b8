package io.m300.harness.features.livingdoc;

/** Deliberately bad (test only): living docs that read AWS. Used by ArchitectureTest. */
public class ArchBadLivingDoc {
    public Object read(io.m300.harness.support.aws.AwsClients aws) {
        return aws.sts();
    }

    public Object region() {
        return software.amazon.awssdk.regions.Region.US_EAST_1;
    }
}
