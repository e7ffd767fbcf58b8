package io.m300.harness.support.sweep;

import static io.m300.harness.support.sweep.Deleter.byId;
import static io.m300.harness.support.sweep.Deleter.of;

import io.m300.harness.support.aws.types.Kind;
import io.m300.harness.support.aws.types.Kinds;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * Identity (roles, users, groups, policies), certificates, keys (scheduled for deletion: KMS never
 * deletes at once) and buckets (emptied of every version first). IAM groups take no tags: a group
 * whose name begins with a selected run id is the run's.
 */
final class IdentityDeleter implements Deleter {

    @Override
    public Set<Kind> kinds() {
        return Set.of(Kinds.ROLE, Kinds.USER, Kinds.GROUP, Kinds.POLICY, Kinds.CERTIFICATE, Kinds.KEY, Kinds.BUCKET);
    }

    @Override
    public void delete(Deletions d, List<Found> items, RunNames runs) {
        d.guarded("iam", () -> iam(d, items, runs));
        d.guarded("acm", () -> of(items, Kinds.CERTIFICATE).forEach(arn ->
                d.delete("certificate " + arn, () -> d.aws.acm().deleteCertificate(r -> r.certificateArn(arn)))));
        d.guarded("kms", () -> keys(d, items));
        d.guarded("s3", () -> of(items, Kinds.BUCKET).forEach(name -> d.delete("S3 bucket " + name, () -> {
            RunRecords.emptyPrefix(d.aws, name, "");
            d.aws.s3().deleteBucket(r -> r.bucket(name));
        })));
    }

    private static void iam(Deletions d, List<Found> items, RunNames runs) {
        var iam = d.aws.iam();
        for (String role : of(items, Kinds.ROLE)) {
            d.delete("IAM role " + role, () -> {
                for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies()) {
                    iam.detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn()));
                }
                for (String inline : iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                    iam.deleteRolePolicy(r -> r.roleName(role).policyName(inline));
                }
                for (var profile : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role)).instanceProfiles()) {
                    iam.removeRoleFromInstanceProfile(r -> r.roleName(role).instanceProfileName(profile.instanceProfileName()));
                }
                iam.deleteRole(r -> r.roleName(role));
            });
        }
        for (String user : of(items, Kinds.USER)) {
            d.delete("IAM user " + user, () -> {
                for (AttachedPolicy p : iam.listAttachedUserPoliciesPaginator(r -> r.userName(user)).attachedPolicies()) {
                    iam.detachUserPolicy(r -> r.userName(user).policyArn(p.policyArn()));
                }
                for (String inline : iam.listUserPoliciesPaginator(r -> r.userName(user)).policyNames()) {
                    iam.deleteUserPolicy(r -> r.userName(user).policyName(inline));
                }
                for (var key : iam.listAccessKeysPaginator(r -> r.userName(user)).accessKeyMetadata()) {
                    iam.deleteAccessKey(r -> r.userName(user).accessKeyId(key.accessKeyId()));
                }
                for (var group : iam.listGroupsForUserPaginator(r -> r.userName(user)).groups()) {
                    iam.removeUserFromGroup(r -> r.userName(user).groupName(group.groupName()));
                }
                iam.deleteUser(r -> r.userName(user));
            });
        }
        for (var group : iam.listGroupsPaginator(r -> { }).groups()) {
            if (!group.groupName().startsWith(runs.prefix())) {
                continue;
            }
            var run = runs.runOf(group.groupName());
            if (run.isEmpty()) {
                continue;
            }
            runs.found().add(run.get());
            String name = group.groupName();
            d.delete("IAM group " + name, () -> {
                for (var member : iam.getGroup(r -> r.groupName(name)).users()) {
                    iam.removeUserFromGroup(r -> r.groupName(name).userName(member.userName()));
                }
                for (String inline : iam.listGroupPoliciesPaginator(r -> r.groupName(name)).policyNames()) {
                    iam.deleteGroupPolicy(r -> r.groupName(name).policyName(inline));
                }
                for (AttachedPolicy p : iam.listAttachedGroupPoliciesPaginator(r -> r.groupName(name)).attachedPolicies()) {
                    iam.detachGroupPolicy(r -> r.groupName(name).policyArn(p.policyArn()));
                }
                iam.deleteGroup(r -> r.groupName(name));
            });
        }
        for (String arn : of(items, Kinds.POLICY)) {
            d.delete("IAM policy " + arn, () -> {
                var entities = iam.listEntitiesForPolicy(r -> r.policyArn(arn));
                entities.policyRoles().forEach(x -> iam.detachRolePolicy(r -> r.roleName(x.roleName()).policyArn(arn)));
                entities.policyUsers().forEach(x -> iam.detachUserPolicy(r -> r.userName(x.userName()).policyArn(arn)));
                for (var v : iam.listPolicyVersions(r -> r.policyArn(arn)).versions()) {
                    if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId()));
                    }
                }
                iam.deletePolicy(r -> r.policyArn(arn));
            });
        }
    }

    private static void keys(Deletions d, List<Found> items) {
        var kms = d.aws.kms();
        for (Found key : byId(items, Kinds.KEY).values()) {
            if ("PendingDeletion".equals(key.state())) {
                continue;
            }
            d.delete("KMS key " + key.id() + " (scheduled for deletion in 7 days)", () -> {
                for (var alias : kms.listAliases(r -> r.keyId(key.id())).aliases()) {
                    kms.deleteAlias(r -> r.aliasName(alias.aliasName()));
                }
                kms.scheduleKeyDeletion(r -> r.keyId(key.id()).pendingWindowInDays(7));
            });
        }
    }
}
