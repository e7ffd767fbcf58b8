package io.m300.harness.features.livingdoc;

import io.m300.harness.support.aws.AwsClients;
import software.amazon.awssdk.regions.Region;

/** Deliberately bad (test only): living docs that read AWS. Used by ArchitectureTest. */
public class ArchBadLivingDoc {
    public Object read(AwsClients aws) {
        return aws.sts();
    }

    public Object region() {
        return Region.US_EAST_1;
    }
}
