package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import io.m300.harness.support.iam.authz.TestReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker against the REAL nightly policy (.github/nightly-role/, placeholders
 * replaced as docs/nightly.md does), on hand-made calls and on a recorded sample of a run.
 */
class RolePolicyCheckTest {

    private static final String ACCT = "123456789012";

    private static String nightly() {
        return RolePolicyCheck.merged(TestReference.nightly().texts());
    }

    /** The nightly role's policies judged with AWS's authorization model (the reference excerpt of the tests). */
    private static RolePolicyCheck nightlyCheck() {
        return TestReference.nightlyCheck();
    }

    /** A recorded sample of a run, as the stack records it since issue 24 (creates tagged, roles under the boundary). */
    private static List<ApiCall> sample() throws Exception {
        return sample("recorded-sample-issue-24.jsonl");
    }

    static List<ApiCall> sample(String file) throws Exception {
        String text = Files.readString(Path.of("src", "test", "resources", "iam", file));
        ApiCallDecoder decoder = new ApiCallDecoder(ACCT);
        List<ApiCall> calls = new ArrayList<>();
        RecordedRequest.parseRecording(text).forEach(r -> calls.addAll(decoder.decode(r)));
        return calls;
    }

    private static ApiCall call(String action, String resource, Map<String, List<String>> context) {
        return new ApiCall(
                action.split(":")[0], action.split(":")[1], action, List.of(resource), context, "", "POST /");
    }

    private static Map<String, List<String>> with(Map<String, List<String>> context, String key, String value) {
        Map<String, List<String>> out = new LinkedHashMap<>(context);
        out.put(key, List.of(value));
        return out;
    }

    private static Map<String, List<String>> region(String r) {
        return Map.of("aws:RequestedRegion", List.of(r));
    }

    private static Map<String, List<String>> tagged(String r) {
        return Map.of(
                "aws:RequestedRegion",
                List.of(r),
                "aws:TagKeys",
                List.of("m300:run-id"),
                "aws:RequestTag/m300:run-id",
                List.of("m300n1-1"));
    }

    @Test
    void everyCallOfTheRecordedSampleIsAllowedByTheNightlyPolicy() throws Exception {
        List<Verdict> verdicts = nightlyCheck()
                .evaluate(RolePolicyCheck.withResourceTags(
                        sample(), Map.of("ec2:vpc-0a1b2c3d4e5f60718", Map.of("m300:run-id", "m300n1-1"))));
        // 19 requests, 3 implied iam:PassRole, 11 implied tagging actions of the tagged creates
        assertThat(verdicts).hasSize(33);
        assertThat(verdicts)
                .filteredOn(v -> v.outcome() != Outcome.ALLOWED)
                .extracting(Verdict::describe)
                .isEmpty();
        assertThat(verdicts)
                .extracting(Verdict::describe)
                .contains(
                        "ec2:CreateTags (implied by ec2:CreateVpc): ALLOWED",
                        "ec2:CreateSubnet: ALLOWED",
                        "iam:TagRole on arn:aws:iam::" + ACCT
                                + ":role/m300n1-1-snapshot (implied by iam:CreateRole): ALLOWED");
    }

    /** The sample of before issue 24: roles without the boundary, untagged creates. The policies of today deny exactly those. */
    @Test
    void negativeCaseTheUntaggedCreatesOfBeforeAreDenied() throws Exception {
        List<String> denied = nightlyCheck().evaluate(sample("recorded-sample.jsonl")).stream()
                .filter(v -> v.outcome() == Outcome.DENIED)
                .map(v -> v.call().action())
                .distinct()
                .toList();
        assertThat(denied)
                .containsExactlyInAnyOrder(
                        "ssm:PutParameter",
                        "iam:CreateRole",
                        "lambda:CreateFunction",
                        "events:PutRule",
                        "sns:CreateTopic");
    }

