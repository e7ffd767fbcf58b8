package io.m300.harness.support.report.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.report.findings.WaiverJudgement.Kind;
import io.m300.harness.support.report.findings.WaiverJudgement.Violation;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waived, then expired, then stale, then malformed. */
class WaiversTest {

    static final String FILE = """
            waivers:
              - control: NET-04
                resource: aws_lb_listener.http
                reason: the partner's health checker speaks HTTP until its upgrade
                owner: network team
                created: 2026-12-01
                expires: 2027-01-31
              - control: MON-01
                reason: log retention is being renegotiated
                owner: ops
                created: 2026-11-01
                expires: 2026-12-01
            """;

    static final Violation NET04 = new Violation("NET-04", List.of("aws_lb_listener.http", "aws_security_group.alb"));

    @Test
    void aViolationItCoversIsAcceptedUntilTheExpiryDayIncluded() {
        List<Waiver> w = Waivers.parse(FILE, "waivers.yml");
        var judgement = new WaiverJudgement(w, LocalDate.parse("2027-01-31"));
        var outcome = judgement.judge(NET04);
        assertThat(outcome.kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(outcome.text())
                .hasValue(
                        "accepted until 2027-01-31: the partner's health checker speaks HTTP until its upgrade (network team)");
    }

    @Test
    void afterItsExpiryTheViolationFailsAgainAndSaysTheWaiverExpired() {
        var judgement = new WaiverJudgement(Waivers.parse(FILE, "waivers.yml"), LocalDate.parse("2027-02-01"));
        var outcome = judgement.judge(NET04);
        assertThat(outcome.kind()).isEqualTo(Kind.EXPIRED);
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.text().orElseThrow())
                .startsWith("the waiver for NET-04 on aws_lb_listener.http expired on 2027-01-31");
    }

    @Test
    void aWaiverThatCoversNothingIsStaleAndOneForAnotherResourceCoversNothing() {
        var judgement = new WaiverJudgement(Waivers.parse(FILE, "waivers.yml"), LocalDate.parse("2027-01-10"));
        assertThat(judgement
                        .judge(new Violation("NET-04", List.of("aws_lb_listener.https")))
                        .kind())
                .isEqualTo(Kind.NOT_WAIVED);
        assertThat(judgement.stale())
                .containsExactly(
                        "waiver 1 (NET-04 on aws_lb_listener.http, network team) is stale: nothing it covers was violated in this run: remove it",
                        "waiver 2 (MON-01, ops) is stale: nothing it covers was violated in this run; it expired on 2026-12-01: remove it");
    }

    @Test
    void aResourceWaiverCoversEveryInstanceOfItsBlock() {
        var judgement = new WaiverJudgement(
                Waivers.parse(FILE.replace("aws_lb_listener.http", "module.net.aws_subnet.app"), "w"),
                LocalDate.parse("2027-01-10"));
        assertThat(judgement
                        .judge(new Violation("NET-04", List.of("module.net.aws_subnet.app[\"a\"]")))
                        .accepted())
                .isTrue();
    }

    @Test
    void aMalformedFileIsOneLineThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> Waivers.parse("waivers: [", "waivers.yml"))
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("waivers.yml: not YAML")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Waivers.parse("- control: NET-04", "waivers.yml"))
                .hasMessage(
                        "waivers.yml: expected one key, 'waivers:', holding a list of waivers; see docs/findings.md");
        assertThatThrownBy(
                        () -> Waivers.parse(FILE.replace("expires: 2027-01-31", "expires: 31.1.2027"), "waivers.yml"))
                .hasMessage("waivers.yml, waiver 1: 'expires' is '31.1.2027', not a date such as 2027-01-31");
        assertThatThrownBy(() -> Waivers.parse(FILE.replace("owner: ops", "owner: ''"), "waivers.yml"))
                .hasMessage("waivers.yml, waiver 2: 'owner' is missing or empty");
        assertThatThrownBy(() -> Waivers.parse(FILE.replace("control: NET-04", "control: net4"), "waivers.yml"))
                .hasMessage("waivers.yml, waiver 1: control 'net4' is not a control ID such as NET-04");
        assertThatThrownBy(() -> Waivers.parse(FILE.replace("reason: log", "reson: log"), "waivers.yml"))
                .hasMessageContaining("unknown field 'reson'");
    }

    @Test
    void aDateInThePastAtCreationIsRefused() {
        assertThatThrownBy(
                        () -> Waivers.parse(FILE.replace("created: 2026-12-01", "created: 2027-02-15"), "waivers.yml"))
                .hasMessage(
                        "waivers.yml, waiver 1 (NET-04): expires 2027-01-31, which was already past when it was created on 2027-02-15; "
                                + "give an expiry after the creation date");
    }

    @Test
    void noFileMeansNoWaivers() {
        assertThat(Waivers.read(Path.of("does-not-exist.yml"))).isEmpty();
        assertThat(Waivers.parse("", "w")).isEmpty();
    }
}
