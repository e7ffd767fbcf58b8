package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeftoversTest {

    @Test
    void whatAwsKeepsIsToleratedTheRestRemains() {
        var verdict = Leftovers.judge(List.of(
                new Leftovers.Resource("ecs", "task-definition", "fam:1", "INACTIVE"),
                new Leftovers.Resource("ecs", "task-definition", "fam:2", "ACTIVE"),
                new Leftovers.Resource("ec2", "natgateway", "nat-1", "deleted"),
                new Leftovers.Resource("kms", "key", "k-1", "PendingDeletion"),
                new Leftovers.Resource("kms", "key", "k-2", "Enabled"),
                new Leftovers.Resource("ecs", "cluster", "c", "INACTIVE"),
                new Leftovers.Resource("ec2", "vpc", "vpc-1", ""),
                new Leftovers.Resource("ec2", "subnet", "subnet-1", Leftovers.TAG_ONLY)));
        assertThat(verdict.remaining()).extracting(Leftovers.Resource::id).containsExactly("fam:2", "k-2", "vpc-1");
        assertThat(verdict.tolerated()).hasSize(5);
    }

    @Test
    void aManagedPrefixListInDeleteCompleteIsGoneOneStillCreatedRemains() {
        var verdict = Leftovers.judge(List.of(
                new Leftovers.Resource("ec2", "prefix-list", "pl-1", "delete-complete"),
                new Leftovers.Resource("ec2", "prefix-list", "pl-2", "create-complete")));
        assertThat(verdict.remaining()).extracting(Leftovers.Resource::id).containsExactly("pl-2");
        assertThat(verdict.tolerated()).singleElement().asString().contains("delete-complete");
    }
}
