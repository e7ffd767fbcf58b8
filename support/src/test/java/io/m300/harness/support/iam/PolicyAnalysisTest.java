package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PolicyAnalysisTest {

    private static final String DB = "arn:aws:rds:eu-west-1:111122223333:db:m300-db";
    private static final String PARAM = "arn:aws:ssm:eu-west-1:111122223333:parameter/m300/db/password";

    private static List<PolicyDocument> docs(String... json) {
        return IntStream.range(0, json.length)
                .mapToObj(i -> PolicyDocument.parse("policy-" + (i + 1), json[i]))
                .toList();
    }

    private static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + action
                + ",\"Resource\":" + resource + "}]}";
    }

    @Test
    void allowIsNeededAndGlobsMatchActionsCaseInsensitively() {
        List<PolicyDocument> p = docs(allow("[\"rds:Describe*\",\"rds:CreateDBSnap?hot\"]", "\"" + DB + "\""));

        assertThat(PolicyAnalysis.allows(p, "rds:DescribeDBInstances", DB)).isTrue();
        assertThat(PolicyAnalysis.allows(p, "RDS:describedbinstances", DB)).isTrue();
        assertThat(PolicyAnalysis.allows(p, "rds:CreateDBSnapshot", DB)).isTrue();
        assertThat(PolicyAnalysis.allows(p, "rds:DeleteDBInstance", DB)).isFalse();
        assertThat(PolicyAnalysis.allows(p, "rds:DescribeDBInstances", DB.replace("m300-db", "other")))
                .isFalse();
        assertThat(PolicyAnalysis.allows(List.of(), "rds:DescribeDBInstances", DB))
                .isFalse();
    }

    @Test
    void resourcesMatchCaseSensitively() {
        List<PolicyDocument> p = docs(allow("\"ssm:GetParameters\"", "\"arn:aws:ssm:*:*:parameter/m300/*\""));

        assertThat(PolicyAnalysis.allows(p, "ssm:GetParameters", PARAM)).isTrue();
        assertThat(PolicyAnalysis.allows(p, "ssm:GetParameters", PARAM.replace("m300", "M300")))
                .isFalse();
    }

    @Test
    void explicitDenyWinsAcrossDocuments() {
        List<PolicyDocument> p = docs(
                allow("\"*\"", "\"*\""),
                "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"rds:Delete*\",\"Resource\":\"*\"}]}");

        assertThat(PolicyAnalysis.allows(p, "rds:DeleteDBInstance", DB)).isFalse();
        assertThat(PolicyAnalysis.allows(p, "rds:CreateDBSnapshot", DB)).isTrue();
    }

    @Test
    void conditionsAreTakenAtTheirWorst() {
        List<PolicyDocument> p = docs("""
                {"Statement":[
                 {"Effect":"Allow","Action":"ssm:GetParameters","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
                 {"Effect":"Deny","Action":"ssm:GetParameters","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");

        assertThat(PolicyAnalysis.allows(p, "ssm:GetParameters", PARAM)).isTrue();
    }

    @Test
    void notActionAndNotResource() {
        List<PolicyDocument> p = docs("""
                {"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}]}""");

        assertThat(PolicyAnalysis.allows(p, "rds:DeleteDBInstance", DB)).isTrue();
        assertThat(PolicyAnalysis.allows(p, "iam:CreateUser", "*")).isFalse();
        assertThat(PolicyAnalysis.allows(p, "s3:GetObject", "arn:aws:s3:::secret/a"))
                .isFalse();
    }

    @Test
    void wildcardGrantsFlagStarStarColonStarAndNotAction() {
        List<PolicyDocument> p = docs(
                allow("\"*\"", "\"*\""),
                allow("\"*:*\"", "\"*\""),
                "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}",
                "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}");

        List<String> found = PolicyAnalysis.wildcardGrants(p);

        assertThat(found).hasSize(3);
        assertThat(found.get(0)).startsWith("policy-1 statement #1: Allow Action [*] on Resource [*]");
        assertThat(found.get(1)).contains("policy-2").contains("[*:*]");
        assertThat(found.get(2)).contains("policy-3").contains("every action except [iam:*]");
    }

    @Test
    void leastPrivilegePolicyHasNoWildcardGrant() {
        List<PolicyDocument> good =
                docs(allow("[\"rds:CreateDBSnapshot\",\"rds:DescribeDBInstances\"]", "\"" + DB + "\""));

        assertThat(PolicyAnalysis.wildcardGrants(good)).isEmpty();
        assertThat(PolicyAnalysis.serviceWildcards(good)).isEmpty();
    }

    @Test
    void serviceWildcardsAreFlagged() {
        List<PolicyDocument> p = docs(allow("[\"rds:*\",\"logs:CreateLogStream\"]", "\"*\""));

        assertThat(PolicyAnalysis.serviceWildcards(p))
                .singleElement()
                .asString()
                .startsWith("rds:* in policy-1 statement #1");
    }

    @Test
    void allowedActionsOfACandidateList() {
        List<PolicyDocument> p = docs(
                allow("[\"rds:*\"]", "\"*\""),
                "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"rds:DeleteDBSnapshot\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"rds:DeleteDBInstance\",\"Resource\":\"" + DB + "\"}]}");

        assertThat(PolicyAnalysis.allowedActions(
                        p,
                        List.of(
                                "rds:CreateDBSnapshot",
                                "rds:DeleteDBSnapshot",
                                "rds:DeleteDBInstance",
                                "iam:CreateUser")))
                .as("DeleteDBInstance is still allowed on other databases")
                .containsExactly("rds:CreateDBSnapshot", "rds:DeleteDBInstance");
    }

    @Test
    void resourcesAllowedForAnAction() {
        List<PolicyDocument> p =
                docs(allow("\"ssm:GetParameters\"", "\"" + PARAM + "\""), allow("\"kms:Decrypt\"", "\"*\""));

        assertThat(PolicyAnalysis.resourcesAllowed(p, "ssm:GetParameters")).containsExactly(PARAM);
        assertThat(PolicyAnalysis.resourcesAllowed(p, "kms:Decrypt")).containsExactly("*");
        assertThat(PolicyAnalysis.resourcesAllowed(p, "ssm:PutParameter")).isEmpty();
    }

    @Test
    void keyPolicyWithPublicPrincipalWithoutConditionIsFlagged() {
        PolicyDocument bad = PolicyDocument.parse("key", """
                {"Statement":[
                 {"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"},
                 {"Sid":"EveryoneAws","Effect":"Allow","Principal":{"AWS":["*"]},"Action":"kms:Encrypt","Resource":"*"}]}""");

        assertThat(PolicyAnalysis.publicPrincipalStatements(bad))
                .hasSize(2)
                .anyMatch(
                        s -> s.startsWith("key statement #2 (sid 'Everyone'): Allow Principal * Action [kms:Decrypt]"))
                .anyMatch(s -> s.contains("sid 'EveryoneAws'"));
    }

    @Test
    void keyPolicyWithPublicPrincipalUnderAConditionOrOnlyDenyingIsNotFlagged() {
        PolicyDocument good = PolicyDocument.parse("key", """
                {"Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*",
                  "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"rds.eu-west-1.amazonaws.com"}}},
                 {"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}""");

        assertThat(PolicyAnalysis.publicPrincipalStatements(good)).isEmpty();
    }

    @Test
    void trustPolicyOfTheTaskRole() {
        PolicyDocument good = PolicyDocument.parse("trust", """
                {"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");

        assertThat(PolicyAnalysis.trustProblems(good, "ecs-tasks.amazonaws.com"))
                .isEmpty();
    }

    @Test
    void trustPolicyThatAlsoTrustsEc2OrAllowsMoreIsFlagged() {
        PolicyDocument mutant = PolicyDocument.parse("trust", """
                {"Statement":[{"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com","ec2.amazonaws.com"]},
                  "Action":["sts:AssumeRole","sts:TagSession"]}]}""");

        assertThat(PolicyAnalysis.trustProblems(mutant, "ecs-tasks.amazonaws.com"))
                .containsExactly(
                        "trust statement #1 also trusts Service principal ec2.amazonaws.com",
                        "trust statement #1 allows sts:TagSession, not only sts:AssumeRole");
    }

    @Test
    void trustPolicyWithWrongServiceEveryoneOrNoAllowIsFlagged() {
        PolicyDocument other = PolicyDocument.parse("trust", """
                {"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        PolicyDocument everyone = PolicyDocument.parse("trust", """
                {"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}""");
        PolicyDocument none = PolicyDocument.parse("trust", "{\"Statement\":[]}");

        assertThat(PolicyAnalysis.trustProblems(other, "ecs-tasks.amazonaws.com"))
                .contains("trust does not trust ecs-tasks.amazonaws.com");
        assertThat(PolicyAnalysis.trustProblems(everyone, "ecs-tasks.amazonaws.com"))
                .contains("trust statement #1 trusts every principal (Principal *)");
        assertThat(PolicyAnalysis.trustProblems(none, "ecs-tasks.amazonaws.com"))
                .singleElement()
                .asString()
                .contains("has no Allow statement");
    }

    @Test
    void globEdgeCases() {
        assertThat(PolicyAnalysis.glob("*", "", false)).isTrue();
        assertThat(PolicyAnalysis.glob("a*b*c", "aXXbYYc", false)).isTrue();
        assertThat(PolicyAnalysis.glob("a*b*c", "aXXbYY", false)).isFalse();
        assertThat(PolicyAnalysis.glob("a?c", "abc", false)).isTrue();
        assertThat(PolicyAnalysis.glob("a?c", "ac", false)).isFalse();
        assertThat(PolicyAnalysis.glob("ABC", "abc", false)).isFalse();
        assertThat(PolicyAnalysis.glob("ABC", "abc", true)).isTrue();
    }
}
