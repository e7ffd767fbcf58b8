package io.m300.harness.support.stack;

import io.m300.harness.support.aws.AwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

/**
 * Lists, service by service, what carries a tag (the run's {@code m300:run-id}) on a target, for
 * every resource type the stack creates. Not through the Resource Groups Tagging API: a tag listing
 * alone does not show whether the resource still exists, nor its state, which {@link Leftovers}
 * needs to tell a leftover from what AWS keeps for a while after a deletion.
 */
public final class TaggedResources {

    /** What was found, and which listings failed (a failed listing is not an empty one). */
    public record Listing(List<Leftovers.Resource> found, List<String> errors, List<String> searched) {}

    private final AwsClients aws;
    private final String key;
    private final String value;
    private final List<Leftovers.Resource> found = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> searched = new ArrayList<>();

    private TaggedResources(AwsClients aws, String key, String value) {
        this.aws = aws;
        this.key = key;
        this.value = value;
    }

    public static Listing find(AwsClients aws, String key, String value) {
        TaggedResources t = new TaggedResources(aws, key, value);
        t.ec2();
        t.section("rds", t::rds);
        t.section("logs", t::logs);
        t.section("sns", t::sns);
        t.section("cloudwatch", t::alarms);
        t.section("lambda", t::lambda);
        t.section("ecs", t::ecs);
        t.section("kms", t::kms);
        t.section("iam", t::iam);
        t.section("elbv2", t::elbv2);
        t.section("events", t::events);
        t.section("acm", t::acm);
        return new Listing(List.copyOf(t.found), List.copyOf(t.errors), List.copyOf(t.searched));
    }

