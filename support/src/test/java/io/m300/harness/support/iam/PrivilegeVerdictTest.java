package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrivilegeVerdictTest {

    private static final String DB = "arn:aws:rds:eu-west-1:111122223333:db:m300-db";
    private static final Set<String> SNAPSHOT_ACTIONS = Set.of(
            "rds:CreateDBSnapshot",
            "rds:DescribeDBInstances",
            "rds:AddTagsToResource",
            "logs:CreateLogStream",
            "logs:PutLogEvents");
    private static final List<String> PROBES = List.of(
            "rds:DeleteDBInstance",
            "rds:DeleteDBSnapshot",
            "rds:ModifyDBInstance",
            "iam:CreateUser",
            "iam:PassRole",
            "ssm:GetParameters",
            "kms:Decrypt");

    private static PolicyDocument policy(String statementJson) {
        return PolicyDocument.parse(
                "snapshot-policy", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statementJson + "]}");
    }

    private static final String GOOD = """
            {"Effect":"Allow","Action":["rds:CreateDBSnapshot","rds:DescribeDBInstances","rds:AddTagsToResource"],
             "Resource":["arn:aws:rds:eu-west-1:111122223333:db:m300-db","arn:aws:rds:eu-west-1:111122223333:snapshot:*"]},
            {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],
             "Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/m300-backup:*"}""";

    @Test
    void snapshotRoleWithExactlyItsActionsHolds() {
        PrivilegeVerdict v = PrivilegeVerdict.exactly(List.of(policy(GOOD)), SNAPSHOT_ACTIONS, PROBES);

        assertThat(v.ok()).as(v.toString()).isTrue();
        assertThat(v.problems()).isEmpty();
        assertThat(v.granted()).containsExactlyInAnyOrderElementsOf(SNAPSHOT_ACTIONS);
        assertThat(v.toString()).startsWith("least privilege holds");
    }

    @Test
    void rdsStarIsFlaggedAndTheExtraActionsNamed() {
        PrivilegeVerdict v = PrivilegeVerdict.onlyGrants(
                List.of(policy("{\"Effect\":\"Allow\",\"Action\":\"rds:*\",\"Resource\":\"" + DB + "\"}")),
                SNAPSHOT_ACTIONS,
                PROBES);

        assertThat(v.ok()).isFalse();
        assertThat(v.problems())
                .anyMatch(p -> p.startsWith("rds:* in snapshot-policy statement #1"))
                .anyMatch(p -> p.startsWith("grants rds:DeleteDBInstance"))
                .anyMatch(p -> p.startsWith("grants rds:DeleteDBSnapshot"));
        assertThat(v.granted()).contains("rds:DeleteDBInstance").doesNotContain("iam:CreateUser");
        assertThat(v.toString()).startsWith("least privilege violated: ");
    }

    @Test
    void starAndNotActionAreFlagged() {
        assertThat(PrivilegeVerdict.onlyGrants(
                                List.of(policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}")),
                                SNAPSHOT_ACTIONS,
                                PROBES)
                        .problems())
                .anyMatch(p -> p.contains("grants every action"))
                .anyMatch(p -> p.startsWith("grants iam:CreateUser"));
        assertThat(PrivilegeVerdict.onlyGrants(
                                List.of(policy("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}")),
                                SNAPSHOT_ACTIONS,
                                PROBES)
                        .ok())
                .isFalse();
    }

    @Test
    void partialWildcardPatternIsFlaggedEvenIfNoProbeHitsIt() {
        PrivilegeVerdict v = PrivilegeVerdict.onlyGrants(
                List.of(policy(GOOD), policy("{\"Effect\":\"Allow\",\"Action\":\"rds:Describe*\",\"Resource\":\"*\"}")),
                SNAPSHOT_ACTIONS,
                PROBES);

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).singleElement().asString().startsWith("rds:Describe* in snapshot-policy");
    }

    @Test
    void anExtraExplicitActionIsFlagged() {
        PrivilegeVerdict v = PrivilegeVerdict.onlyGrants(
                List.of(
                        policy(GOOD),
                        policy("{\"Effect\":\"Allow\",\"Action\":\"rds:DeleteDBSnapshot\",\"Resource\":\"*\"}")),
                SNAPSHOT_ACTIONS,
                PROBES);

        assertThat(v.problems())
                .containsExactly(
                        "grants rds:DeleteDBSnapshot, which is not among the allowed actions " + SNAPSHOT_ACTIONS);
    }

    @Test
    void exactlyAlsoRequiresEveryAllowedAction() {
        PrivilegeVerdict v = PrivilegeVerdict.exactly(
                List.of(policy("{\"Effect\":\"Allow\",\"Action\":\"rds:DescribeDBInstances\",\"Resource\":\"*\"}")),
                Set.of("rds:CreateDBSnapshot", "rds:DescribeDBInstances"),
                PROBES);

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).containsExactly("does not grant rds:CreateDBSnapshot");
        assertThat(v.granted()).containsExactly("rds:DescribeDBInstances");
    }
}
