package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TeardownNoticeTest {

    @Test
    void aFailedDestroyKeepsStateAndParameterAndSaysHowToFinishInOneLine() {
        var line = TeardownNotice.keepPrerequisites(
                true,
                "m300n1-a1",
                "state-b",
                "m300/m300n1-a1/terraform.tfstate",
                "/m300n1-a1/db/password",
                Path.of("features/target/harness/m300n1-a1"));
        assertThat(line)
                .hasValueSatisfying(l -> assertThat(l)
                        .doesNotContain("\n")
                        .contains(
                                "kept its state s3://state-b/m300/m300n1-a1/terraform.tfstate",
                                "/m300n1-a1/db/password",
                                ".ci/fallback-destroy.sh features/target/harness/m300n1-a1",
                                "--run-id m300n1-a1"));
    }

    @Test
    void aSuccessfulOrNeedlessDestroyLetsTeardownRemoveThem() {
        assertThat(TeardownNotice.keepPrerequisites(false, "r-1", "b", "k", "/p", Path.of("w")))
                .isEmpty();
    }
}
