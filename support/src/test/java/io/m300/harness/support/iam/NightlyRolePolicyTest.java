package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The nightly role's policies in .github/ are what docs/nightly.md tells an administrator to
 * create: least privilege (no wildcard actions, IAM only on the nightly runs' own roles and
 * policies, state only under m300/), yet enough for every behavioural check, and a trust policy
 * that only this repository's main branch can use.
 */
class NightlyRolePolicyTest {

    private static final Path GITHUB = Path.of("..", ".github");

    private static PolicyDocument policy() throws Exception {
        return PolicyDocument.parse("nightly", Files.readString(GITHUB.resolve("nightly-role-policy.json")));
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
        assertThat(PolicyAnalysis.allows(docs, "ec2:CreateNetworkInsightsPath", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "ec2:StartNetworkInsightsAnalysis", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "tiros:CreateQuery", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "cloudwatch:SetAlarmState", "*")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "iam:SimulatePrincipalPolicy", "arn:aws:iam::" + acct + ":role/m300n123-1-backup")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "lambda:InvokeFunction", "arn:aws:lambda:REGION:" + acct + ":function:m300n123-1-snapshot")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "sqs:ReceiveMessage", "arn:aws:sqs:REGION:" + acct + ":m300n123-1-alerts-probe")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "ssm:PutParameter", "arn:aws:ssm:REGION:" + acct + ":parameter/m300n123-1/db/password")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "s3:PutObject", "arn:aws:s3:::STATE_BUCKET/m300/m300n123-1/terraform.tfstate")).isTrue();
    }

    @Test
    void iamAndDataStayWithinTheNightlyRuns() throws Exception {
        List<PolicyDocument> docs = List.of(policy());
        String acct = "ACCOUNT_ID";
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateRole", "arn:aws:iam::" + acct + ":role/m300n123-1-task")).isTrue();
        assertThat(PolicyAnalysis.allows(docs, "iam:PutRolePolicy", "arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:PassRole", "arn:aws:iam::" + acct + ":role/admin")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:AttachRolePolicy", "arn:aws:iam::" + acct + ":role/m300-nightly")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateUser", "*")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "iam:CreateAccessKey", "*")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "ssm:GetParameter", "arn:aws:ssm:REGION:" + acct + ":parameter/prod/db/password")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "s3:GetObject", "arn:aws:s3:::other-bucket/secret")).isFalse();
        assertThat(PolicyAnalysis.allows(docs, "s3:PutBucketPolicy", "arn:aws:s3:::STATE_BUCKET")).isFalse();
    }

    @Test
    void everyStatementThatWritesOnAnyResourceIsBoundToTheRegionOrACondition() throws Exception {
        Set<String> unconditionedReads = Set.of("iam:ListRoles", "iam:ListPolicies", "sts:GetCallerIdentity",
                "s3:ListAllMyBuckets", "s3:GetBucketTagging");
        for (PolicyDocument.Statement s : policy().statements()) {
            if (s.resources().contains("*") && !s.hasCondition()) {
                assertThat(s.actions()).as("statement %s grants on every resource without a condition", s.sid())
                        .allMatch(unconditionedReads::contains);
            }
        }
    }

    @Test
    void onlyThisRepositorysMainBranchMayAssumeTheRole() throws Exception {
        JsonNode trust = new ObjectMapper().readTree(Files.readString(GITHUB.resolve("nightly-role-trust.json")));
        assertThat(trust.get("Statement")).hasSize(1);
        JsonNode s = trust.get("Statement").get(0);
        assertThat(s.at("/Principal/Federated").asText()).endsWith(":oidc-provider/token.actions.githubusercontent.com");
        assertThat(s.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        JsonNode eq = s.at("/Condition/StringEquals");
        assertThat(eq.get("token.actions.githubusercontent.com:aud").asText()).isEqualTo("sts.amazonaws.com");
        assertThat(eq.get("token.actions.githubusercontent.com:sub").asText())
                .isEqualTo("repo:OWNER/REPO:ref:refs/heads/main")
                .doesNotContain("*");
        assertThat(s.get("Condition").has("StringLike")).as("no wildcard subject").isFalse();
    }
}
