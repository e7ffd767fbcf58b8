package io.m300.harness.support.iam.authz;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.ApiCallDecoder;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ways a role that deploys and deletes a stack could make itself an administrator (escalation) or
 * take over what it did not create (adoption), each as the request AWS would authorize: the context
 * keys the request carries and what is known of the resource it acts on (a foreign resource carries no
 * run tag; a role not created by a run carries no boundary). Judged with {@link RolePolicyCheck} and the
 * reference's model, each one must be {@link Outcome#DENIED}.
 */
public final class EscalationAttempts {

    /** One attempt: what it tries, in one line, and the call(s) it needs (all must be allowed for it to work). */
    public record Attempt(String what, List<ApiCall> calls) {}

    /** An attempt and the verdict on its first call that is not allowed (or on its last call when all are). */
    public record Result(Attempt attempt, Verdict verdict) {
        public boolean denied() {
            return verdict.outcome() == Outcome.DENIED;
        }

        public String describe() {
            return attempt.what() + ": " + (denied() ? "DENIED" : "NOT DENIED (" + verdict.outcome() + ")") + " - "
                    + verdict.reason();
        }
    }

    private final String account;
    private final String region;

    public EscalationAttempts(String account, String region) {
        this.account = account;
        this.region = region;
    }

    public List<Attempt> all() {
        String boundary = RolePolicies.boundaryArn(account);
        String ownRole = iam("role/m300n9-1-task");
        String legacyRole = iam("role/m300n9-legacy");
        String foreignRole = iam("role/ops-admin");
        List<Attempt> out = new ArrayList<>();
        out.add(new Attempt(
                "CreateRole without the run tag",
                List.of(call(
                        "iam:CreateRole", ownRole, ctx("iam:PermissionsBoundary", boundary, "aws:TagKeys", null)))));
        out.add(new Attempt(
                "CreateRole without the permissions boundary",
                List.of(call("iam:CreateRole", ownRole, tagged(ctx("iam:PermissionsBoundary", null))))));
        out.add(new Attempt(
                "CreateRole with a boundary of its own making",
                List.of(call(
                        "iam:CreateRole",
                        ownRole,
                        tagged(ctx("iam:PermissionsBoundary", iam("policy/m300n9-admin")))))));
        out.add(new Attempt(
                "PutRolePolicy (any document) on a role without the boundary",
                List.of(call(
                        "iam:PutRolePolicy",
                        legacyRole,
                        resourceTags(ctx("iam:PermissionsBoundary", null), "m300n9")))));
        out.add(new Attempt(
                "AttachRolePolicy on a role without the boundary",
                List.of(call(
                        "iam:AttachRolePolicy",
                        legacyRole,
                        resourceTags(
                                ctx("iam:PermissionsBoundary", null, "iam:PolicyARN", iam("policy/m300n9-admin")),
                                "m300n9")))));
        out.add(new Attempt(
                "DeleteRolePermissionsBoundary of a run's role",
                List.of(call(
                        "iam:DeleteRolePermissionsBoundary",
                        ownRole,
                        resourceTags(ctx("iam:PermissionsBoundary", boundary), "m300n9")))));
        out.add(new Attempt(
                "CreatePolicyVersion of the boundary",
                List.of(call("iam:CreatePolicyVersion", boundary, resourceTags(ctx(), null)))));
        out.add(new Attempt(
                "SetDefaultPolicyVersion of the boundary",
                List.of(call("iam:SetDefaultPolicyVersion", boundary, resourceTags(ctx(), null)))));
        out.add(new Attempt(
                "DeletePolicy of the boundary",
                List.of(call("iam:DeletePolicy", boundary, resourceTags(ctx(), null)))));
        out.add(new Attempt(
                "PassRole to Lambda of a role without the boundary (not a run's: no run tag)",
                List.of(call(
                        "iam:PassRole",
                        legacyRole,
                        resourceTags(ctx("iam:PassedToService", "lambda.amazonaws.com"), null)))));
        out.add(new Attempt(
                "PassRole to Lambda of a foreign role",
                List.of(call(
                        "iam:PassRole",
                        foreignRole,
                        resourceTags(ctx("iam:PassedToService", "lambda.amazonaws.com"), null)))));
        out.add(new Attempt(
                "CreateTags (run tag) on an existing untagged VPC", List.of(ec2Tagging("vpc-0f00000000000000a"))));
        out.add(new Attempt(
                "AddTagsToResource (run tag) on an existing untagged RDS instance",
                List.of(call("rds:AddTagsToResource", arn("rds", "db:prod-db"), resourceTags(tagged(ctx()), null)))));
        out.add(new Attempt(
                "TagResource (run tag) on an existing untagged log group",
                List.of(call(
                        "logs:TagResource",
                        arn("logs", "log-group:/aws/lambda/prod-api"),
                        resourceTags(tagged(ctx()), null)))));
        out.add(new Attempt(
                "AddTagsToResource (run tag) on an existing untagged SSM parameter",
                List.of(call(
                        "ssm:AddTagsToResource",
                        arn("ssm", "parameter/prod/db/password"),
                        resourceTags(tagged(ctx()), null)))));
        out.add(new Attempt(
                "TagRole (run tag) on a foreign role",
                List.of(call("iam:TagRole", foreignRole, resourceTags(tagged(ctx()), null)))));
        out.add(new Attempt(
                "CreateAlias of the run's name on a foreign key",
                List.of(new ApiCall(
                        "kms",
                        "CreateAlias",
                        "kms:CreateAlias",
                        List.of(
                                arn("kms", "alias/m300n9-1-data"),
                                arn("kms", "key/1f2e3d4c-0000-1111-2222-333344445555")),
                        resourceTags(ctx(), null),
                        "",
                        "attempt"))));
        out.add(new Attempt(
                "DeleteParameter of a foreign untagged parameter named like a run's",
                List.of(call(
                        "ssm:DeleteParameter",
                        arn("ssm", "parameter/m300n9-orphan/db/password"),
                        resourceTags(ctx(), null)))));
        out.add(new Attempt(
                "DeleteFunction of a foreign untagged function named like a run's",
                List.of(call(
                        "lambda:DeleteFunction", arn("lambda", "function:m300n9-orphan"), resourceTags(ctx(), null)))));
        out.add(new Attempt(
                "DeleteRole of a foreign untagged role named like a run's",
                List.of(call("iam:DeleteRole", legacyRole, resourceTags(ctx("iam:PermissionsBoundary", null), null)))));
        out.add(new Attempt(
                "InvokeFunction of a foreign untagged function named like a run's",
                List.of(call(
                        "lambda:InvokeFunction", arn("lambda", "function:m300n9-orphan"), resourceTags(ctx(), null)))));
        return out;
    }

