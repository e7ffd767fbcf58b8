package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    private static final Map<String, String> AFTER = Map.of("vpc-1", StateListedResources.ABSENT,
            "pl-1", "delete-complete", "k-1", "PendingDeletion", "lb-1", "active");

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
        assertThat(verdict().remaining()).extracting(StateListedResources.Check::address).containsExactly("aws_lb.app");
    }

    @Test
    void anUnknownTypeIsNotCheckableNeverGone() {
        var v = verdict();
        assertThat(v.notCheckable()).extracting(StateListedResources.Check::address).containsExactly("aws_glue_job.odd");
        assertThat(v.gone()).extracting(StateListedResources.Check::address).doesNotContain("aws_glue_job.odd");
    }

    @Test
    void aPrefixListInDeleteCompleteAndAKeyPendingDeletionAreGone() {
        assertThat(verdict().gone()).extracting(StateListedResources.Check::address)
                .containsExactly("aws_vpc.main", "aws_ec2_managed_prefix_list.office", "aws_kms_key.db");
    }

    @Test
    void aFailedLookupIsAnErrorNotGone() {
        assertThat(verdict().errors()).extracting(StateListedResources.Check::address).containsExactly("aws_sns_topic.alerts");
    }

    @Test
    void dataSourcesAreNotChecked() {
        assertThat(verdict().checked()).isEqualTo(4);
        assertThat(verdict().remaining().size() + verdict().gone().size() + verdict().notCheckable().size()
                + verdict().errors().size()).isEqualTo(6);
    }

    @Test
    void everyResourceTypeThatInfraUsesHasADescribeCall() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern resource = Pattern.compile("^\\s*resource\\s+\"([a-z0-9_]+)\"", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(Path.of("..", "infra"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tf")).toList()) {
                Matcher m = resource.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).as("resource types in infra/ (and its mutants)").isNotEmpty();
        assertThat(AwsResourceExistence.supportedTypes()).containsAll(used);
    }
}
