package io.m300.harness.support.aws;

import io.m300.harness.support.iam.AwsManagedPolicies;
import io.m300.harness.support.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Reads IAM as deployed (never the Terraform source): roles, users, groups, and their policy
 * documents. The one place that calls the IAM API for the checks. Lookups of something that may
 * not exist answer {@link Optional#empty()} instead of throwing, so that a check can state the
 * finding in one line.
 */
public final class IamReader {

    /** The policies of one principal: its documents, and each policy that could not be read (with why). */
    public record PrincipalPolicies(String principal, List<PolicyDocument> documents, List<String> unreadable) {
        public PrincipalPolicies {
            documents = List.copyOf(documents);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** The entities a managed policy is attached to (ListEntitiesForPolicy). */
    public record Entities(List<String> roles, List<String> users, List<String> groups) {}

    /** IAM's documented "not found" answer. */
    private static final Predicate<AwsServiceException> NOT_FOUND = e ->
            e instanceof NoSuchEntityException || AwsCalls.code("NoSuchEntity").test(e);

    private final IamClient iam;

    /** Reads through the IAM client of these clients. */
    public IamReader(AwsClients aws) {
        this(aws.iam());
    }

    public IamReader(IamClient iam) {
        this.iam = iam;
    }

    /**
     * The role's policies, as IAM stores them: each attached managed policy's default version and each
     * inline policy. An attached policy IAM does not know (NoSuchEntity: an AWS-managed policy on a
     * target that has none) comes from {@link AwsManagedPolicies}'s table; one that is not there
     * either is {@link CouldNotVerify} (its grants are unknown), never "the role does not exist".
     */
    public List<PolicyDocument> rolePolicies(String roleName) {
        List<PolicyDocument> docs = new ArrayList<>();
        for (AttachedPolicy attached : attachedPolicies(roleName)) {
            String arn = attached.policyArn();
            docs.add(managedPolicyIfExists(arn)
                    .or(() -> AwsManagedPolicies.known(arn))
                    .orElseThrow(() -> new CouldNotVerify(
                            "iam.GetPolicy",
                            "NoSuchEntity",
                            404,
                            "answered NoSuchEntity (404) for " + arn + ", attached to role " + roleName
                                    + ", and the table of known AWS-managed policies lacks it: its grants are unknown",
                            null)));
        }
        for (String name :
                iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames()) {
            String doc = iam.getRolePolicy(r -> r.roleName(roleName).policyName(name))
                    .policyDocument();
            docs.add(PolicyDocument.parse("inline policy " + name + " of role " + roleName, doc));
        }
        return docs;
    }

    public List<AttachedPolicy> attachedPolicies(String roleName) {
        List<AttachedPolicy> out = new ArrayList<>();
        AwsCalls.read("iam.ListAttachedRolePolicies", () -> {
            iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName))
                    .attachedPolicies()
                    .forEach(out::add);
            return out;
        });
        return out;
    }

    /** The default version of a managed policy. */
    public PolicyDocument managedPolicy(String policyArn) {
        String version = iam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
        String doc = AwsCalls.read(
                "iam.GetPolicyVersion",
                () -> iam.getPolicyVersion(r -> r.policyArn(policyArn).versionId(version))
                        .policyVersion()
                        .document());
        return PolicyDocument.parse("managed policy " + policyArn + " (" + version + ")", doc);
    }

    /** The default version of a managed policy, or empty when IAM does not know it. */
    public Optional<PolicyDocument> managedPolicyIfExists(String policyArn) {
        return AwsCalls.readIfExists("iam.GetPolicy", () -> managedPolicy(policyArn), NOT_FOUND);
    }

    public String roleArn(String roleName) {
        return iam.getRole(r -> r.roleName(roleName)).role().arn();
    }

    /** The role, or empty when it does not exist in the account. */
    public Optional<Role> role(String roleName) {
        return AwsCalls.readIfExists(
                "iam.GetRole", () -> iam.getRole(r -> r.roleName(roleName)).role(), NOT_FOUND);
    }

    /** The user, or empty when it does not exist in the account. */
    public Optional<User> user(String userName) {
        return AwsCalls.readIfExists(
                "iam.GetUser", () -> iam.getUser(r -> r.userName(userName)).user(), NOT_FOUND);
    }

    /** Whether the group exists in the account. */
    public boolean groupExists(String groupName) {
        return AwsCalls.readIfExists(
                        "iam.GetGroup",
                        () -> iam.getGroup(r -> r.groupName(groupName).maxItems(1)),
                        NOT_FOUND)
                .isPresent();
    }

    /** Every user of the account. */
    public List<User> users() {
        List<User> out = new ArrayList<>();
        iam.listUsersPaginator().users().forEach(out::add);
        return out;
    }

    public Map<String, String> userTags(String userName) {
        Map<String, String> tags = new LinkedHashMap<>();
        iam.listUserTagsPaginator(r -> r.userName(userName)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    public List<String> attachedUserPolicyArns(String userName) {
        List<String> out = new ArrayList<>();
        iam.listAttachedUserPoliciesPaginator(r -> r.userName(userName))
                .attachedPolicies()
                .forEach(p -> out.add(p.policyArn()));
        return out;
    }

    public List<String> userPolicyNames(String userName) {
        List<String> out = new ArrayList<>();
        iam.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().forEach(out::add);
        return out;
    }

    public List<String> groupsOfUser(String userName) {
        List<String> out = new ArrayList<>();
        iam.listGroupsForUserPaginator(r -> r.userName(userName)).groups().forEach(g -> out.add(g.groupName()));
        return out;
    }

    public List<String> attachedGroupPolicyArns(String groupName) {
        List<String> out = new ArrayList<>();
        iam.listAttachedGroupPoliciesPaginator(r -> r.groupName(groupName))
                .attachedPolicies()
                .forEach(p -> out.add(p.policyArn()));
        return out;
    }

    public List<String> groupPolicyNames(String groupName) {
        List<String> out = new ArrayList<>();
        iam.listGroupPoliciesPaginator(r -> r.groupName(groupName))
                .policyNames()
                .forEach(out::add);
        return out;
    }

    /** ListEntitiesForPolicy: every role, user and group the managed policy is attached to. */
    public Entities entitiesForPolicy(String policyArn) {
        List<String> roles = new ArrayList<>();
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        iam.listEntitiesForPolicyPaginator(r -> r.policyArn(policyArn)).forEach(page -> {
            page.policyRoles().forEach(p -> roles.add(p.roleName()));
            page.policyUsers().forEach(p -> users.add(p.userName()));
            page.policyGroups().forEach(p -> groups.add(p.groupName()));
        });
        return new Entities(roles, users, groups);
    }

    /**
     * Every policy of a role, user or group ({@code kind} is {@code role}, {@code user} or
     * {@code group}): attached managed policies (an AWS-managed one the target cannot read comes
     * from {@link AwsManagedPolicies}'s table, else it is listed as unreadable) and inline
     * policies. A user's group policies are not included: its groups are principals of their own.
     */
    public PrincipalPolicies policiesOf(String kind, String name) {
        List<String> attached = switch (kind) {
            case "role" ->
                attachedPolicies(name).stream().map(AttachedPolicy::policyArn).toList();
            case "user" -> attachedUserPolicyArns(name);
            case "group" -> attachedGroupPolicyArns(name);
            default -> throw new IllegalArgumentException("principal kind " + kind);
        };
        List<PolicyDocument> docs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String arn : attached) {
            Optional<PolicyDocument> doc = managedPolicyIfExists(arn).or(() -> AwsManagedPolicies.known(arn));
            // unreadable: IAM answered NoSuchEntity and the table does not know it; any other error threw
            // CouldNotVerify
            doc.ifPresentOrElse(
                    docs::add,
                    () -> unreadable.add(
                            arn + " (attached to " + kind + " " + name
                                    + "): not readable on this target and not in the table of known AWS-managed policies, so its grants are unknown"));
        }
        docs.addAll(inlinePolicies(kind, name));
        return new PrincipalPolicies(kind + " " + name, docs, unreadable);
    }

    /** The inline policies of a role, user or group. */
    public List<PolicyDocument> inlinePolicies(String kind, String name) {
        List<PolicyDocument> docs = new ArrayList<>();
        switch (kind) {
            case "role" ->
                iam.listRolePoliciesPaginator(r -> r.roleName(name))
                        .policyNames()
                        .forEach(p -> docs.add(PolicyDocument.parse(
                                "inline policy " + p + " of role " + name,
                                iam.getRolePolicy(r -> r.roleName(name).policyName(p))
                                        .policyDocument())));
            case "user" ->
                userPolicyNames(name)
                        .forEach(p -> docs.add(PolicyDocument.parse(
                                "inline policy " + p + " of user " + name,
                                iam.getUserPolicy(r -> r.userName(name).policyName(p))
                                        .policyDocument())));
            case "group" ->
                groupPolicyNames(name)
                        .forEach(p -> docs.add(PolicyDocument.parse(
                                "inline policy " + p + " of group " + name,
                                iam.getGroupPolicy(r -> r.groupName(name).policyName(p))
                                        .policyDocument())));
            default -> throw new IllegalArgumentException("principal kind " + kind);
        }
        return docs;
    }

    /** One line per policy: its name and statements, for the evidence. */
    public static List<String> describe(List<PolicyDocument> docs) {
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
    public Map<String, String> simulate(String principalArn, List<String> actions, String resource) {
        Map<String, String> out = new LinkedHashMap<>();
        var response = iam.simulatePrincipalPolicy(
                r -> r.policySourceArn(principalArn).actionNames(actions).resourceArns(resource));
        for (EvaluationResult result : response.evaluationResults()) {
            out.put(result.evalActionName(), result.evalDecisionAsString());
        }
        return out;
    }
}
