package io.m300.harness.support.mutation;

import static io.m300.harness.support.mutation.MutationVerdict.Status.ERRORED;
import static io.m300.harness.support.mutation.MutationVerdict.Status.FAILED;
import static io.m300.harness.support.mutation.MutationVerdict.Status.PASSED;
import static io.m300.harness.support.mutation.MutationVerdict.Status.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.mutation.MutationVerdict.ScenarioResult;
import io.m300.harness.support.mutation.MutationVerdict.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

class MutationVerdictTest {

    private static ScenarioResult r(String name, MutationVerdict.Status s, String... tags) {
        return new ScenarioResult(name, Set.of(tags), s, s == PASSED ? "" : "because");
    }

    private static Verdict verdictOf(String control, ScenarioResult... results) {
        return MutationVerdict.judge(control, List.of(results)).verdict();
    }

    @Test
    void killedAndPreciseWhenOnlyItsOwnControlFails() {
        var v = MutationVerdict.judge(
                "NET-01", List.of(r("a", FAILED, "@NET-01", "@network"), r("b", PASSED, "@NET-02")));
        assertThat(v.verdict()).isEqualTo(Verdict.KILLED);
        assertThat(v.precise()).isTrue();
        assertThat(v.reason()).contains("a: because");
    }

    @Test
    void aKillThatTripsWhatItsReadmeDeclaresIsAKill() {
        var v = MutationVerdict.judge(
                "NET-01", List.of(r("a", FAILED, "NET-01"), r("b", FAILED, "NET-02")), Set.of("NET-02"));
        assertThat(v.verdict()).isEqualTo(Verdict.KILLED);
        assertThat(v.precise()).isFalse();
        assertThat(v.tripped()).containsExactly("NET-02");
        assertThat(v.verdict().failsTheRun()).isFalse();
    }

    @Test
    void aKillThatTripsAnUndeclaredControlFailsTheRun() {
        var v = MutationVerdict.judge(
                "NET-01",
                List.of(r("a", FAILED, "NET-01"), r("b", FAILED, "NET-02"), r("drift", FAILED, "drift")),
                Set.of("NET-02"));
        assertThat(v.verdict()).isEqualTo(Verdict.UNDECLARED);
        assertThat(v.tripped()).containsExactly("NET-02", "drift");
        assertThat(v.reason()).startsWith("killed, but it also tripped [drift], which its README does not declare");
        assertThat(v.verdict().failsTheRun()).isTrue();
        assertThat(verdictOf("NET-01", r("a", FAILED, "NET-01"), r("b", FAILED, "NET-02")))
                .isEqualTo(Verdict.UNDECLARED);
    }

    @Test
    void aCouldNotVerifyInAnotherControlIsAnUndeclaredTrip() {
        var v = MutationVerdict.judge(
                "SEC-02",
                List.of(
                        r("a", FAILED, "@SEC-02"),
                        new ScenarioResult(
                                "state",
                                Set.of("@STATE-02"),
                                ERRORED,
                                "could not verify: s3.GetBucketEncryption answered AccessDenied (403)")));
        assertThat(v.verdict()).isEqualTo(Verdict.UNDECLARED);
        assertThat(v.tripped()).containsExactly("STATE-02");
    }

    @Test
    void survivedWhenItsControlPasses() {
        var v = MutationVerdict.judge("MON-01", List.of(r("a", PASSED, "@MON-01"), r("b", SKIPPED, "@MON-01")));
        assertThat(v.verdict()).isEqualTo(Verdict.SURVIVED);
    }

    @Test
    void notCheckableWhenEveryScenarioOfTheControlIsSkipped() {
        var v = MutationVerdict.judge("MON-03", List.of(r("a", SKIPPED, "@MON-03"), r("b", PASSED, "@MON-02")));
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_CHECKABLE);
        assertThat(verdictOf("XYZ-01", r("b", PASSED, "@MON-02"))).isEqualTo(Verdict.NOT_CHECKABLE);
    }

    @Test
    void aScenarioThatThrowsInsteadOfAssertingDoesNotKill() {
        var v = MutationVerdict.judge(
                "DATA-04",
                List.of(
                        new ScenarioResult(
                                "backups", Set.of("@DATA-04"), ERRORED, "NullPointerException: outputs.get(\"db\")"),
                        r("b", PASSED, "@NET-02")));
        assertThat(v.verdict()).isEqualTo(Verdict.ERRORED);
        assertThat(v.reason())
                .contains("could not be verified")
                .contains("backups")
                .contains("NullPointerException");
    }

    @Test
    void aScenarioOfTheControlThatCouldNotVerifyMakesTheMutantErroredEvenBesideAnAssertion() {
        var v = MutationVerdict.judge(
                "STATE-02",
                List.of(
                        new ScenarioResult(
                                "a",
                                Set.of("@STATE-02"),
                                ERRORED,
                                "could not verify: s3.GetBucketEncryption answered AccessDenied (403)"),
                        r("b", FAILED, "@STATE-02")));
        assertThat(v.verdict()).isEqualTo(Verdict.ERRORED);
        assertThat(v.reason())
                .startsWith(
                        "could not be verified: a threw instead of asserting: could not verify: s3.GetBucketEncryption");
        assertThat(v.verdict().failsTheRun()).isTrue();
    }

    @Test
    void anotherControlThatErroredIsTrippedToo() {
        var v = MutationVerdict.judge("NET-01", List.of(r("a", FAILED, "@NET-01"), r("b", ERRORED, "@NET-02")));
        assertThat(v.tripped()).containsExactly("NET-02");
    }

    @Test
    void onlyAssertionErrorsCountAsAssertions() {
        assertThat(MutationVerdict.isAssertion(new AssertionError("x"))).isTrue();
        assertThat(MutationVerdict.isAssertion(new AssertionFailedError("x"))).isTrue();
        assertThat(MutationVerdict.isAssertion(new MultipleFailuresError("soft", List.of(new AssertionError("y")))))
                .isTrue();
        assertThat(MutationVerdict.isAssertion(new MultipleFailuresError(
                        "mixed", List.of(new AssertionError("y"), new IllegalStateException("z")))))
                .isFalse();
        assertThat(MutationVerdict.isAssertion(new NullPointerException())).isFalse();
        assertThat(MutationVerdict.isAssertion(new RuntimeException("wrapped", new AssertionError("x"))))
                .isFalse();
    }

    @Test
    void verdictsGroupedByControlInMutantNameOrder() {
        var rows = MutationVerdict.byControl(List.of("NET-02.extra-group", "DATA-01", "NET-02"));
        assertThat(rows.keySet()).containsExactly("DATA-01", "NET-02");
        assertThat(rows.get("NET-02")).containsExactly("NET-02", "NET-02.extra-group");
    }
}
