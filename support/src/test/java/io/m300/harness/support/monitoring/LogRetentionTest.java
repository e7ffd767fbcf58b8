package io.m300.harness.support.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogRetentionTest {

    @Test
    void aFunctionWritesToItsLoggingConfigGroupElseTheDefault() {
        assertThat(LogRetention.functionLogGroup("m300-db-snapshot", null)).isEqualTo("/aws/lambda/m300-db-snapshot");
        assertThat(LogRetention.functionLogGroup("m300-db-snapshot", "")).isEqualTo("/aws/lambda/m300-db-snapshot");
        assertThat(LogRetention.functionLogGroup("m300-db-snapshot", "/custom/fn"))
                .isEqualTo("/custom/fn");
    }

    @Test
    void aMissingGroupOrAnotherRetentionIsAProblem() {
        Map<String, Optional<Integer>> groups = new LinkedHashMap<>();
        groups.put("/ecs/app", Optional.of(14));
        groups.put("/aws/lambda/fn", Optional.of(7));
        groups.put("/custom/fn", null);
        groups.put("/forever", Optional.empty());
        assertThat(LogRetention.problems(groups, 14))
                .containsExactly(
                        "/aws/lambda/fn keeps logs for 7 days, not 14",
                        "/custom/fn does not exist (it is written to, so logs go to a group created without retention)",
                        "/forever keeps logs forever (no retention), not 14 days");
    }

    @Test
    void nothingToCheckIsAProblem() {
        assertThat(LogRetention.problems(Map.of(), 14))
                .singleElement()
                .asString()
                .contains("no log group");
    }
}