    /** Each attempt judged; an attempt counts as denied when one of its calls is. */
    public List<Result> judge(RolePolicyCheck check) {
        List<Result> out = new ArrayList<>();
        for (Attempt a : all()) {
            Verdict last = null;
            for (ApiCall c : a.calls()) {
                last = check.evaluate(c);
                if (last.outcome() == Outcome.DENIED) {
                    break;
                }
            }
            out.add(new Result(a, last));
        }
        return out;
    }

    private ApiCall ec2Tagging(String id) {
        Map<String, List<String>> c = tagged(ctx());
        c.put(ApiCallDecoder.CREATES, List.of("ec2:" + id));
        c.put("ec2:CreateAction", List.of()); // a tagging call of its own, not part of a create
        c.put(RolePolicyCheck.RESOURCE_TAGS_KNOWN, List.of("true"));
        return new ApiCall("ec2", "CreateTags", "ec2:CreateTags", List.of("*"), c, "", "attempt");
    }

    private ApiCall call(String action, String resource, Map<String, List<String>> context) {
        String[] p = action.split(":");
        return new ApiCall(p[0], p[1], action, List.of(resource), context, "", "attempt");
    }

    /** Context keys in pairs; a null value: the key is absent from the request. */
    private Map<String, List<String>> ctx(String... kv) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("aws:RequestedRegion", List.of(region));
        for (int i = 0; i < kv.length; i += 2) {
            c.put(kv[i], kv[i + 1] == null ? List.of() : List.of(kv[i + 1]));
        }
        return c;
    }

    private static Map<String, List<String>> tagged(Map<String, List<String>> c) {
        c.put("aws:TagKeys", List.of("m300:run-id"));
        c.put("aws:RequestTag/m300:run-id", List.of("m300n9-1"));
        return c;
    }

    /** The resource's tags are known: the run tag {@code runId}, or none (null). */
    private static Map<String, List<String>> resourceTags(Map<String, List<String>> c, String runId) {
        c.put(RolePolicyCheck.RESOURCE_TAGS_KNOWN, List.of("true"));
        if (runId != null) {
            c.put("aws:ResourceTag/m300:run-id", List.of(runId));
        }
        return c;
    }

    private String iam(String resource) {
        return Arns.of("iam", "", account, resource);
    }

    private String arn(String service, String resource) {
        return Arns.of(service, region, account, resource);
    }
}
