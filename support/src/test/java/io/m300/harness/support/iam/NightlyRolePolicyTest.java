package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.iam.authz.RolePolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The nightly role's policies in .github/ are what docs/nightly.md tells an administrator to
 * create: least privilege (no wildcard actions, IAM only on the nightly runs' own roles and
 * policies, state only under m300/), yet enough for every behavioural check, and a trust policy
 * that only this repository's main branch can use.
 */
class NightlyRolePolicyTest {

    private static final Path GITHUB = Path.of("..", ".github");
    private static final Path SUPPORT = Path.of("src", "main", "java", "io", "m300", "harness", "support");

    static final Path FOLDER = GITHUB.resolve("nightly-role");

    /** The role's managed policies (not the boundary) as one document: IAM evaluates them together. */
    static PolicyDocument policy() throws Exception {
        return PolicyDocument.parse(
                "nightly", RolePolicyCheck.merged(RolePolicies.read(FOLDER).texts()));
    }

    /**
     * IAM's limit for a managed policy: 6,144 characters, whitespace not counted, placeholders replaced by the
     * longest values they take; a role holds at most 10 managed policies (AWS's default quota).
     */
    @Test
    void everyManagedPolicyFitsIamsSizeLimit() throws Exception {
        var policies = RolePolicies.read(FOLDER)
                .substituted(Map.of(
                        "ACCOUNT_ID",
                        "123456789012",
                        "REGION",
                        "ap-southeast-2",
                        "REGION_2",
                        "ap-southeast-2",
                        "STATE_BUCKET",
                        "m300-nightly-tfstate-123456789012-ap-southeast-2"));
        assertThat(policies.policies()).hasSizeBetween(2, 10);
        assertThat(policies.boundary())
                .as("the permissions boundary (boundary.json)")
                .isNotNull();
        for (var p : Stream.concat(policies.policies().stream(), Stream.of(policies.boundary()))
                .toList()) {
            assertThat(p.size())
                    .as("characters of %s without whitespace", p.name())
                    .isLessThanOrEqualTo(RolePolicies.MANAGED_POLICY_LIMIT);
        }
    }

