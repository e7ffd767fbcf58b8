package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.stack.TaggedResources;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The sweeper's choices that need no emulator: which runs, which answers are denials. */
class SweeperOptionsTest {

    @Test
    void sweepsEveryAttemptOfAWorkflowRunByPrefix() {
        var o = Sweeper.Options.parse("--run-id-prefix", "m300n12345678901-a", "--state-bucket", "b");
        assertThat(o.selection().matches("m300n12345678901-a1")).isTrue();
        assertThat(o.selection().matches("m300n12345678901-a2")).isTrue();
        assertThat(o.selection().matches("m300n12345678901-b1")).as("another leg").isFalse();
        assertThat(o.selection().matches("m300n1234567890-a1")).as("another run").isFalse();
        assertThat(o.selection().describe()).isEqualTo("m300:run-id=m300n12345678901-a*");
    }

    @Test
    void refusesAPrefixThatCouldSelectOtherProjectsAndAJanitorWithoutBound() {
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id-prefix", "m")).hasMessageContaining("5-20");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--run-id-prefix", "m300n"))
                .hasMessageContaining("--run-id");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id", "m300n1-a1", "--older-than", "24h"))
                .hasMessageContaining("needs --run-id-prefix");
        assertThatThrownBy(() -> Sweeper.Options.parse("--run-id-prefix", "m300n", "--older-than", "1h"))
                .hasMessageContaining("at least 3h");
        assertThat(Sweeper.Options.parse("--run-id-prefix", "m300n", "--older-than", "2d").selection().olderThan())
                .contains(Duration.ofDays(2));
    }

    @Test
    void janitorTakesOnlyRunsWhoseOldestKnownTimeIsOlderThanTheBound() {
        Instant now = Instant.parse("2026-12-01T05:00:00Z");
        Map<String, Instant> oldest = Map.of(
                "m300n1-a1", now.minus(Duration.ofDays(3)),
                "m300n2-a1", now.minus(Duration.ofHours(1)));
        Set<String> seen = Set.of("m300n1-a1", "m300n2-a1", "m300n3-a1");
        assertThat(Sweeper.olderThan(oldest, seen, now, Duration.ofHours(24)))
                .as("old run swept; the running one and the one of unknown age left alone")
                .containsExactly("m300n1-a1");
    }

    @Test
    void aDeniedListingIsToldApartFromAFailedOne() {
        var denied = IamException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDenied").errorMessage("User is not authorized to perform: iam:ListRoleTags").build()).build();
        var lambdaDenied = LambdaException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("AccessDeniedException").errorMessage("not authorized to perform: lambda:ListTags").build()).build();
        var throttled = IamException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("Throttling").errorMessage("Rate exceeded").build()).build();
        assertThat(TaggedResources.isDenied(denied)).isTrue();
        assertThat(TaggedResources.isDenied(lambdaDenied)).isTrue();
        assertThat(TaggedResources.isDenied(throttled)).isFalse();
        assertThat(TaggedResources.isDenied(new io.m300.harness.support.HarnessException(
                "CloudWatch DescribeAlarms failed with HTTP 403 at https://monitoring: AccessDenied"))).isTrue();
        assertThat(TaggedResources.message(denied)).isEqualTo("AccessDenied: User is not authorized to perform: iam:ListRoleTags");
    }
}