    private void section(String service, Runnable listing) {
        searched.add(service);
        try {
            listing.run();
        } catch (RuntimeException e) {
            errors.add(service + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private boolean tagged(Supplier<java.util.Map<String, String>> tags, String what) {
        try {
            return value.equals(tags.get().get(key));
        } catch (RuntimeException e) {
            errors.add("tags of " + what + ": " + e.getMessage());
            return false;
        }
    }

    private void add(String service, String type, String id, String state) {
        found.add(new Leftovers.Resource(service, type, id, state == null ? "" : state));
    }

    private void ec2() {
        section("ec2", () -> aws.ec2().describeTagsPaginator(r -> r.filters(
                Filter.builder().name("key").values(key).build(), Filter.builder().name("value").values(value).build()))
                .tags().forEach(t -> add("ec2", t.resourceTypeAsString(), t.resourceId(), ec2State(t.resourceId()))));
    }

    /**
     * The state of a tagged EC2 resource, read from the resource itself: DescribeTags alone is not
     * proof that it exists (moto 5.2 keeps listing the tags of deleted resources). A resource that
     * its own describe call no longer returns is {@link Leftovers#TAG_ONLY}.
     */
    private String ec2State(String id) {
        var ec2 = aws.ec2();
        try {
            String prefix = id.substring(0, id.indexOf('-') + 1);
            return switch (prefix) {
                case "vpc-" -> ec2.describeVpcs(r -> r.vpcIds(id)).vpcs().stream().findFirst().map(v -> v.stateAsString()).orElse(Leftovers.TAG_ONLY);
                case "subnet-" -> ec2.describeSubnets(r -> r.subnetIds(id)).subnets().stream().findFirst().map(v -> v.stateAsString()).orElse(Leftovers.TAG_ONLY);
                case "sg-" -> ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                case "sgr-" -> ec2.describeSecurityGroupRules(r -> r.securityGroupRuleIds(id)).securityGroupRules().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                case "rtb-" -> ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                case "igw-" -> ec2.describeInternetGateways(r -> r.internetGatewayIds(id)).internetGateways().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                case "eipalloc-" -> ec2.describeAddresses(r -> r.allocationIds(id)).addresses().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                case "nat-" -> ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream().findFirst().map(n -> n.stateAsString()).orElse(Leftovers.TAG_ONLY);
                case "pl-" -> ec2.describeManagedPrefixLists(r -> r.prefixListIds(id)).prefixLists().stream().findFirst().map(v -> v.stateAsString()).orElse(Leftovers.TAG_ONLY);
                case "fl-" -> ec2.describeFlowLogs(r -> r.flowLogIds(id)).flowLogs().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                default -> "";
            };
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.contains("NotFound") || code.contains("Malformed")) {
                return Leftovers.TAG_ONLY;
            }
            throw e;
        }
    }

    private void rds() {
        aws.rds().describeDBInstances().dbInstances().forEach(db -> {
            if (db.tagList().stream().anyMatch(t -> key.equals(t.key()) && value.equals(t.value()))) {
                add("rds", "db-instance", db.dbInstanceIdentifier(), db.dbInstanceStatus());
            }
        });
        aws.rds().describeDBSubnetGroups().dbSubnetGroups().forEach(g -> {
            if (tagged(() -> toMap(aws.rds().listTagsForResource(r -> r.resourceName(g.dbSubnetGroupArn())).tagList(),
                    software.amazon.awssdk.services.rds.model.Tag::key, software.amazon.awssdk.services.rds.model.Tag::value), g.dbSubnetGroupName())) {
                add("rds", "db-subnet-group", g.dbSubnetGroupName(), g.subnetGroupStatus());
            }
        });
    }

    private void logs() {
        aws.logs().describeLogGroupsPaginator(r -> { }).logGroups().forEach(g -> {
            if (tagged(() -> aws.logs().listTagsLogGroup(r -> r.logGroupName(g.logGroupName())).tags(), g.logGroupName())) {
                add("logs", "log-group", g.logGroupName(), "");
            }
        });
    }

    private void sns() {
        aws.sns().listTopicsPaginator().topics().forEach(t -> {
            if (tagged(() -> toMap(aws.sns().listTagsForResource(r -> r.resourceArn(t.topicArn())).tags(),
                    software.amazon.awssdk.services.sns.model.Tag::key, software.amazon.awssdk.services.sns.model.Tag::value), t.topicArn())) {
                add("sns", "topic", t.topicArn(), "");
            }
        });
    }

    private void alarms() {
        var cw = aws.cloudWatchQuery();
        for (MetricAlarm a : cw.describeAlarms(List.of())) {
            if (tagged(() -> cw.listTagsForResource(a.alarmArn()), a.alarmName())) {
                add("cloudwatch", "alarm", a.alarmName(), a.stateValueAsString());
            }
        }
    }

    private void lambda() {
        aws.lambda().listFunctionsPaginator().functions().forEach(f -> {
            if (tagged(() -> aws.lambda().listTags(r -> r.resource(f.functionArn())).tags(), f.functionName())) {
                add("lambda", "function", f.functionName(), f.stateAsString());
            }
        });
    }

    private void ecs() {
        List<String> clusters = aws.ecs().listClusters().clusterArns();
        if (!clusters.isEmpty()) {
            aws.ecs().describeClusters(r -> r.clusters(clusters).include(ClusterField.TAGS)).clusters().forEach(c -> {
                if (c.tags().stream().anyMatch(t -> key.equals(t.key()) && value.equals(t.value()))) {
                    add("ecs", "cluster", c.clusterName(), c.status());
                }
            });
        }
        for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
            for (String arn : aws.ecs().listTaskDefinitions(r -> r.status(status)).taskDefinitionArns()) {
                var d = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS));
                if (d.tags().stream().anyMatch(t -> key.equals(t.key()) && value.equals(t.value()))) {
                    add("ecs", "task-definition", arn.substring(arn.lastIndexOf('/') + 1), d.taskDefinition().statusAsString());
                }
            }
        }
    }

    private void acm() {
        aws.acm().listCertificatesPaginator(r -> { }).certificateSummaryList().forEach(c -> {
            if (tagged(() -> toMap(aws.acm().listTagsForCertificate(r -> r.certificateArn(c.certificateArn())).tags(),
                    software.amazon.awssdk.services.acm.model.Tag::key, software.amazon.awssdk.services.acm.model.Tag::value), c.domainName())) {
                add("acm", "certificate", c.certificateArn(), c.statusAsString());
            }
        });
    }

    private void kms() {
        aws.kms().listKeysPaginator().keys().forEach(k -> {
            if (tagged(() -> toMap(aws.kms().listResourceTags(r -> r.keyId(k.keyId())).tags(),
                    software.amazon.awssdk.services.kms.model.Tag::tagKey, software.amazon.awssdk.services.kms.model.Tag::tagValue), k.keyId())) {
                add("kms", "key", k.keyId(), aws.kms().describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyStateAsString());
            }
        });
    }

    private void iam() {
        aws.iam().listRolesPaginator().roles().forEach(role -> {
            if (tagged(() -> toMap(aws.iam().listRoleTags(r -> r.roleName(role.roleName())).tags(),
                    software.amazon.awssdk.services.iam.model.Tag::key, software.amazon.awssdk.services.iam.model.Tag::value), role.roleName())) {
                add("iam", "role", role.roleName(), "");
            }
        });
        aws.iam().listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies().forEach(p -> {
            if (tagged(() -> toMap(aws.iam().listPolicyTags(r -> r.policyArn(p.arn())).tags(),
                    software.amazon.awssdk.services.iam.model.Tag::key, software.amazon.awssdk.services.iam.model.Tag::value), p.policyName())) {
                add("iam", "policy", p.policyName(), "");
            }
        });
    }

    private void elbv2() {
        List<String> arns = new ArrayList<>();
        aws.elbv2().describeLoadBalancers().loadBalancers().forEach(l -> arns.add(l.loadBalancerArn()));
        aws.elbv2().describeTargetGroups().targetGroups().forEach(t -> arns.add(t.targetGroupArn()));
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 20));
            aws.elbv2().describeTags(r -> r.resourceArns(batch)).tagDescriptions().forEach(d -> {
                if (d.tags().stream().anyMatch(t -> key.equals(t.key()) && value.equals(t.value()))) {
                    add("elbv2", d.resourceArn().contains(":targetgroup/") ? "target-group" : "load-balancer", d.resourceArn(), "");
                }
            });
        }
    }

    private void events() {
        aws.events().listRules(r -> { }).rules().forEach(rule -> {
            if (tagged(() -> toMap(aws.events().listTagsForResource(r -> r.resourceARN(rule.arn())).tags(),
                    software.amazon.awssdk.services.eventbridge.model.Tag::key, software.amazon.awssdk.services.eventbridge.model.Tag::value), rule.name())) {
                add("events", "rule", rule.name(), rule.stateAsString());
            }
        });
    }

    private static <T> java.util.Map<String, String> toMap(List<T> tags, java.util.function.Function<T, String> k,
            java.util.function.Function<T, String> v) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        tags.forEach(t -> m.put(k.apply(t), v.apply(t)));
        return m;
    }
}
