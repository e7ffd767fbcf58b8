package io.m300.harness.support.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSecretsTest {

    private static final String ARN = "arn:aws:ssm:eu-central-1:1:parameter/m300/db/password";
    private static final String NAME = "/m300/db/password";
    private static final String PASSWORD = "Zq9-not-a-real-pw";

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aPlainEnvironmentHolds() {
        assertThat(ContainerSecrets.environmentProblems(
                        "wordpress", env("WORDPRESS_DB_HOST", "db", "WORDPRESS_DB_USER", "wordpress"), PASSWORD))
                .isEmpty();
    }

    @Test
    void valueFromMayBeTheArnOrTheNameButNotAnotherParameter() {
        assertThat(ContainerSecrets.namesParameter(ARN, ARN, NAME)).isTrue();
        assertThat(ContainerSecrets.namesParameter(NAME, ARN, NAME)).isTrue();
        assertThat(ContainerSecrets.namesParameter("m300/db/password", ARN, NAME))
                .isTrue();
        assertThat(ContainerSecrets.namesParameter("arn:aws:ssm:eu-central-1:1:parameter/m300/db/other", ARN, NAME))
                .isFalse();
        assertThat(ContainerSecrets.namesParameter("/m300/db/plain", ARN, NAME)).isFalse();
    }

    @Test
    void passwordInEnvironmentIsReportedByNameAndByValueWithoutPrintingIt() {
        List<String> problems = ContainerSecrets.environmentProblems(
                "wordpress",
                env(
                        "WORDPRESS_DB_PASSWORD",
                        PASSWORD,
                        "CONFIG",
                        Base64.getEncoder().encodeToString(PASSWORD.getBytes())),
                PASSWORD);

        assertThat(problems)
                .containsExactly(
                        "wordpress: environment entry WORDPRESS_DB_PASSWORD has a password-like name",
                        "wordpress: environment entry WORDPRESS_DB_PASSWORD holds the password's value",
                        "wordpress: environment entry CONFIG holds the password's value");
        assertThat(String.join("\n", problems)).doesNotContain(PASSWORD);
    }

    @Test
    void passwordLikeNamesInAnyCasingAndShortening() {
        for (String name : List.of(
                "DB_PASS",
                "db_pass",
                "DBPASS",
                "MYSQL_PWD",
                "dbPassword",
                "DB_PW",
                "WORDPRESS_DB_PASSWORD",
                "Db-Passwd",
                "PASSPHRASE",
                "API_TOKEN",
                "app.secret")) {
            assertThat(ContainerSecrets.isPasswordLike(name)).as(name).isTrue();
        }
        for (String name :
                List.of("WORDPRESS_DB_HOST", "WORDPRESS_DB_USER", "COMPASS_URL", "BYPASS_CACHE", "PATH", "DB_PORT")) {
            assertThat(ContainerSecrets.isPasswordLike(name)).as(name).isFalse();
        }
    }

    @Test
    void environmentProblemsNameDbPass() {
        assertThat(ContainerSecrets.environmentProblems(
                        "wordpress", env("DB_PASS", "x", "WORDPRESS_DB_HOST", "db"), PASSWORD))
                .singleElement()
                .asString()
                .contains("DB_PASS");
    }

    @Test
    void valueFromNamesAnSsmParameterByArnOrName() {
        assertThat(ContainerSecrets.ssmParameterNames(ARN)).containsExactly("/m300/db/password", "m300/db/password");
        assertThat(ContainerSecrets.ssmParameterNames("arn:aws:ssm:eu-central-1:1:parameter/plain"))
                .containsExactly("/plain", "plain");
        assertThat(ContainerSecrets.ssmParameterNames(NAME)).containsExactly(NAME);
        assertThat(ContainerSecrets.ssmParameterNames("arn:aws:secretsmanager:eu-central-1:1:secret:db-AbCdEf"))
                .isEmpty();
    }
}