    @Test
    void aCreateCallWithTheRunTagIsAllowedAndWithoutItIsDeniedNamingTheCall() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        ApiCallDecoder decoder = new ApiCallDecoder(ACCT);
        List<Verdict> tagged = check.evaluate(decoder.decode(ApiCallDecoderTest.json(
                "ecs",
                "AmazonEC2ContainerServiceV20141113.CreateCluster",
                "{\"clusterName\":\"m300n1-1-app\",\"tags\":[{\"key\":\"m300:run-id\",\"value\":\"m300n1-1\"}]}")));
        assertThat(tagged).extracting(Verdict::outcome).containsExactly(Outcome.ALLOWED, Outcome.ALLOWED);
        List<Verdict> untagged = check.evaluate(decoder.decode(ApiCallDecoderTest.json(
                "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", "{\"clusterName\":\"m300n1-1-app\"}")));
        assertThat(untagged).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(v.describe()).startsWith("ecs:CreateCluster: DENIED").contains("aws:RequestTag/m300:run-id");
        });
        List<Verdict> otherRun = check.evaluate(decoder.decode(ApiCallDecoderTest.json(
                "ecs",
                "AmazonEC2ContainerServiceV20141113.CreateCluster",
                "{\"clusterName\":\"prod\",\"tags\":[{\"key\":\"m300:run-id\",\"value\":\"prod\"}]}")));
        assertThat(otherRun.get(0).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void aTagKeyOutsideTheAllowedOnesDeniesTheImpliedTaggingOfACreate() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        List<Verdict> v = check.evaluate(new ApiCallDecoder(ACCT)
                .decode(ApiCallDecoderTest.query(
                        "ec2",
                        "Action=CreateVpc"
                                + "&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=m300%3Arun-id&TagSpecification.1.Tag.1.Value=m300n1-1"
                                + "&TagSpecification.1.Tag.2.Key=owner&TagSpecification.1.Tag.2.Value=someone")));
        // aws:TagKeys applies to the created VPC in CreateVpc itself, and to the implied ec2:CreateTags
        assertThat(v).extracting(Verdict::outcome).containsExactly(Outcome.DENIED, Outcome.DENIED);
        assertThat(v.get(0).describe())
                .startsWith("ec2:CreateVpc: DENIED (as vpc:")
                .contains("aws:TagKeys");
        assertThat(v.get(1).describe())
                .startsWith("ec2:CreateTags (implied by ec2:CreateVpc): DENIED")
                .contains("aws:TagKeys");
    }

    @Test
    void aChangeIsDecidedOnTheTagsOfTheResourceItActsOn() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        ApiCallDecoder decoder = new ApiCallDecoder(ACCT);
        List<ApiCall> calls = new ArrayList<>();
        // named resources: the recording's create call carries the tags
        calls.addAll(decoder.decode(ApiCallDecoderTest.query(
                "rds",
                "Action=CreateDBSubnetGroup&DBSubnetGroupName=m300n1-1-db"
                        + "&Tags.Tag.1.Key=m300%3Arun-id&Tags.Tag.1.Value=m300n1-1")));
        calls.addAll(decoder.decode(
                ApiCallDecoderTest.query("rds", "Action=DeleteDBSubnetGroup&DBSubnetGroupName=m300n1-1-db")));
        calls.addAll(decoder.decode(
                ApiCallDecoderTest.query("rds", "Action=DeleteDBSubnetGroup&DBSubnetGroupName=prod-db")));
        // EC2 ids: the tags the emulator reports at the end of the run
        calls.addAll(decoder.decode(ApiCallDecoderTest.query("ec2", "Action=DeleteVpc&VpcId=vpc-0a1b2c3d4e5f60718")));
        calls.addAll(decoder.decode(ApiCallDecoderTest.query("ec2", "Action=DeleteVpc&VpcId=vpc-0000000000000000a")));
        calls.addAll(decoder.decode(
                ApiCallDecoderTest.query("ec2", "Action=DeleteSubnet&SubnetId=subnet-0a1b2c3d4e5f60718")));
        List<ApiCall> enriched = RolePolicyCheck.withResourceTags(
                calls,
                Map.of(
                        "ec2:vpc-0a1b2c3d4e5f60718", Map.of("m300:run-id", "m300n1-1", "Name", "m300n1-1-vpc"),
                        "ec2:vpc-0000000000000000a", Map.of("Name", "default")));
        List<String> verdicts =
                check.evaluate(enriched).stream().map(Verdict::describe).toList();
        String subgrp = "arn:aws:rds:eu-central-1:" + ACCT + ":subgrp:";
        assertThat(verdicts.get(1))
                .isEqualTo("rds:AddTagsToResource on " + subgrp
                        + "m300n1-1-db (implied by rds:CreateDBSubnetGroup): ALLOWED");
        assertThat(verdicts.get(2)).isEqualTo("rds:DeleteDBSubnetGroup on " + subgrp + "m300n1-1-db: ALLOWED");
        assertThat(verdicts.get(3))
                .startsWith("rds:DeleteDBSubnetGroup on " + subgrp + "prod-db: ALLOWED_IF_CONDITION")
                .contains("aws:ResourceTag/m300:run-id");
        assertThat(verdicts.get(4)).isEqualTo("ec2:DeleteVpc: ALLOWED");
        assertThat(verdicts.get(5)).startsWith("ec2:DeleteVpc: DENIED").contains("aws:ResourceTag/m300:run-id");
        assertThat(verdicts.get(6)).startsWith("ec2:DeleteSubnet: ALLOWED_IF_CONDITION");
    }

    @Test
    void negativeCaseThePolicyWithoutOneNeededActionFailsNamingTheCall() throws Exception {
        String withoutPut = nightly().replace("\"ssm:PutParameter\",", "").replace(",\"ssm:PutParameter\"", "");
        assertThat(withoutPut).doesNotContain("ssm:PutParameter");
        List<Verdict> denied = RolePolicyCheck.of("nightly-minus-put", List.of(withoutPut), TestReference.model())
                .evaluate(RolePolicyCheck.withResourceTags(
                        sample(), Map.of("ec2:vpc-0a1b2c3d4e5f60718", Map.of("m300:run-id", "m300n1-1"))))
                .stream()
                .filter(v -> v.outcome() == Outcome.DENIED)
                .toList();
        assertThat(denied)
                .extracting(Verdict::describe)
                .containsExactly("ssm:PutParameter on arn:aws:ssm:eu-central-1:" + ACCT
                        + ":parameter/m300n1-1/db/password: DENIED "
                        + "(as parameter: no statement grants ssm:PutParameter)");
    }

    @Test
    void aCallOutsideTheNamesThePolicyScopesToIsDeniedAndSaysWhereTheGrantLies() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        Verdict v = check.evaluate(call(
                "ssm:GetParameter",
                "arn:aws:ssm:eu-central-1:" + ACCT + ":parameter/prod/db/password",
                region("eu-central-1")));
        assertThat(v.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.reason()).contains("outside what the policy grants").contains("parameter/m300n*");
        Verdict object = check.evaluate(
                call("s3:PutObject", "arn:aws:s3:::m300n1-1-tfstate/elsewhere/x", region("eu-central-1")));
        assertThat(object.outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void theRegionConditionIsEvaluatedFromTheCredentialScope() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        assertThat(check.evaluate(call("ec2:CreateVpc", "*", tagged("eu-central-1")))
                        .outcome())
                .isEqualTo(Outcome.ALLOWED);
        Verdict other = check.evaluate(call("ec2:CreateVpc", "*", tagged("us-west-2")));
        assertThat(other.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(other.reason()).contains("aws:RequestedRegion").contains("us-west-2");
    }

    @Test
    void passRoleToAnotherServiceIsDeniedAndAttachNeedsTheRunsOwnPolicy() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        String role = "arn:aws:iam::" + ACCT + ":role/m300n1-1-task";
        Map<String, List<String>> runsRole = Map.of(
                RolePolicyCheck.RESOURCE_TAGS_KNOWN,
                List.of("true"),
                "aws:ResourceTag/m300:run-id",
                List.of("m300n1-1"));
        assertThat(check.evaluate(call(
                                "iam:PassRole", role, with(runsRole, "iam:PassedToService", "ecs-tasks.amazonaws.com")))
                        .outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(check.evaluate(
                                call("iam:PassRole", role, with(runsRole, "iam:PassedToService", "ec2.amazonaws.com")))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
        Verdict untagged = check.evaluate(call(
                "iam:PassRole",
                role,
                Map.of(
                        RolePolicyCheck.RESOURCE_TAGS_KNOWN,
                        List.of("true"),
                        "iam:PassedToService",
                        List.of("ecs-tasks.amazonaws.com"))));
        assertThat(untagged.describe()).contains("DENIED").contains("aws:ResourceTag/m300:run-id");
        assertThat(check.evaluate(call(
                                "iam:AttachRolePolicy",
                                role,
                                Map.of("iam:PolicyARN", List.of("arn:aws:iam::aws:policy/AdministratorAccess"))))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
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
        RolePolicyCheck check = nightlyCheck();
        Verdict probe = check.evaluate(call("iam:GetUser", "*", region("us-east-1")));
        assertThat(probe.outcome()).isEqualTo(Outcome.TOLERATED);
        assertThat(probe.describe()).contains("iam:GetUser").contains("account-ID probe");
        assertThat(check.evaluate(call("iam:GetUser", "arn:aws:iam::" + ACCT + ":user/admin", region("us-east-1")))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
        assertThat(check.evaluate(call("iam:ListAccessKeys", "*", region("us-east-1")))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
    }

    @Test
    void anUnmappedRequestIsItsOwnOutcome() {
        ApiCall unmapped = new ApiCall("lambda", null, null, List.of(), Map.of(), "", "GET /2099-01-01/x");
        assertThat(RolePolicyCheck.of("p", "{\"Statement\":[]}")
                        .evaluate(unmapped)
                        .outcome())
                .isEqualTo(Outcome.UNMAPPED);
    }

    /** The first whole proof run found both: the checker tested alias calls on "*", and the check's snapshot carries no tag. */
    @Test
    void aliasesAndSnapshotsAreCheckedOnTheirNames() throws Exception {
        RolePolicyCheck check = nightlyCheck();
        ApiCallDecoder decoder = new ApiCallDecoder(ACCT);
        List<ApiCall> alias = decoder.decode(ApiCallDecoderTest.json(
                "kms",
                "TrentService.CreateAlias",
                "{\"AliasName\":\"alias/m300n1-1-data\",\"TargetKeyId\":\"0a1b2c3d-1111-2222-3333-444455556666\"}"));
        assertThat(alias.get(0).resources())
                .containsExactly(
                        "arn:aws:kms:eu-central-1:" + ACCT + ":alias/m300n1-1-data",
                        "arn:aws:kms:eu-central-1:" + ACCT + ":key/0a1b2c3d-1111-2222-3333-444455556666");
        String key = "kms:0a1b2c3d-1111-2222-3333-444455556666";
        assertThat(check.evaluate(
                                RolePolicyCheck.withResourceTags(alias, Map.of(key, Map.of("m300:run-id", "m300n1-1"))))
                        .get(0)
                        .describe())
                .endsWith(": ALLOWED");
        // kms:CreateAlias authorizes the key too: not on a key of others (untagged)
        assertThat(check.evaluate(RolePolicyCheck.withResourceTags(alias, Map.of(key, Map.of())))
                        .get(0)
                        .describe())
                .contains("DENIED (as key:")
                .contains("aws:ResourceTag/m300:run-id");
        assertThat(check.evaluate(decoder.decode(ApiCallDecoderTest.json(
                                        "kms", "TrentService.DeleteAlias", "{\"AliasName\":\"alias/prod-data\"}"))
                                .get(0))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
        // DeleteAlias names only the alias: the key it points to comes from the recording's CreateAlias
        List<ApiCall> both = new ArrayList<>(alias);
        both.addAll(decoder.decode(
                ApiCallDecoderTest.json("kms", "TrentService.DeleteAlias", "{\"AliasName\":\"alias/m300n1-1-data\"}")));
        List<ApiCall> judged = RolePolicyCheck.withResourceTags(both, Map.of(key, Map.of("m300:run-id", "m300n1-1")));
        assertThat(judged.get(judged.size() - 1).resources())
                .containsExactly(
                        "arn:aws:kms:eu-central-1:" + ACCT + ":alias/m300n1-1-data",
                        "arn:aws:kms:eu-central-1:" + ACCT + ":key/0a1b2c3d-1111-2222-3333-444455556666");
        assertThat(check.evaluate(judged.get(judged.size() - 1)).describe()).endsWith(": ALLOWED");
        ApiCall snapshot = decoder.decode(ApiCallDecoderTest.query(
                        "rds",
                        "Action=CreateDBSnapshot&DBInstanceIdentifier=m300n1-1-db"
                                + "&DBSnapshotIdentifier=m300n1-1-db-harness-1"))
                .get(0);
        // the snapshot is new (named for the run, no tag needed); the database must carry the run tag
        Map<String, Map<String, String>> dbs =
                Map.of("rds:db:m300n1-1-db", Map.of("m300:run-id", "m300n1-1"), "rds:db:prod-db", Map.of());
        assertThat(check.evaluate(RolePolicyCheck.withResourceTags(List.of(snapshot), dbs)
                                .get(0))
                        .outcome())
                .isEqualTo(Outcome.ALLOWED);
        ApiCall ofProd = decoder.decode(ApiCallDecoderTest.query(
                        "rds",
                        "Action=CreateDBSnapshot&DBInstanceIdentifier=prod-db" + "&DBSnapshotIdentifier=m300n1-1-copy"))
                .get(0);
        assertThat(check.evaluate(RolePolicyCheck.withResourceTags(List.of(ofProd), dbs)
                                .get(0))
                        .describe())
                .startsWith("rds:CreateDBSnapshot on arn:aws:rds:eu-central-1:" + ACCT + ":db:prod-db")
                .contains("DENIED (as db:");
        assertThat(check.evaluate(decoder.decode(ApiCallDecoderTest.query(
                                        "rds", "Action=DeleteDBSnapshot&DBSnapshotIdentifier=prod-db-daily"))
                                .get(0))
                        .outcome())
                .isEqualTo(Outcome.DENIED);
    }
}
