package io.m300.harness.steps;

import io.m300.harness.support.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EvaluationResult;

/** Reads IAM policy documents of the deployed stack through the IAM API (never from Terraform). */
final class IamReader {

    private final IamClient iam;

    IamReader(IamClient iam) {
        this.iam = iam;
    }

    /** The role's policies, as IAM stores them: each attached managed policy's default version and each inline policy. */
    List<PolicyDocument> rolePolicies(String roleName) {
        List<PolicyDocument> docs = new ArrayList<>();
        for (AttachedPolicy attached : attachedPolicies(roleName)) {
            docs.add(managedPolicy(attached.policyArn()));
        }
        for (String name : iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames()) {
            String doc = iam.getRolePolicy(r -> r.roleName(roleName).policyName(name)).policyDocument();
            docs.add(PolicyDocument.parse("inline policy " + name + " of role " + roleName, doc));
        }
        return docs;
    }

    List<AttachedPolicy> attachedPolicies(String roleName) {
        List<AttachedPolicy> out = new ArrayList<>();
        iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().forEach(out::add);
        return out;
    }

    /** The default version of a managed policy. */
    PolicyDocument managedPolicy(String policyArn) {
        String version = iam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
        String doc = iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(version)).policyVersion().document();
        return PolicyDocument.parse("managed policy " + policyArn + " (" + version + ")", doc);
    }

    String roleArn(String roleName) {
        return iam.getRole(r -> r.roleName(roleName)).role().arn();
    }

    /** One line per policy: its name and statements, for the evidence. */
    static List<String> describe(List<PolicyDocument> docs) {
        List<String> lines = new ArrayList<>();
        for (PolicyDocument d : docs) {
            lines.add(d.name() + ":");
            d.statements().forEach(s -> lines.add("  " + s.label() + ": " + s.summary()));
        }
        return lines;
    }

    /**
     * Asks IAM's policy simulator, for each action, whether the principal may do it on the
     * resource; returns action -> decision (allowed, implicitDeny, explicitDeny).
     */
    Map<String, String> simulate(String principalArn, List<String> actions, String resource) {
        Map<String, String> out = new LinkedHashMap<>();
        var response = iam.simulatePrincipalPolicy(r -> r.policySourceArn(principalArn).actionNames(actions)
                .resourceArns(resource));
        for (EvaluationResult result : response.evaluationResults()) {
            out.put(result.evalActionName(), result.evalDecisionAsString());
        }
        return out;
    }
}
