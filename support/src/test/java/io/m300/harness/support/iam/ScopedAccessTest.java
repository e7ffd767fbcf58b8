package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopedAccessTest {

    private static final String PARAM = "arn:aws:ssm:eu-central-1:1:parameter/m300/db/password";
    private static final String KEY = "arn:aws:kms:eu-central-1:1:key/abc";

    private static List<PolicyDocument> policy(String statements) {
        return List.of(PolicyDocument.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
    }

    private static final String EXECUTION = """
            {"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},
            {"Effect":"Allow","Action":"ssm:GetParameters","Resource":"%s"},
            {"Effect":"Allow","Action":"kms:Decrypt","Resource":"%s","Condition":{"StringEquals":{"kms:ViaService":"ssm.eu-central-1.amazonaws.com"}}}""".formatted(PARAM, KEY);
    private static final String TASK = """
            {"Effect":"Allow","Action":["ec2:CreateNetworkInterface"],"Resource":"*"}""";

    @Test
    void executionRoleScopedToTheParameterHolds() {
        assertThat(ScopedAccess.parameterReadProblems(
                        "execution", policy(EXECUTION), Map.of("task", policy(TASK)), PARAM, Set.of(KEY)))
                .isEmpty();
    }

    @Test
    void ssmStarOnEverythingIsReported() {
        List<String> problems = ScopedAccess.parameterReadProblems(
                "execution",
                policy(EXECUTION + ",{\"Effect\":\"Allow\",\"Action\":\"ssm:*\",\"Resource\":\"*\"}"),
                Map.of(),
                PARAM,
                Set.of(KEY));

        assertThat(problems).anyMatch(p -> p.contains("ssm:GetParameters on *"));
        assertThat(problems).anyMatch(p -> p.contains("ssm:GetParametersByPath on *"));
        assertThat(problems).anyMatch(p -> p.startsWith("execution has ssm:*"));
    }

    @Test
    void aWiderParameterPatternOrKeyAndATaskRoleThatReadsAreReported() {
        String wide = """
                {"Effect":"Allow","Action":"ssm:GetParameters","Resource":"arn:aws:ssm:eu-central-1:1:parameter/m300/*"},
                {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}""";
        List<String> problems = ScopedAccess.parameterReadProblems(
                "execution",
                policy(wide),
                Map.of(
                        "task",
                        policy("{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\",\"Resource\":\"" + PARAM
                                + "\"}")),
                PARAM,
                Set.of(KEY));

        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "execution may ssm:GetParameters on arn:aws:ssm:eu-central-1:1:parameter/m300/* (outside ["
                                + PARAM + "])",
                        "execution may kms:Decrypt on * (outside [" + KEY + "])",
                        "task may ssm:GetParameter on " + PARAM + ", but only execution should");
    }

    @Test
    void everyReadingActionCountsThroughAnyWildcard() {
        // GetParameterHistory returns every value the parameter held, the current one too
        assertThat(ScopedAccess.parameterReaders(
                        Map.of(
                                "role ci",
                                policy("{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameterHistory\",\"Resource\":\""
                                        + PARAM + "\"}")),
                        PARAM))
                .containsExactly("role ci may ssm:GetParameterHistory on " + PARAM);
        assertThat(ScopedAccess.parameterReaders(
                        Map.of(
                                "role ci",
                                policy("{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameterH*\",\"Resource\":\"*\"}")),
                        PARAM))
                .containsExactly("role ci may ssm:GetParameterHistory on " + PARAM);
        assertThat(ScopedAccess.parameterReaders(
                        Map.of("role ci", policy("{\"Effect\":\"Allow\",\"Action\":\"ssm:*\",\"Resource\":\"*\"}")),
                        PARAM))
                .contains(
                        "role ci may ssm:GetParameter on " + PARAM,
                        "role ci may ssm:GetParameters on " + PARAM,
                        "role ci may ssm:GetParameterHistory on " + PARAM)
                .anyMatch(l -> l.startsWith("role ci may ssm:GetParametersByPath on "));
        assertThat(ScopedAccess.parameterReaders(
                        Map.of(
                                "role ci",
                                policy("{\"Effect\":\"Allow\",\"NotAction\":\"ssm:PutParameter\",\"Resource\":\""
                                        + PARAM + "\"}")),
                        PARAM))
                .contains("role ci may ssm:GetParameterHistory on " + PARAM);
        assertThat(ScopedAccess.PARAMETER_READ_ACTIONS)
                .containsExactly(
                        "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath");
        // the execution role itself may read it by GetParameters only
        assertThat(ScopedAccess.parameterReadProblems(
                        "execution",
                        policy(EXECUTION
                                + ",{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameterHistory\",\"Resource\":\""
                                + PARAM + "\"}"),
                        Map.of(
                                "task",
                                policy("{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameterHistory\",\"Resource\":\""
                                        + PARAM + "\"}")),
                        PARAM,
                        Set.of(KEY)))
                .contains("task may ssm:GetParameterHistory on " + PARAM + ", but only execution should");
    }

    @Test
    void aRoleThatCannotReadTheParameterIsReported() {
        assertThat(ScopedAccess.parameterReadProblems("execution", policy(TASK), Map.of(), PARAM, Set.of(KEY)))
                .containsExactly("execution may not ssm:GetParameters on " + PARAM
                        + ": the containers could not get the password");
    }

    @Test
    void beyondAcceptsGrantsCoveredByAnAllowedPattern() {
        List<PolicyDocument> docs = policy("""
                {"Effect":"Allow","Action":"rds:CreateDBSnapshot","Resource":["arn:aws:rds:r:1:db:m300-db","arn:aws:rds:r:1:snapshot:m300-db-*"]}""");
        assertThat(ScopedAccess.beyond(
                        docs,
                        "rds:CreateDBSnapshot",
                        List.of("arn:aws:rds:r:1:db:m300-db", "arn:aws:rds:r:1:snapshot:m300-db-*")))
                .isEmpty();
        assertThat(ScopedAccess.beyond(docs, "rds:CreateDBSnapshot", List.of("arn:aws:rds:r:1:db:m300-db")))
                .containsExactly(
                        "rds:CreateDBSnapshot on arn:aws:rds:r:1:snapshot:m300-db-* (outside [arn:aws:rds:r:1:db:m300-db])");
    }
}
