package io.m300.harness.support.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackupScheduleTest {

    private static final String RULE = "arn:aws:events:eu-central-1:1:rule/m300-db-snapshot-daily";

    @Test
    void dailySchedulesAreRecognised() {
        assertThat(BackupSchedule.isDaily("rate(1 day)")).isTrue();
        assertThat(BackupSchedule.isDaily("rate(24 hours)")).isTrue();
        assertThat(BackupSchedule.isDaily("rate(1440 minutes)")).isTrue();
        assertThat(BackupSchedule.isDaily("cron(0 3 * * ? *)")).isTrue();
        assertThat(BackupSchedule.isDaily("cron(30 23 ? * * *)")).isTrue();
    }

    @Test
    void otherSchedulesAreNotDaily() {
        assertThat(BackupSchedule.isDaily(null)).isFalse();
        assertThat(BackupSchedule.isDaily("")).isFalse();
        assertThat(BackupSchedule.isDaily("rate(7 days)")).isFalse();
        assertThat(BackupSchedule.isDaily("rate(1 hour)")).isFalse();
        assertThat(BackupSchedule.isDaily("cron(0 3 ? * MON *)")).isFalse();
        assertThat(BackupSchedule.isDaily("cron(0 */6 * * ? *)")).isFalse();
        assertThat(BackupSchedule.isDaily("cron(0 3,15 * * ? *)")).isFalse();
        assertThat(BackupSchedule.isDaily("cron(0 3 1 * ? *)")).isFalse();
    }

    @Test
    void theEventBridgePermissionMustNameTheRule() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Action":"lambda:InvokeFunction","Principal":{"Service":"events.amazonaws.com"},
                 "Effect":"Allow","Resource":"arn:aws:lambda:eu-central-1:1:function:f","Sid":"AllowEventBridgeDailySnapshot",
                 "Condition":{"ArnLike":{"AWS:SourceArn":"%s"}}}]}""".formatted(RULE);
        assertThat(BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", RULE))
                .containsExactly("AllowEventBridgeDailySnapshot");
        assertThat(BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", RULE + "-other"))
                .isEmpty();
        assertThat(BackupSchedule.invokePermissionsFrom(policy, "s3.amazonaws.com", RULE))
                .isEmpty();
        String noCondition = policy.replaceAll(",\\s*\"Condition\":\\{[^}]*\\}\\}", "");
        assertThat(BackupSchedule.invokePermissionsFrom(noCondition, "events.amazonaws.com", RULE))
                .isEmpty();
        assertThat(BackupSchedule.invokePermissionsFrom("", "events.amazonaws.com", RULE))
                .isEmpty();
    }

    @Test
    void aServiceListAndASingleStatementObjectCountToo() {
        // the hand parser read {"Service": [...]} as no service at all
        String policy = """
                {"Statement":{"Action":["lambda:*"],"Principal":{"Service":["s3.amazonaws.com","events.amazonaws.com"]},"Effect":"Allow",
                 "Condition":{"ArnEquals":{"aws:sourcearn":["%s"]}}}}""".formatted(RULE);
        assertThat(BackupSchedule.invokePermissionsFrom(policy, "events.amazonaws.com", RULE))
                .containsExactly("(no Sid)");
        assertThat(BackupSchedule.invokePermissionsFrom(
                        policy.replace("\"Allow\"", "\"Deny\""), "events.amazonaws.com", RULE))
                .isEmpty();
    }
}
