package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.TaggedListings.toMap;

import io.m300.harness.support.stack.RunNames;
import io.m300.harness.support.stack.TaggedResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How a run's resources of the platform types are listed for {@link TaggedResources} (the kinds of
 * {@link PlatformTypes}): log groups, topics, queues, alarms (through
 * {@link io.m300.harness.support.aws.CloudWatchQuery}, the Query protocol, which moto speaks too),
 * customer-managed keys, IAM roles, users and policies (service-linked roles are never a run's),
 * certificates and buckets.
 */
final class PlatformListings {

    private PlatformListings() {}

    static void logs(TaggedResources.Section on) {
        var logs = on.aws().logs();
        logs.describeLogGroupsPaginator(r -> {})
                .logGroups()
                .forEach(g -> on.ours(
                                () -> logs.listTagsLogGroup(r -> r.logGroupName(g.logGroupName()))
                                        .tags(),
                                g.logGroupName())
                        .or(() -> RunNames.containerInsights(g.logGroupName(), on.runIds()))
                        .ifPresent(run -> on.add(
                                "logs",
                                "log-group",
                                g.logGroupName(),
                                "",
                                run,
                                g.creationTime() == null ? null : Instant.ofEpochMilli(g.creationTime()))));
    }

    static void sns(TaggedResources.Section on) {
        var sns = on.aws().sns();
        sns.listTopicsPaginator(r -> {})
                .topics()
                .forEach(t -> on.ours(
                                () -> toMap(
                                        sns.listTagsForResource(r -> r.resourceArn(t.topicArn()))
                                                .tags(),
                                        x -> x.key(),
                                        x -> x.value()),
                                t.topicArn())
                        .ifPresent(run -> on.add("sns", "topic", t.topicArn(), "", run, null)));
    }

    static void sqs(TaggedResources.Section on) {
        var sqs = on.aws().sqs();
        sqs.listQueuesPaginator(r -> {})
                .queueUrls()
                .forEach(url -> on.ours(
                                () -> sqs.listQueueTags(r -> r.queueUrl(url)).tags(), url)
                        .ifPresent(run -> on.add("sqs", "queue", url, "", run, null)));
    }

    static void alarms(TaggedResources.Section on) {
        var cw = on.aws().cloudWatchQuery();
        for (MetricAlarm a : cw.describeAlarms(List.of())) {
            on.ours(() -> cw.listTagsForResource(a.alarmArn()), a.alarmName())
                    .ifPresent(run -> on.add("cloudwatch", "alarm", a.alarmName(), a.stateValueAsString(), run, null));
        }
    }

    static void kms(TaggedResources.Section on) {
        var kms = on.aws().kms();
        kms.listKeysPaginator(r -> {}).keys().forEach(k -> {
            var meta = kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata();
            if (!"CUSTOMER".equals(meta.keyManagerAsString())) {
                return; // AWS-managed keys carry no tags of ours, and their tags may not be listed
            }
            on.ours(
                            () -> toMap(
                                    kms.listResourceTags(r -> r.keyId(k.keyId()))
                                            .tags(),
                                    t -> t.tagKey(),
                                    t -> t.tagValue()),
                            k.keyId())
                    .ifPresent(
                            run -> on.add("kms", "key", k.keyId(), meta.keyStateAsString(), run, meta.creationDate()));
        });
    }

    static void iam(TaggedResources.Section on) {
        var iam = on.aws().iam();
        iam.listRolesPaginator(r -> {}).roles().forEach(role -> {
            if (role.path() != null && role.path().startsWith("/aws-service-role/")) {
                return; // service-linked roles belong to AWS services, never to a run
            }
            on.ours(
                            () -> toMap(
                                    iam.listRoleTags(r -> r.roleName(role.roleName()))
                                            .tags(),
                                    t -> t.key(),
                                    t -> t.value()),
                            role.roleName())
                    .ifPresent(run -> on.add("iam", "role", role.roleName(), "", run, role.createDate()));
        });
        iam.listUsersPaginator(r -> {})
                .users()
                .forEach(user -> on.ours(
                                () -> toMap(
                                        iam.listUserTags(r -> r.userName(user.userName()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                user.userName())
                        .ifPresent(run -> on.add("iam", "user", user.userName(), "", run, user.createDate())));
        iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL))
                .policies()
                .forEach(p -> on.ours(
                                () -> toMap(
                                        iam.listPolicyTags(r -> r.policyArn(p.arn()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                p.policyName())
                        .ifPresent(run -> on.add("iam", "policy", p.arn(), "", run, p.createDate())));
    }

    static void acm(TaggedResources.Section on) {
        var acm = on.aws().acm();
        // without Includes.keyTypes ListCertificates returns RSA certificates only: the EC certificate the harness
        // imports is among the others
        acm.listCertificatesPaginator(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.knownValues())))
                .certificateSummaryList()
                .forEach(c -> on.ours(
                                () -> toMap(
                                        acm.listTagsForCertificate(r -> r.certificateArn(c.certificateArn()))
                                                .tags(),
                                        t -> t.key(),
                                        t -> t.value()),
                                c.domainName())
                        .ifPresent(run -> on.add(
                                "acm", "certificate", c.certificateArn(), c.statusAsString(), run, c.createdAt())));
    }

    static void buckets(TaggedResources.Section on) {
        var s3 = on.aws().s3();
        for (var bucket : s3.listBuckets().buckets()) {
            Map<String, String> tags;
            try {
                tags = toMap(s3.getBucketTagging(r -> r.bucket(bucket.name())).tagSet(), t -> t.key(), t -> t.value());
            } catch (S3Exception e) {
                // NoSuchTagSet, a bucket in another region, or one we may not read: not a run's bucket
                // (the run's own buckets are created by a role that may read their tags)
                continue;
            }
            on.match(tags).ifPresent(run -> on.add("s3", "bucket", bucket.name(), "", run, bucket.creationDate()));
        }
    }
}
