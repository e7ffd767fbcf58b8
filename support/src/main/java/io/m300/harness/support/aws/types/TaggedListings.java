package io.m300.harness.support.aws.types;

import io.m300.harness.support.stack.TaggedResources;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The listing of each service whose resource types a run creates, in the order the walk reports
 * them: how {@link TaggedResources} finds what carries the run tag. One listing per service, since
 * one describe call pages through every type it returns (EC2's {@code DescribeTags}, RDS's instances,
 * clusters, snapshots and subnet groups); the kinds each finds are the {@link Kind}s of the
 * resource-type descriptions ({@code ResourceTypesTest} checks that every tagged kind is listed).
 */
public final class TaggedListings {

    private TaggedListings() {}

    /** Each service's listing, by the service's name, in the walk's order. */
    public static Map<String, Consumer<TaggedResources.Section>> byService() {
        Map<String, Consumer<TaggedResources.Section>> sections = new LinkedHashMap<>();
        sections.put("ec2", WorkloadListings::ec2);
        sections.put("rds", WorkloadListings::rds);
        sections.put("logs", PlatformListings::logs);
        sections.put("sns", PlatformListings::sns);
        sections.put("sqs", PlatformListings::sqs);
        sections.put("cloudwatch", PlatformListings::alarms);
        sections.put("lambda", WorkloadListings::lambda);
        sections.put("events", WorkloadListings::events);
        sections.put("ecs", WorkloadListings::ecs);
        sections.put("elbv2", WorkloadListings::elbv2);
        sections.put("kms", PlatformListings::kms);
        sections.put("iam", PlatformListings::iam);
        sections.put("acm", PlatformListings::acm);
        sections.put("s3", PlatformListings::buckets);
        return sections;
    }

    /** A service's list of tags as a map. */
    static <T> Map<String, String> toMap(List<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> m = new HashMap<>();
        if (tags != null) {
            tags.forEach(t -> m.put(key.apply(t), value.apply(t)));
        }
        return m;
    }
}
