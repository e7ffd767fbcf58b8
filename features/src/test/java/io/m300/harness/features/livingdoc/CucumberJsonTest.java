package io.m300.harness.features.livingdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CucumberJsonTest {

    /** Written by cucumber-jvm 7.34.2 itself: one skipped (capability hook), one failed, one passed. */
    private static List<ScenarioResult> recorded() throws Exception {
        return CucumberJson.read(Path.of(CucumberJsonTest.class
                .getResource("/livingdoc/cucumber-7.34-pass-fail-skip.json")
                .toURI()));
    }

    @Test
    void aScenarioSkippedByTheCapabilityHookCarriesItsReason() throws Exception {
        ScenarioResult skipped = recorded().get(0);
        assertThat(skipped.name()).isEqualTo("An alarm reaches the administrators");
        assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
        assertThat(skipped.skipReason()).contains("skipped on target moto: moto never runs alarm actions");
        assertThat(skipped.requirements()).containsExactly("@requires-alarm-actions");
        assertThat(skipped.controlIds()).containsExactly("MON-03");
    }

    @Test
    void theSummaryIsTheOneCucumberPrintedForTheSameRun() throws Exception {
        Run run = new Run("r", "moto", "", "", "", "", Map.of(), recorded());
        assertThat(run.summary()).isEqualTo("3 scenarios (1 passed, 1 skipped, 1 failed)");
    }

    @Test
    void aFailedScenarioNamesItsFailingStepAndMessageWithoutTheStackTrace() throws Exception {
        ScenarioResult failed = recorded().get(1);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.failingStep()).get().satisfies(s -> {
            assertThat(s.text()).isEqualTo("it fails");
            assertThat(s.message()).isEqualTo("[DB SG ingress] expected 1 rule but was 2");
        });
        assertThat(failed.evidence())
                .extracting(ScenarioResult.Attachment::label)
                .containsExactly("target", "rules");
        assertThat(failed.evidence().get(1).text()).isEqualTo("found <sg-1> open");
        assertThat(failed.skipReason()).isEmpty();
    }

    @Test
    void backgroundStepsAreFoldedIntoTheirScenario() throws Exception {
        ScenarioResult passed = recorded().get(2);
        assertThat(passed.status()).isEqualTo(Status.PASSED);
        assertThat(passed.steps())
                .extracting(ScenarioResult.Step::text)
                .containsExactly("the deployed m300 stack", "it passes");
        assertThat(passed.steps().get(0).background()).isTrue();
        assertThat(passed.durationNanos()).isPositive();
        assertThat(passed.started()).isNotBlank();
    }

    @Test
    void theScenarioStatusIsTheWorstOfStepsAndHooksAsCucumberCountsIt() {
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature f = r.feature("Network security", "classpath:features/network.feature", "");
        f.scenario("passes", "@NET-01").passed("ok");
        f.scenario("undefined step", "@NET-02").step("Then", "nobody wrote me", "undefined", null);
        f.scenario("after hook failed", "@NET-03")
                .passed("ok")
                .afterHookFailed("java.lang.IllegalStateException: cleanup");
        List<ScenarioResult> s = CucumberJson.parse(r.json());
        assertThat(s)
                .extracting(ScenarioResult::status)
                .containsExactly(Status.PASSED, Status.UNDEFINED, Status.FAILED);
        assertThat(s.get(2).failingStep())
                .get()
                .satisfies(h -> assertThat(h.keyword()).isEqualTo("After"));
        assertThat(Status.UNDEFINED.isFailure()).isTrue();
        assertThat(Verdict.of(List.of(s.get(0), s.get(1))))
                .isEqualTo(Verdict.ERRORED); // an undefined step: could not be verified
    }

    @Test
    void anAwsAnswerThatIsNoEvidenceIsCouldNotBeVerifiedNotViolated() {
        Fixtures.Report r = new Fixtures.Report();
        Fixtures.Feature f = r.feature("Terraform state security", "classpath:features/state.feature", "");
        String error =
                "io.m300.harness.support.aws.CouldNotVerify: could not verify: s3.GetBucketEncryption answered AccessDenied (403): "
                        + "no evidence either way; give the harness's credentials the permission this read needs\n\tat x.Y.z(Y.java:1)\n";
        f.scenario("State is stored remotely, versioned and encrypted", "@STATE-02")
                .step(
                        "Then",
                        "the state bucket has versioning enabled, default encryption and all public access blocked",
                        "failed",
                        error);
        List<ScenarioResult> s = CucumberJson.parse(r.json());
        assertThat(s.get(0).failedOnAssertion()).isFalse();
        assertThat(Verdict.of(s)).isEqualTo(Verdict.ERRORED);
        assertThat(Verdict.ERRORED.label()).isEqualTo("could not be verified");
        assertThat(CucumberJson.messageOf(error))
                .startsWith("could not verify: s3.GetBucketEncryption answered AccessDenied (403)");
    }

    @Test
    void messagesDropTheExceptionClassAndFrames() {
        assertThat(CucumberJson.messageOf(
                        "java.lang.AssertionError: [what, where] \nExpecting:\n  1\nto be 2\n\tat a.B.c(B.java:1)\n"))
                .isEqualTo("[what, where]\nExpecting:\n  1\nto be 2");
        assertThat(CucumberJson.messageOf(null)).isEmpty();
    }
}
