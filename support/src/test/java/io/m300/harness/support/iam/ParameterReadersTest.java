package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SEC-05: which principals of the stack may read the password parameter. */
class ParameterReadersTest {

    private static final String PARAM = "arn:aws:ssm:eu-central-1:1:parameter/m300-x/db/password";

    private static List<PolicyDocument> policy(String statement) {
        return List.of(PolicyDocument.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}"));
    }

    @Test
    void anotherRoleWithGetParameterThroughAWildcardIsAReader() {
        Map<String, List<PolicyDocument>> others = Map.of(
                "role ci",
                policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParam*\",\"Resource\":\"arn:aws:ssm:eu-central-1:1:parameter/m300-x/*\"}"));
        assertThat(ScopedAccess.parameterReaders(others, PARAM))
                .anyMatch(p -> p.startsWith("role ci may ssm:GetParameter on"));
    }

    @Test
    void getParametersByPathOnAnAncestorPathIsReading() {
        Map<String, List<PolicyDocument>> others = Map.of(
                "group ops",
                policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParametersByPath\",\"Resource\":\"arn:aws:ssm:eu-central-1:1:parameter/m300-x/db\"}"));
        assertThat(ScopedAccess.parameterReaders(others, PARAM))
                .singleElement()
                .asString()
                .contains("ssm:GetParametersByPath on arn:aws:ssm:eu-central-1:1:parameter/m300-x/db");
    }

    @Test
    void aRoleThatReadsOtherParametersIsNotAReader() {
        Map<String, List<PolicyDocument>> others = Map.of(
                "role app",
                policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\",\"Resource\":\"arn:aws:ssm:eu-central-1:1:parameter/app/*\"}"));
        assertThat(ScopedAccess.parameterReaders(others, PARAM)).isEmpty();
    }

    @Test
    void theParameterPathsAreItsAncestors() {
        assertThat(ScopedAccess.parameterPaths(PARAM))
                .containsExactly(
                        "arn:aws:ssm:eu-central-1:1:parameter/m300-x/db",
                        "arn:aws:ssm:eu-central-1:1:parameter/m300-x",
                        "arn:aws:ssm:eu-central-1:1:parameter/");
    }
}
