package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateListedResourcesTest {

    private static final String STATE = """
            {"version":4,"resources":[
             {"mode":"managed","type":"aws_vpc","name":"main","instances":[{"attributes":{"id":"vpc-1"}}]},
             {"mode":"managed","type":"aws_ec2_managed_prefix_list","name":"office","instances":[{"attributes":{"id":"pl-1"}}]},
             {"mode":"managed","type":"aws_kms_key","name":"db","instances":[{"attributes":{"id":"k-1"}}]},
             {"mode":"managed","type":"aws_glue_job","name":"odd","instances":[{"attributes":{"id":"j-1"}}]},
             {"mode":"managed","type":"aws_sns_topic","name":"alerts","instances":[{"attributes":{"id":"t-1"}}]},
             {"mode":"managed","type":"aws_lb","name":"app","instances":[{"attributes":{"id":"lb-1"}}]},
             {"mode":"data","type":"aws_caller_identity","name":"current","instances":[{"attributes":{"id":"123"}}]}
            ]}""";

    /** Hand-made lookup: what each id's describe call answers after destroy. */
    private static final Map<String, String> AFTER = Map.of(
            "vpc-1",
            StateListedResources.ABSENT,
            "pl-1",
            "delete-complete",
            "k-1",
            "PendingDeletion",
            "lb-1",
            "active");

    private static StateListedResources.Verdict verdict() {
        return StateListedResources.check(StackInventory.parse(STATE), r -> {
            if (r.type().equals("aws_glue_job")) {
                return null; // no describe call known
            }
            if (r.id().equals("t-1")) {
                throw new IllegalStateException("listing failed");
            }
            return AFTER.get(r.id());
        });
    }

    @Test
    void aResourceStillDescribedRemains() {
        assertThat(verdict().remaining())
                .extracting(StateListedResources.Check::address)
                .containsExactly("aws_lb.app");
    }

    @Test
    void anUnknownTypeIsNotCheckableNeverGone() {
        var v = verdict();
        assertThat(v.notCheckable())
                .extracting(StateListedResources.Check::address)
                .containsExactly("aws_glue_job.odd");
        assertThat(v.gone()).extracting(StateListedResources.Check::address).doesNotContain("aws_glue_job.odd");
    }

    @Test
    void aPrefixListInDeleteCompleteAndAKeyPendingDeletionAreGone() {
        assertThat(verdict().gone())
                .extracting(StateListedResources.Check::address)
                .containsExactly("aws_vpc.main", "aws_ec2_managed_prefix_list.office", "aws_kms_key.db");
    }

    @Test
    void aFailedLookupIsAnErrorNotGone() {
        assertThat(verdict().errors())
                .extracting(StateListedResources.Check::address)
                .containsExactly("aws_sns_topic.alerts");
    }

    @Test
    void dataSourcesAreNotChecked() {
        assertThat(verdict().checked()).isEqualTo(4);
        assertThat(verdict().remaining().size()
                        + verdict().gone().size()
                        + verdict().notCheckable().size()
                        + verdict().errors().size())
                .isEqualTo(6);
    }

    @Test
    void aTypeWithoutALookupOrAFailedLookupMakesTheCheckIncompleteNeverAPass() {
        var v = verdict();
        assertThat(v.listed()).isEqualTo(6);
        assertThat(v.complete()).isFalse();
        assertThat(v.incompleteBecause())
                .isEqualTo("only 4 of the 6 resources the state listed were answered for "
                        + "(1 of a type without a description in aws/types, 1 could not be verified)");
    }

    @Test
    void checkingOneOfSeveralIsNotComplete() {
        var one = StateListedResources.judge(List.of(
                new StateListedResources.Check(
                        "aws_vpc.main", "aws_vpc", StateListedResources.Status.GONE, "not found"),
                new StateListedResources.Check(
                        "aws_lb.app", "aws_lb", StateListedResources.Status.ERROR, "could not verify: x")));
        assertThat(one.checked()).isEqualTo(1);
        assertThat(one.complete()).isFalse();
        assertThat(StateListedResources.judge(List.of()).incompleteBecause())
                .isEqualTo("the state listed no managed resource: nothing was checked");
    }

    @Test
    void aCouldNotVerifyKeepsItsOneLine() {
        var c = StateListedResources.checkOne(StackInventory.parse(STATE).all().get(0), r -> {
            throw new AwsResourceExistence.CouldNotVerify(
                    "could not verify: ec2:DescribeVpcs answered Throttling (HTTP 400)");
        });
        assertThat(c.status()).isEqualTo(StateListedResources.Status.ERROR);
        assertThat(c)
                .hasToString("aws_vpc.main: error (could not verify: ec2:DescribeVpcs answered Throttling (HTTP 400))");
    }
}
