package io.m300.harness.support.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalStackHealthTest {

    private static final String ALL = """
            {"services": {"acm": "available", "cloudwatch": "running", "ec2": "available", "ecs": "available",
             "elbv2": "available", "events": "available", "iam": "available", "kms": "available", "lambda": "available",
             "logs": "available", "rds": "running", "s3": "running", "sns": "available", "sqs": "available",
             "ssm": "available", "sts": "available"}, "edition": "pro", "version": "2026.3.0"}""";

    @Test
    void aCommunityImageLacksRdsEcsAndElbv2AndTheLineNamesTheTier() {
        String community = ALL.replace("\"ecs\": \"available\"", "\"ecs\": \"disabled\"")
                .replace("\"rds\": \"running\", ", "")
                .replace("\"elbv2\": \"available\"", "\"elbv2\": \"error\"");
        assertThat(LocalStackHealth.missing(community, LocalStackHealth.NEEDED))
                .containsExactly("rds (absent)", "ecs (disabled)", "elbv2 (error)");
        assertThat(LocalStackHealth.verdict(community, "localstack/localstack:4.14.0"))
                .hasValueSatisfying(l -> assertThat(l)
                        .doesNotContain("\n")
                        .contains("rds (absent), ecs (disabled), elbv2 (error)", "Base tier", "harness.target=moto"));
    }

    @Test
    void everythingReadyIsNoVerdict() {
        assertThat(LocalStackHealth.verdict(ALL, "img")).isEmpty();
    }

    @Test
    void aMissingFreeServiceSaysSoWithoutBlamingTheTier() {
        assertThat(LocalStackHealth.verdict(ALL.replace("\"acm\": \"available\", ", ""), "img"))
                .hasValueSatisfying(l -> assertThat(l).contains("acm (absent)").doesNotContain("Base tier"));
    }

    @Test
    void anAnswerThatIsNoJsonIsOneLine() {
        assertThatThrownBy(() -> LocalStackHealth.missing("<html>502</html>", LocalStackHealth.NEEDED))
                .hasMessageContaining("answered no JSON");
    }
}
