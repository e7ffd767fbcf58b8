package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.m300.harness.support.iam.PolicyDocument.Statement;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static final String DOC = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Snap","Effect":"Allow","Action":"rds:CreateDBSnapshot","Resource":["arn:aws:rds:*:1:db:m300"]},
              {"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::x",
               "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
              {"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"},
              {"Effect":"Allow","Principal":{"Service":["ecs-tasks.amazonaws.com","ec2.amazonaws.com"],"AWS":"arn:aws:iam::1:root"},"Action":"sts:AssumeRole"}
            ]}""";

    @Test
    void parsesStringsAndArraysPrincipalsAndConditions() {
        PolicyDocument doc = PolicyDocument.parse("p", DOC);

        assertThat(doc.version()).isEqualTo("2012-10-17");
        assertThat(doc.statements()).hasSize(4);
        Statement snap = doc.statements().get(0);
        assertThat(snap.sid()).isEqualTo("Snap");
        assertThat(snap.isAllow()).isTrue();
        assertThat(snap.actions()).containsExactly("rds:CreateDBSnapshot");
        assertThat(snap.resources()).containsExactly("arn:aws:rds:*:1:db:m300");
        assertThat(snap.hasCondition()).isFalse();
        assertThat(snap.label()).isEqualTo("statement #1 (sid 'Snap')");

        Statement deny = doc.statements().get(1);
        assertThat(deny.isDeny()).isTrue();
        assertThat(deny.notActions()).containsExactly("iam:*", "sts:*");
        assertThat(deny.notResources()).containsExactly("arn:aws:s3:::x");
        assertThat(deny.hasCondition()).isTrue();

        assertThat(doc.statements().get(2).hasPublicPrincipal()).isTrue();
        Statement trust = doc.statements().get(3);
        assertThat(trust.principal().get("Service")).containsExactly("ecs-tasks.amazonaws.com", "ec2.amazonaws.com");
        assertThat(trust.principal().get("AWS")).containsExactly("arn:aws:iam::1:root");
        assertThat(trust.hasPublicPrincipal()).isFalse();
    }

    @Test
    void acceptsUrlEncodedDocumentsAsIamReturnsThem() {
        String encoded = URLEncoder.encode(DOC, StandardCharsets.UTF_8);
        assertThat(encoded).startsWith("%7B");

        assertThat(PolicyDocument.parse(encoded)).isEqualTo(PolicyDocument.parse(DOC));
    }

    @Test
    void singleStatementObjectAndAwsStarPrincipal() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*","Condition":{}}}""");

        assertThat(doc.name()).isEqualTo("policy");
        assertThat(doc.statements()).hasSize(1);
        assertThat(doc.statements().get(0).hasPublicPrincipal()).isTrue();
        assertThat(doc.statements().get(0).hasCondition())
                .as("an empty Condition block is no condition")
                .isFalse();
    }

    @Test
    void rejectsNonJson() {
        assertThatThrownBy(() -> PolicyDocument.parse("x", "not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x is not JSON");
        assertThatThrownBy(() -> PolicyDocument.parse("x", "[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThat(PolicyDocument.parse("{}").statements()).isEqualTo(List.of());
    }

    @Test
    void conditionValuesWrittenAsBooleansOrNumbersAreKeptAsIamReadsThem() {
        // IamPolicy.fromJson alone drops {"aws:SecureTransport": false} and rejects [3600]: a conditional Deny would
        // read as unconditional
        Statement s = PolicyDocument.parse("""
                {"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{
                  "Bool":{"aws:SecureTransport":false},"NumericGreaterThan":{"aws:MultiFactorAuthAge":[3600]}}}]}""").statements().get(0);

        assertThat(s.hasCondition()).isTrue();
        assertThat(s.conditions())
                .containsExactly(
                        entry("Bool", Map.of("aws:SecureTransport", List.of("false"))),
                        entry("NumericGreaterThan", Map.of("aws:MultiFactorAuthAge", List.of("3600"))));
        assertThat(s.summary()).isEqualTo("Deny Action [*] on Resource [*] with a Condition");
    }

    @Test
    void conditionsGroupByOperatorAndKeyInDocumentOrder() {
        Statement s = PolicyDocument.parse("""
                {"Statement":{"Effect":"allow","Action":["s3:GetObject"],"Resource":"*","Condition":{
                  "StringEquals":{"aws:PrincipalAccount":["1","2"],"aws:RequestedRegion":"eu-central-1"},"Null":{"aws:TokenIssueTime":"false"}}}}""").statements().get(0);

        assertThat(s.isAllow())
                .as("IAM's Effect read case-insensitively, as before")
                .isTrue();
        assertThat(s.conditions().keySet()).containsExactly("StringEquals", "Null");
        assertThat(s.conditions().get("StringEquals"))
                .containsExactly(
                        entry("aws:PrincipalAccount", List.of("1", "2")),
                        entry("aws:RequestedRegion", List.of("eu-central-1")));
        assertThat(s.sid()).isNull();
        assertThat(s.label()).isEqualTo("statement #1");
    }

    @Test
    void noVersionNoStatementsAndNoEffect() {
        assertThat(PolicyDocument.parse("{\"Statement\":[]}")).isEqualTo(new PolicyDocument("policy", null, List.of()));
        assertThat(PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}")
                        .version())
                .as("the SDK model's default")
                .isEqualTo("2012-10-17");
        assertThatThrownBy(() -> PolicyDocument.parse("x", "{\"Statement\":[{\"Action\":\"s3:*\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("policy document x is not a valid IAM policy: ");
        assertThatThrownBy(() -> PolicyDocument.parse(
                        "x", "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"arn:aws:iam::1:root\"}]}"))
                .as("IAM too refuses a Principal that is neither \"*\" nor an object")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Principal was not");
    }
}