    @Test
    void grantsNoWildcardActions() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        assertThat(PolicyAnalysis.wildcardGrants(docs)).isEmpty();
        assertThat(PolicyAnalysis.serviceWildcards(docs)).isEmpty();
    }

    @Test
    void allowsWhatTheBehaviouralChecksCall() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        String acct = "ACCOUNT_ID";
        assertThat(PolicyAnalysis.allows(
                        docs,
                        "ec2:CreateNetworkInsightsPath",
                        "arn:aws:ec2:REGION:" + acct + ":network-insights-path/nip-1"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs,
                        "ec2:StartNetworkInsightsAnalysis",
                        "arn:aws:ec2:REGION:" + acct + ":network-insights-analysis/nia-1"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(docs, "tiros:CreateQuery", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "cloudwatch:SetAlarmState", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs, "iam:SimulatePrincipalPolicy", "arn:aws:iam::" + acct + ":role/m300n123-1-backup"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs,
                        "lambda:InvokeFunction",
                        "arn:aws:lambda:REGION:" + acct + ":function:m300n123-1-snapshot"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs, "sqs:ReceiveMessage", "arn:aws:sqs:REGION:" + acct + ":m300n123-1-alerts-probe"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs, "ssm:PutParameter", "arn:aws:ssm:REGION:" + acct + ":parameter/m300n123-1/db/password"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs, "s3:PutObject", "arn:aws:s3:::STATE_BUCKET/m300/m300n123-1/terraform.tfstate"))
                .isTrue();
    }

    /**
     * Every call the run-resource walker makes is made on resources that are NOT the run's (every
     * role of the account, every function, topic, queue, ...): each must be allowed on any resource.
     * Before this test the policy allowed iam:ListRoleTags, lambda:ListTags, sns/events
     * ListTagsForResource and sqs:ListQueueTags only on m300n* names, and every nightly sweep failed.
     */
    @Test
    void allowsEveryListingOfTheWalkerOnEveryResource() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        var walker = ActionsInCode.inFile(SUPPORT.resolve("aws/types/WorkloadListings.java")); // the walker's listings
        walker.addAll(ActionsInCode.inFile(SUPPORT.resolve("aws/types/PlatformListings.java")));
        walker.addAll(ActionsInCode.inFile(SUPPORT.resolve("aws/Ec2States.java"))); // the walker's EC2 describe calls
        walker.addAll(ActionsInCode.inFile(SUPPORT.resolve("aws/CloudWatchQuery.java")).stream()
                .filter(a -> a.startsWith("cloudwatch:Describe") || a.startsWith("cloudwatch:List"))
                .toList());
        assertThat(walker)
                .contains("iam:ListRoleTags", "lambda:ListTags", "sqs:ListQueueTags", "cloudwatch:DescribeAlarms");
        assertThat(walker.stream()
                        .filter(a -> !PolicyAnalysis.allows(docs, a, "*"))
                        .toList())
                .as("actions the walker makes on every resource that the nightly policy does not allow on '*'")
                .isEmpty();
    }

    /** Every AWS call in support/ and steps/ is granted somewhere (on any resource or on a nightly run's). */
    @Test
    void allowsEveryActionTheCodeCalls() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        var called = ActionsInCode.in(SUPPORT, Path.of("..", "steps", "src", "main", "java"));
        assertThat(called).hasSizeGreaterThan(40);
        // Only on an emulator: the harness creates its own state bucket there (Prerequisites); in an
        // account the bucket is a prerequisite an administrator made (docs/nightly.md, step 3). And the
        // role policy proof's user (ProofUserWriter), made on moto by its administrator before enforcement.
        Set<String> emulatorOnly = Set.of(
                "s3:CreateBucket",
                "s3:PutEncryptionConfiguration",
                "s3:PutBucketPolicy",
                "s3:PutBucketVersioning",
                "s3:PutBucketPublicAccessBlock",
                "iam:CreateUser",
                "iam:AttachUserPolicy",
                "iam:CreateAccessKey");
        List<String> missing = called.stream()
                .filter(a -> !emulatorOnly.contains(a) && !allowedSomewhere(docs, a))
                .toList();
        assertThat(missing)
                .as("actions the code calls that the nightly policy never allows")
                .isEmpty();
    }

    private static boolean allowedSomewhere(List<PolicyDocument> docs, String action) {
        String service = action.substring(0, action.indexOf(':'));
        List<String> samples = List.of(
                "*",
                "arn:aws:iam::ACCOUNT_ID:role/m300n123-a1-task",
                "arn:aws:iam::ACCOUNT_ID:policy/m300n123-a1-x",
                "arn:aws:iam::ACCOUNT_ID:user/m300n123-a1-x",
                "arn:aws:iam::ACCOUNT_ID:group/m300n123-a1-x",
                "arn:aws:rds:REGION:ACCOUNT_ID:cluster-snapshot:m300n123-a1-db-harness-1",
                "arn:aws:lambda:REGION:ACCOUNT_ID:function:m300n123-a1-snapshot",
                "arn:aws:events:REGION:ACCOUNT_ID:rule/m300n123-a1-x",
                "arn:aws:sns:REGION:ACCOUNT_ID:m300n123-a1-alerts",
                "arn:aws:sqs:REGION:ACCOUNT_ID:m300n123-a1-probe",
                "arn:aws:ssm:REGION:ACCOUNT_ID:parameter/m300n123-a1/db/password",
                "arn:aws:kms:REGION:ACCOUNT_ID:alias/m300n123-a1-data",
                "arn:aws:s3:::STATE_BUCKET",
                "arn:aws:s3:::STATE_BUCKET/m300/m300n123-a1/terraform.tfstate",
                "arn:aws:rds:REGION:ACCOUNT_ID:snapshot:m300n123-a1-db-harness-1");
        return samples.stream().anyMatch(r -> PolicyAnalysis.allows(docs, action, r))
                || (service.equals("s3") && PolicyAnalysis.allows(docs, action, "arn:aws:s3:::m300n123-a1-x"));
    }

    @Test
    void createsOnlyTaggedAndChangesOnlyTaggedOrNamedResources() throws Exception {
        JsonNode policy = new ObjectMapper()
                .readTree(RolePolicyCheck.merged(RolePolicies.read(FOLDER).texts()));
        for (JsonNode s : policy.get("Statement")) {
            if (!s.has("Action")) {
                continue; // NotAction: only in a Deny
            }
            List<String> actions = new ArrayList<>();
            (s.get("Action").isArray()
                            ? s.get("Action")
                            : new ObjectMapper().createArrayNode().add(s.get("Action")))
                    .forEach(a -> actions.add(a.asText()));
            boolean writes = actions.stream()
                    .filter(a -> !a.startsWith("tiros:"))
                    .anyMatch(a -> a.matches(".*:(Create|Delete|Modify|Put|Update|Attach|Detach|Associate|"
                            + "Disassociate|Authorize|Revoke|Replace|Register|Deregister|Import|Allocate|Release|Schedule|Set|Remove|Add|Tag|"
                            + "Untag|Start).*"));
            if (!writes || !"Allow".equals(s.get("Effect").asText())) {
                continue;
            }
            List<String> resources = new ArrayList<>();
            (s.get("Resource").isArray()
                            ? s.get("Resource")
                            : new ObjectMapper().createArrayNode().add(s.get("Resource")))
                    .forEach(r -> resources.add(r.asText()));
            boolean named = resources.stream()
                    .allMatch(r -> r.contains("m300n") || r.contains("STATE_BUCKET/m300/") || r.endsWith(":key/*"));
            String condition = String.valueOf(s.get("Condition"));
            boolean tagged = condition.contains("aws:RequestTag/m300:run-id\":\"m300n*")
                    || condition.contains("aws:ResourceTag/m300:run-id\":\"m300n*");
            boolean serviceBound = condition.contains("iam:AWSServiceName");
            // a rule lives in its group, whose tag the same call is judged on (the group is a required type)
            boolean rulesOfTaggedGroups = resources.stream().allMatch(r -> r.endsWith(":security-group-rule/*"));
            // no resource type in the Service Authorization Reference: nothing to scope it to
            boolean noResourceType = actions.equals(List.of("ecs:DeregisterTaskDefinition"));
            assertThat(named || tagged || serviceBound || rulesOfTaggedGroups || noResourceType)
                    .as(
                            "statement %s writes on resources that are neither a nightly run's names nor tagged with its run id",
                            s.get("Sid"))
                    .isTrue();
        }
    }

    @Test
    void iamAndDataStayWithinTheNightlyRuns() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        String acct = "ACCOUNT_ID";
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateRole", "arn:aws:iam::" + acct + ":role/m300n123-1-task"))
                .isTrue();
        assertThat(PolicyAnalysis.allows(
                        docs, "iam:PutRolePolicy", "arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:PassRole", "arn:aws:iam::" + acct + ":role/admin"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:AttachRolePolicy", "arn:aws:iam::" + acct + ":role/m300-nightly"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateUser", "*")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateAccessKey", "*")).isFalse();
        assertThat(PolicyAnalysis.allows(
                        docs, "ssm:GetParameter", "arn:aws:ssm:REGION:" + acct + ":parameter/prod/db/password"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(docs, "s3:GetObject", "arn:aws:s3:::other-bucket/secret"))
                .isFalse();
        assertThat(PolicyAnalysis.allows(docs, "s3:PutBucketPolicy", "arn:aws:s3:::STATE_BUCKET"))
                .isFalse();
    }

    /** One Deny keeps every regional call in the nightly's regions (REGION, REGION_2): the ARNs name no region. */
    @Test
    void everyRegionalCallIsBoundToTheNightlysRegions() throws Exception {
        var guard = policy().statements().stream()
                .filter(PolicyDocument.Statement::isDeny)
                .filter(s ->
                        s.conditions().getOrDefault("StringNotEquals", Map.of()).containsKey("aws:RequestedRegion"))
                .toList();
        assertThat(guard).singleElement().satisfies(s -> {
            assertThat(s.notActions()).containsExactlyInAnyOrder("iam:*", "sts:*", "s3:*");
            assertThat(s.resources()).containsExactly("*");
            assertThat(s.conditions().get("StringNotEquals").get("aws:RequestedRegion"))
                    .containsExactly("REGION", "REGION_2");
        });
    }

    @Test
    void onlyThisRepositorysEnvironmentMayAssumeTheRole() throws Exception {
        JsonNode trust = new ObjectMapper().readTree(Files.readString(GITHUB.resolve("nightly-role-trust.json")));
        assertThat(trust.get("Statement")).hasSize(1);
        JsonNode s = trust.get("Statement").get(0);
        assertThat(s.at("/Principal/Federated").asText())
                .endsWith(":oidc-provider/token.actions.githubusercontent.com");
        assertThat(s.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        JsonNode eq = s.at("/Condition/StringEquals");
        assertThat(eq.get("token.actions.githubusercontent.com:aud").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(eq.get("token.actions.githubusercontent.com:sub").asText())
                .as("only jobs of this repository that run in the leg's GitHub environment (itself limited to main)")
                .isEqualTo("repo:OWNER/REPO:environment:ENVIRONMENT")
                .doesNotContain("*");
        assertThat(s.get("Condition").has("StringLike"))
                .as("no wildcard subject")
                .isFalse();
    }
}
