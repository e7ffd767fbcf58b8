package io.m300.harness.support.aws.types;

import static io.m300.harness.support.aws.types.Deleter.byId;
import static io.m300.harness.support.aws.types.Deleter.of;

import io.m300.harness.support.aws.S3Reader;
import io.m300.harness.support.stack.TaggedResources.Found;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

/**
 * Identity (roles and policies), certificates, keys (scheduled for deletion: KMS never deletes at
 * once) and buckets (emptied of every version first). IAM users and groups are not swept: the
 * nightly role may not create them (see the resource-type descriptions).
 */
final class IdentityDeleter implements Deleter {

    @Override
    public Set<Kind> kinds() {
        return Set.of(Kinds.ROLE, Kinds.POLICY, Kinds.CERTIFICATE, Kinds.KEY, Kinds.BUCKET);
    }

    @Override
    public void delete(Book d, List<Found> items) {
        d.guarded("iam", () -> iam(d, items));
        d.guarded(
                "acm",
                () -> of(items, Kinds.CERTIFICATE)
                        .forEach(arn -> d.delete(
                                "certificate " + arn,
                                () -> d.aws().acm().deleteCertificate(r -> r.certificateArn(arn)))));
        d.guarded("kms", () -> keys(d, items));
        d.guarded(
                "s3",
                () -> of(items, Kinds.BUCKET)
                        .forEach(name -> d.delete("S3 bucket " + name, () -> {
                            new S3Reader(d.aws()).deleteVersions(name, "");
                            d.aws().s3().deleteBucket(r -> r.bucket(name));
                        })));
    }

    private static void iam(Book d, List<Found> items) {
        var iam = d.aws().iam();
        for (String role : of(items, Kinds.ROLE)) {
            d.delete("IAM role " + role, () -> {
                for (AttachedPolicy p : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role))
                        .attachedPolicies()) {
                    iam.detachRolePolicy(r -> r.roleName(role).policyArn(p.policyArn()));
                }
                for (String inline :
                        iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                    iam.deleteRolePolicy(r -> r.roleName(role).policyName(inline));
                }
                for (var profile : iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role))
                        .instanceProfiles()) {
                    iam.removeRoleFromInstanceProfile(
                            r -> r.roleName(role).instanceProfileName(profile.instanceProfileName()));
                }
                iam.deleteRole(r -> r.roleName(role));
            });
        }
        for (String arn : of(items, Kinds.POLICY)) {
            d.delete("IAM policy " + arn, () -> {
                var entities = iam.listEntitiesForPolicy(r -> r.policyArn(arn));
                entities.policyRoles()
                        .forEach(x -> iam.detachRolePolicy(
                                r -> r.roleName(x.roleName()).policyArn(arn)));
                for (var v : iam.listPolicyVersions(r -> r.policyArn(arn)).versions()) {
                    if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId()));
                    }
                }
                iam.deletePolicy(r -> r.policyArn(arn));
            });
        }
    }

    private static void keys(Book d, List<Found> items) {
        var kms = d.aws().kms();
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
