package io.m300.harness.support.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPolicyExposureTest {

    static final String ACCOUNT = "123456789012";

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static final String ROOT =
            "{\"Sid\":\"Root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                    + "\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    static final String CLOUDWATCH =
            "{\"Sid\":\"Cw\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudwatch.amazonaws.com\"},"
                    + "\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\"],\"Resource\":\"*\","
                    + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}";

    static String everyone(String condition) {
        return "{\"Sid\":\"Everyone\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    @Test
    void aTransportConditionRestrictsNobody() {
        String p = policy(ROOT, everyone("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"));
        assertThat(KeyPolicyExposure.problems("k", p, ACCOUNT, null))
                .singleElement()
                .asString()
                .contains("Everyone")
                .contains("aws:SecureTransport");
    }

    @Test
    void aRequestConditionRestrictsNobody() {
        String p = policy(ROOT, everyone("{\"StringEquals\":{\"kms:EncryptionContext:app\":\"m300\"}}"));
        assertThat(KeyPolicyExposure.problems("k", p, ACCOUNT, null)).hasSize(1);
    }

    @Test
    void theHardenedPolicyPasses() {
        assertThat(KeyPolicyExposure.problems("k", policy(ROOT, CLOUDWATCH), ACCOUNT, null))
                .isEmpty();
    }

    @Test
    void publicWithoutConditionFails() {
        assertThat(KeyPolicyExposure.problems("k", policy(ROOT, everyone(null)), ACCOUNT, null))
                .hasSize(1);
        String star = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}";
        assertThat(KeyPolicyExposure.problems("k", policy(star), ACCOUNT, null)).hasSize(1);
    }

    @Test
    void aCallerConditionOnTheOwnAccountRestricts() {
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}")),
                        ACCOUNT,
                        null))
                .isEmpty();
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone(
                                "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/app-*\"}}")),
                        ACCOUNT,
                        null))
                .isEmpty();
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}")),
                        ACCOUNT,
                        "o-abc"))
                .isEmpty();
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(
                                everyone(
                                        "{\"StringEquals\":{\"kms:CallerAccount\":\"123456789012\",\"kms:ViaService\":\"rds.eu-central-1.amazonaws.com\"}}")),
                        ACCOUNT,
                        null))
                .isEmpty();
    }

    @Test
    void aCallerConditionOnAnotherAccountOrTooWeakFails() {
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringEquals\":{\"aws:PrincipalAccount\":\"999999999999\"}}")),
                        ACCOUNT,
                        null))
                .hasSize(1);
        assertThat(KeyPolicyExposure.problems(
                        "k", policy(everyone("{\"StringLike\":{\"aws:PrincipalAccount\":\"*\"}}")), ACCOUNT, null))
                .hasSize(1);
        // kms:CallerAccount alone (without kms:ViaService) does not count
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringEquals\":{\"kms:CallerAccount\":\"123456789012\"}}")),
                        ACCOUNT,
                        null))
                .hasSize(1);
        // a negated operator or IfExists lets callers without the key through
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringNotEquals\":{\"aws:PrincipalAccount\":\"999999999999\"}}")),
                        ACCOUNT,
                        null))
                .hasSize(1);
        assertThat(KeyPolicyExposure.problems(
                        "k",
                        policy(everyone("{\"StringEqualsIfExists\":{\"aws:PrincipalAccount\":\"123456789012\"}}")),
                        ACCOUNT,
                        null))
                .hasSize(1);
        // an organisation that cannot be confirmed as the stack's does not count
        assertThat(KeyPolicyExposure.problems(
                        "k", policy(everyone("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}")), ACCOUNT, null))
                .hasSize(1);
    }

    @Test
    void anotherAccountGrantedUseFails() {
        String other =
                "{\"Sid\":\"Partner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::999999999999:root\"]},"
                        + "\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
        assertThat(KeyPolicyExposure.problems("k", policy(ROOT, other), ACCOUNT, null))
                .singleElement()
                .asString()
                .contains("999999999999");
        String bare =
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"999999999999\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
        assertThat(KeyPolicyExposure.problems("k", policy(bare), ACCOUNT, null)).hasSize(1);
    }

    @Test
    void notPrincipalAllowIsOpen() {
        String np =
                "{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";
        assertThat(KeyPolicyExposure.problems("k", policy(np), ACCOUNT, null)).hasSize(1);
    }

    @Test
    void grantsToAnotherAccountFail() {
        assertThat(KeyPolicyExposure.grantProblems(
                        "k",
                        Map.of("g1", "arn:aws:iam::999999999999:role/x", "g2", "arn:aws:iam::123456789012:role/y"),
                        ACCOUNT))
                .singleElement()
                .asString()
                .contains("g1");
    }
}
