package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker against the REAL nightly policy (.github/nightly-role-policy.json, placeholders
 * replaced as docs/nightly.md does), on hand-made calls and on a recorded sample of a run.
 */
class RolePolicyCheckTest {

    private static final String ACCT = "123456789012";
    private static final Map<String, String> PLACEHOLDERS = Map.of("REGION", "eu-central-1", "ACCOUNT_ID", ACCT,
            "STATE_BUCKET", "m300n1-1-tfstate");

    private static String nightly() throws Exception {
        return EnforceablePolicy.substitute(Files.readString(Path.of("..", ".github", "nightly-role-policy.json")), PLACEHOLDERS);
    }

    private static List<ApiCall> sample() throws Exception {
        String text = Files.readString(Path.of("src", "test", "resources", "iam", "recorded-sample.jsonl"));
        ApiCallDecoder decoder = new ApiCallDecoder(ACCT);
        List<ApiCall> calls = new ArrayList<>();
        RecordedRequest.parseRecording(text).forEach(r -> calls.addAll(decoder.decode(r)));
        return calls;
    }

    private static ApiCall call(String action, String resource, Map<String, List<String>> context) {
        return new ApiCall(action.split(":")[0], action.split(":")[1], action, List.of(resource), context, "", "POST /");
    }

    private static Map<String, List<String>> region(String r) {
        return Map.of("aws:RequestedRegion", List.of(r));
    }

    @Test
    void everyCallOfTheRecordedSampleIsAllowedByTheNightlyPolicy() throws Exception {
        List<Verdict> verdicts = RolePolicyCheck.of("nightly", nightly()).evaluate(sample());
        assertThat(verdicts).hasSize(19);
        assertThat(verdicts).filteredOn(v -> v.outcome() != Outcome.ALLOWED).extracting(Verdict::describe).isEmpty();
    }

    @Test
    void negativeCaseThePolicyWithoutOneNeededActionFailsNamingTheCall() throws Exception {
        String withoutPut = nightly().replace("\"ssm:PutParameter\", ", "");
        List<Verdict> denied = RolePolicyCheck.of("nightly-minus-put", withoutPut).evaluate(sample()).stream()
                .filter(v -> v.outcome() == Outcome.DENIED).toList();
        assertThat(denied).extracting(Verdict::describe).containsExactly(
                "ssm:PutParameter on arn:aws:ssm:eu-central-1:" + ACCT + ":parameter/m300n1-1/db/password: DENIED "
                        + "(no statement grants ssm:PutParameter)");
    }

    @Test
    void aCallOutsideTheNamesThePolicyScopesToIsDeniedAndSaysWhereTheGrantLies() throws Exception {
        RolePolicyCheck check = RolePolicyCheck.of("nightly", nightly());
        Verdict v = check.evaluate(call("ssm:GetParameter", "arn:aws:ssm:eu-central-1:" + ACCT + ":parameter/prod/db/password",
                region("eu-central-1")));
        assertThat(v.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.reason()).contains("outside what the policy grants").contains("parameter/m300n*");
        Verdict object = check.evaluate(call("s3:PutObject", "arn:aws:s3:::m300n1-1-tfstate/elsewhere/x", region("eu-central-1")));
        assertThat(object.outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void theRegionConditionIsEvaluatedFromTheCredentialScope() throws Exception {
        RolePolicyCheck check = RolePolicyCheck.of("nightly", nightly());
        assertThat(check.evaluate(call("ec2:CreateVpc", "*", region("eu-central-1"))).outcome()).isEqualTo(Outcome.ALLOWED);
        Verdict other = check.evaluate(call("ec2:CreateVpc", "*", region("us-west-2")));
        assertThat(other.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(other.reason()).contains("aws:RequestedRegion").contains("us-west-2");
    }

    @Test
    void passRoleToAnotherServiceIsDeniedAndAttachNeedsTheRunsOwnPolicy() throws Exception {
        RolePolicyCheck check = RolePolicyCheck.of("nightly", nightly());
        String role = "arn:aws:iam::" + ACCT + ":role/m300n1-1-task";
        assertThat(check.evaluate(call("iam:PassRole", role, Map.of("iam:PassedToService", List.of("ecs-tasks.amazonaws.com"))))
                .outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(check.evaluate(call("iam:PassRole", role, Map.of("iam:PassedToService", List.of("ec2.amazonaws.com"))))
                .outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check.evaluate(call("iam:AttachRolePolicy", role,
                Map.of("iam:PolicyARN", List.of("arn:aws:iam::aws:policy/AdministratorAccess")))).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void aConditionOnAKeyTheRequestDoesNotShowIsNeverCountedAsProven() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DeleteVpc","Resource":"*",
                 "Condition":{"StringEquals":{"aws:ResourceTag/m300:run-id":"m300n1-1"}}}]}""";
        Verdict v = RolePolicyCheck.of("tagged", policy).evaluate(call("ec2:DeleteVpc", "*", region("eu-central-1")));
        assertThat(v.outcome()).isEqualTo(Outcome.ALLOWED_IF_CONDITION);
        assertThat(v.reason()).contains("aws:ResourceTag/m300:run-id");
    }

    @Test
    void theProvidersAccountIdProbeIsToleratedAndNamedButNoOtherIamReadIs() throws Exception {
        RolePolicyCheck check = RolePolicyCheck.of("nightly", nightly());
        Verdict probe = check.evaluate(call("iam:GetUser", "*", region("us-east-1")));
        assertThat(probe.outcome()).isEqualTo(Outcome.TOLERATED);
        assertThat(probe.describe()).contains("iam:GetUser").contains("account-ID probe");
        assertThat(check.evaluate(call("iam:GetUser", "arn:aws:iam::" + ACCT + ":user/admin", region("us-east-1"))).outcome())
                .isEqualTo(Outcome.DENIED);
        assertThat(check.evaluate(call("iam:ListUsers", "*", region("us-east-1"))).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void anUnmappedRequestIsItsOwnOutcome() {
        ApiCall unmapped = new ApiCall("lambda", null, null, List.of(), Map.of(), "", "GET /2099-01-01/x");
        assertThat(RolePolicyCheck.of("p", "{\"Statement\":[]}").evaluate(unmapped).outcome()).isEqualTo(Outcome.UNMAPPED);
    }
}
