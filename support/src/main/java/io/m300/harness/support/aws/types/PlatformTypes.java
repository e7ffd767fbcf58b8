package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.ResourceType.exists;
import static io.m300.harness.support.aws.types.ResourceType.present;
import static io.m300.harness.support.aws.types.ResourceType.type;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.stack.StackInventory;
import java.util.List;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/** Monitoring and messaging (logs, alarms, SNS, SQS), identity (IAM), keys (KMS), certificates (ACM), parameters (SSM) and S3. */
final class PlatformTypes {

    private PlatformTypes() {}

    private static final String NO_SUCH_ENTITY = "NoSuchEntity";

    static List<ResourceType> all() {
        return List.of(
                // monitoring and messaging
                type("aws_cloudwatch_log_group")
                        .tagged(Kinds.LOG_GROUP)
                        .notFound("ResourceNotFoundException")
                        .exists(
                                (a, r) -> exists(a
                                        .logs()
                                        .describeLogGroups(q -> q.logGroupNamePrefix(
                                                r.attr("name").orElse(r.id())))
                                        .logGroups()
                                        .stream()
                                        .filter(g -> g.logGroupName()
                                                .equals(r.attr("name").orElse(r.id())))
                                        .toList()),
                                "logs:DescribeLogGroups")
                        .list("logs:DescribeLogGroups", "logs:ListTagsLogGroup")
                        .delete("logs:DeleteLogGroup")
                        .build(),
                type("aws_cloudwatch_metric_alarm")
                        .tagged(Kinds.ALARM)
                        .exists(
                                (a, r) -> exists(a.cloudWatchQuery()
                                        .describeAlarms(
                                                List.of(r.attr("alarm_name").orElse(r.id())))),
                                "cloudwatch:DescribeAlarms")
                        .list("cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource")
                        .delete("cloudwatch:DeleteAlarms")
                        .build(),
                type("aws_sns_topic")
                        .tagged(Kinds.TOPIC)
                        .notFound("NotFound")
                        .exists(
                                (a, r) -> present(a.sns()
                                        .getTopicAttributes(
                                                q -> q.topicArn(r.arn().orElse(r.id())))),
                                "sns:GetTopicAttributes")
                        .list("sns:ListTopics", "sns:ListTagsForResource")
                        .delete("sns:DeleteTopic")
                        .build(),
                type("aws_sns_topic_subscription")
                        .withParent("aws_sns_topic", "a subscription is deleted with its topic")
                        .notFound("NotFound")
                        .exists(
                                (a, r) -> present(a.sns()
                                        .getSubscriptionAttributes(
                                                q -> q.subscriptionArn(r.arn().orElse(r.id())))),
                                "sns:GetSubscriptionAttributes")
                        .build(),
                type("aws_sqs_queue")
                        .tagged(Kinds.QUEUE)
                        .notFound("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
                        .exists(
                                (a, r) -> present(a.sqs()
                                        .getQueueAttributes(
                                                q -> q.queueUrl(r.attr("url").orElse(r.id())))),
                                "sqs:GetQueueAttributes")
                        .list("sqs:ListQueues", "sqs:ListQueueTags")
                        .delete("sqs:DeleteQueue")
                        .build(),
                // parameters: the harness's own (/<run id>/...) are found by name; the stack's carry the tag but SSM
                // lists no tags with DescribeParameters, so they are found by the same name rule
                type("aws_ssm_parameter")
                        .named(Kinds.PARAMETER, "its name begins with /<run id>/")
                        .notFound("ParameterNotFound")
                        .exists(
                                (a, r) -> present(a.ssm()
                                        .getParameter(q -> q.name(r.attr("name").orElse(r.id())))),
                                "ssm:GetParameter")
                        .list("ssm:DescribeParameters")
                        .delete("ssm:DeleteParameter")
                        .build(),
                // certificates, keys
                type("aws_acm_certificate")
                        .tagged(Kinds.CERTIFICATE)
                        .notFound("ResourceNotFoundException")
                        .exists(
                                (a, r) -> a.acm()
                                        .describeCertificate(
                                                q -> q.certificateArn(r.arn().orElse(r.id())))
                                        .certificate()
                                        .statusAsString(),
                                "acm:DescribeCertificate")
                        .list("acm:ListCertificates", "acm:ListTagsForCertificate")
                        .delete("acm:DeleteCertificate")
                        .build(),
                type("aws_kms_key")
                        .tagged(Kinds.KEY)
                        .notFound("NotFoundException")
                        .exists(PlatformTypes::keyState, "kms:DescribeKey")
                        .list("kms:ListKeys", "kms:DescribeKey", "kms:ListResourceTags")
                        .delete("kms:ListAliases", "kms:DeleteAlias", "kms:ScheduleKeyDeletion")
                        .build(),
                type("aws_kms_alias")
                        .withParent(
                                "aws_kms_key",
                                "the sweeper deletes a key's aliases before it schedules the key's deletion")
                        .exists(
                                (a, r) -> exists(a.kms().listAliasesPaginator().aliases().stream()
                                        .filter(al -> al.aliasName()
                                                .equals(r.attr("name").orElse(r.id())))
                                        .toList()),
                                "kms:ListAliases")
                        .build(),
                type("aws_kms_key_policy")
                        .withParent("aws_kms_key", "a key policy is part of its key")
                        .notFound("NotFoundException")
                        .exists(PlatformTypes::keyState, "kms:DescribeKey")
                        .build(),
                // IAM
                type("aws_iam_role")
                        .tagged(Kinds.ROLE)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                (a, r) -> present(a.iam()
                                        .getRole(q -> q.roleName(r.attr("name").orElse(r.id())))),
                                "iam:GetRole")
                        .list("iam:ListRoles", "iam:ListRoleTags")
                        .delete(
                                "iam:ListAttachedRolePolicies",
                                "iam:DetachRolePolicy",
                                "iam:ListRolePolicies",
                                "iam:DeleteRolePolicy",
                                "iam:ListInstanceProfilesForRole",
                                "iam:RemoveRoleFromInstanceProfile",
                                "iam:DeleteRole")
                        .build(),
                type("aws_iam_policy")
                        .tagged(Kinds.POLICY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                (a, r) -> present(a.iam()
                                        .getPolicy(q -> q.policyArn(r.arn().orElse(r.id())))),
                                "iam:GetPolicy")
                        .list("iam:ListPolicies", "iam:ListPolicyTags")
                        .delete(
                                "iam:ListEntitiesForPolicy",
                                "iam:DetachRolePolicy",
                                "iam:ListPolicyVersions",
                                "iam:DeletePolicyVersion",
                                "iam:DeletePolicy")
                        .build(),
                type("aws_iam_user")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                (a, r) -> present(a.iam()
                                        .getUser(q -> q.userName(r.attr("name").orElse(r.id())))),
                                "iam:GetUser")
                        .list("iam:ListUsers", "iam:ListUserTags")
                        .build(),
                type("aws_iam_group")
                        .notSwept(NetworkTypes.EMULATOR_ONLY + " (nor could it find one: IAM groups take no tags)")
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                (a, r) -> present(a.iam()
                                        .getGroup(
                                                q -> q.groupName(r.attr("name").orElse(r.id())))),
                                "iam:GetGroup")
                        .build(),
                type("aws_iam_role_policy")
                        .withParent("aws_iam_role", "an inline policy is deleted with its role")
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                inlinePolicy(
                                        "role",
                                        (a, role, policy) -> a.iam()
                                                .getRolePolicy(
                                                        q -> q.roleName(role).policyName(policy))),
                                "iam:GetRolePolicy")
                        .build(),
                type("aws_iam_user_policy")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                inlinePolicy(
                                        "user",
                                        (a, user, policy) -> a.iam()
                                                .getUserPolicy(
                                                        q -> q.userName(user).policyName(policy))),
                                "iam:GetUserPolicy")
                        .build(),
                type("aws_iam_group_policy")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                inlinePolicy(
                                        "group",
                                        (a, group, policy) -> a.iam()
                                                .getGroupPolicy(
                                                        q -> q.groupName(group).policyName(policy))),
                                "iam:GetGroupPolicy")
                        .build(),
                type("aws_iam_role_policy_attachment")
                        .withParent("aws_iam_role", "detached when its role is deleted")
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                attachment(
                                        "role",
                                        (a, role) -> a.iam()
                                                .listAttachedRolePoliciesPaginator(q -> q.roleName(role))
                                                .attachedPolicies()),
                                "iam:ListAttachedRolePolicies")
                        .build(),
                type("aws_iam_user_policy_attachment")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                attachment(
                                        "user",
                                        (a, user) -> a.iam()
                                                .listAttachedUserPoliciesPaginator(q -> q.userName(user))
                                                .attachedPolicies()),
                                "iam:ListAttachedUserPolicies")
                        .build(),
                type("aws_iam_group_policy_attachment")
                        .notSwept(NetworkTypes.EMULATOR_ONLY)
                        .notFound(NO_SUCH_ENTITY)
                        .exists(
                                attachment(
                                        "group",
                                        (a, group) -> a.iam()
                                                .listAttachedGroupPoliciesPaginator(q -> q.groupName(group))
                                                .attachedPolicies()),
                                "iam:ListAttachedGroupPolicies")
                        .build(),
                // S3 (the mutant STATE-02 reaches the state bucket's public access block)
                type("aws_s3_bucket")
                        .tagged(Kinds.BUCKET)
                        .notFound("NoSuchBucket", "HTTP 404")
                        .exists(
                                (a, r) -> present(a.s3().headBucket(
                                                q -> q.bucket(r.attr("bucket").orElse(r.id())))),
                                "s3:ListBucket")
                        .list("s3:ListAllMyBuckets", "s3:GetBucketTagging")
                        .delete("s3:ListBucketVersions", "s3:DeleteObjectVersion", "s3:DeleteBucket")
                        .build(),
                type("aws_s3_bucket_public_access_block")
                        .withParent("aws_s3_bucket", "part of its bucket")
                        .notFound("NoSuchPublicAccessBlockConfiguration", "NoSuchBucket")
                        .exists(
                                (a, r) -> present(a.s3().getPublicAccessBlock(
                                                q -> q.bucket(r.attr("bucket").orElse(r.id())))),
                                "s3:GetBucketPublicAccessBlock")
                        .build());
    }

    private static String keyState(AwsClients a, StackInventory.Resource r) {
        return a.kms()
                .describeKey(q -> q.keyId(r.attr("key_id").orElse(r.id())))
                .keyMetadata()
                .keyStateAsString();
    }

    /** Looks up the inline policy {@code policy} of the user, group or role {@code principal}. */
    @FunctionalInterface
    private interface InlinePolicyLookup {
        Object find(AwsClients aws, String principal, String policy);
    }

    /** An inline policy exists while its principal (named by the attribute {@code principal}) has it. */
    private static ResourceType.Existence inlinePolicy(String principal, InlinePolicyLookup lookup) {
        return (a, r) -> present(
                lookup.find(a, r.attr(principal).orElseThrow(), r.attr("name").orElseThrow()));
    }

    /** An attachment exists while its principal (named by the attribute {@code principal}) lists the policy. */
    private static ResourceType.Existence attachment(
            String principal, BiFunction<AwsClients, String, SdkIterable<AttachedPolicy>> attached) {
        return (a, r) -> exists(attached.apply(a, r.attr(principal).orElseThrow()).stream()
                .filter(p -> p.policyArn().equals(r.attr("policy_arn").orElse("")))
                .toList());
    }
}
