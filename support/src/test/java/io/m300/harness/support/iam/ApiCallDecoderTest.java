package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiCallDecoderTest {

    static final String ACCT = "123456789012";
    private final ApiCallDecoder decoder = new ApiCallDecoder(ACCT);

    static RecordedRequest request(
            String method, String url, String service, Map<String, String> headers, String body) {
        Map<String, String> h = new HashMap<>(headers);
        h.put(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261201/eu-central-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=00");
        return new RecordedRequest(method, URI.create(url), h, body);
    }

    static RecordedRequest query(String service, String body) {
        return request(
                "POST",
                "http://127.0.0.1:5000/",
                service,
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                body);
    }

    static RecordedRequest json(String service, String target, String body) {
        return request(
                "POST",
                "http://127.0.0.1:5000/",
                service,
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target),
                body);
    }

    @Test
    void queryProtocolTakesTheActionParameterAndTheServiceFromTheCredentialScope() {
        List<ApiCall> calls = decoder.decode(query("ec2", "Action=DescribeVpcs&Version=2016-11-15"));
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("ec2:DescribeVpcs");
            assertThat(c.resources()).containsExactly("*");
            assertThat(c.context()).containsEntry("aws:RequestedRegion", List.of("eu-central-1"));
            assertThat(c.request()).isEqualTo("POST /");
        });
    }

    @Test
    void cloudWatchSignsAsMonitoringButItsIamPrefixIsCloudwatch() {
        assertThat(decoder.decode(query("monitoring", "Action=DescribeAlarms&Version=2010-08-01"))
                        .get(0)
                        .action())
                .isEqualTo("cloudwatch:DescribeAlarms");
    }

    @Test
    void jsonProtocolTakesTheTargetAndNamesTheParameter() {
        ApiCall c = decoder.decode(json(
                        "ssm",
                        "AmazonSSM.PutParameter",
                        "{\"Name\":\"/m300n1/db/password\",\"Type\":\"SecureString\",\"Value\":\"not-a-real-one\"}"))
                .get(0);
        assertThat(c.action()).isEqualTo("ssm:PutParameter");
        assertThat(c.resources()).containsExactly("arn:aws:ssm:eu-central-1:" + ACCT + ":parameter/m300n1/db/password");
        assertThat(c.describe()).doesNotContain("not-a-real-one");
        assertThat(c.request()).doesNotContain("not-a-real-one");
    }

    @Test
    void s3PathStyleGivesBucketAndObjectArnsAndIamNamesForListings() {
        ApiCall versions = decoder.decode(request(
                        "GET",
                        "http://127.0.0.1:5000/m300n1-tfstate?versions&prefix=m300%2Fm300n1%2F",
                        "s3",
                        Map.of(),
                        ""))
                .get(0);
        assertThat(versions.action()).isEqualTo("s3:ListBucketVersions");
        assertThat(versions.resources()).containsExactly("arn:aws:s3:::m300n1-tfstate");
        assertThat(versions.request()).isEqualTo("GET /m300n1-tfstate?versions&prefix");
        ApiCall put = decoder.decode(request(
                        "PUT",
                        "http://127.0.0.1:5000/m300n1-tfstate/m300/m300n1/terraform.tfstate",
                        "s3",
                        Map.of(),
                        "{}"))
                .get(0);
        assertThat(put.action()).isEqualTo("s3:PutObject");
        assertThat(put.resources()).containsExactly("arn:aws:s3:::m300n1-tfstate/m300/m300n1/terraform.tfstate");
        assertThat(decoder.decode(request("GET", "http://127.0.0.1:5000/m300n1-tfstate?versioning", "s3", Map.of(), ""))
                        .get(0)
                        .action())
                .isEqualTo("s3:GetBucketVersioning");
    }

    @Test
    void aMultiObjectDeleteIsCheckedPerObjectAndPerVersion() {
        String body =
                "<Delete><Quiet>true</Quiet><Object><Key>m300/m300n1/terraform.tfstate</Key><VersionId>v1</VersionId></Object>"
                        + "<Object><Key>m300/m300n1/terraform.tfstate.tflock</Key></Object></Delete>";
        List<ApiCall> calls =
                decoder.decode(request("POST", "http://127.0.0.1:5000/m300n1-tfstate?delete", "s3", Map.of(), body));
        assertThat(calls).extracting(ApiCall::action).containsExactly("s3:DeleteObject", "s3:DeleteObjectVersion");
        assertThat(calls.get(0).resources())
                .containsExactly("arn:aws:s3:::m300n1-tfstate/m300/m300n1/terraform.tfstate.tflock");
        assertThat(calls.get(1).resources())
                .containsExactly("arn:aws:s3:::m300n1-tfstate/m300/m300n1/terraform.tfstate");
    }

    @Test
    void lambdaRestPathsAndTheRolePassedWithCreateFunction() {
        ApiCall get = decoder.decode(request(
                        "GET", "http://127.0.0.1:5000/2015-03-31/functions/m300n1-snapshot", "lambda", Map.of(), ""))
                .get(0);
        assertThat(get.action()).isEqualTo("lambda:GetFunction");
        assertThat(get.resources())
                .containsExactly("arn:aws:lambda:eu-central-1:" + ACCT + ":function:m300n1-snapshot");

        List<ApiCall> create = decoder.decode(request(
                "POST",
                "http://127.0.0.1:5000/2015-03-31/functions",
                "lambda",
                Map.of("Content-Type", "application/json"),
                "{\"FunctionName\":\"m300n1-snapshot\",\"Role\":\"arn:aws:iam::" + ACCT + ":role/m300n1-snapshot\"}"));
        assertThat(create).extracting(ApiCall::action).containsExactly("lambda:CreateFunction", "iam:PassRole");
        assertThat(create.get(1).resources()).containsExactly("arn:aws:iam::" + ACCT + ":role/m300n1-snapshot");
        assertThat(create.get(1).context()).containsEntry("iam:PassedToService", List.of("lambda.amazonaws.com"));
        assertThat(create.get(1).impliedBy()).isEqualTo("lambda:CreateFunction");

        ApiCall tags = decoder.decode(request(
                        "GET",
                        "http://127.0.0.1:5000/2017-03-31/tags/arn%3Aaws%3Alambda%3Aeu-central-1%3A" + ACCT
                                + "%3Afunction%3Am300n1-snapshot",
                        "lambda",
                        Map.of(),
                        ""))
                .get(0);
        assertThat(tags.action()).isEqualTo("lambda:ListTags");
        assertThat(tags.resources())
                .containsExactly("arn:aws:lambda:eu-central-1:" + ACCT + ":function:m300n1-snapshot");
    }

    @Test
    void iamCallsNameTheRoleAndAttachCarriesThePolicyArnAsConditionKey() {
        ApiCall attach = decoder.decode(query(
                        "iam",
                        "Action=AttachRolePolicy&RoleName=m300n1-task&PolicyArn=arn%3Aaws%3Aiam%3A%3A" + ACCT
                                + "%3Apolicy%2Fm300n1-read"))
                .get(0);
        assertThat(attach.resources()).containsExactly("arn:aws:iam::" + ACCT + ":role/m300n1-task");
        assertThat(attach.context())
                .containsEntry("iam:PolicyARN", List.of("arn:aws:iam::" + ACCT + ":policy/m300n1-read"));
        assertThat(attach.context()).containsEntry("aws:RequestedRegion", List.of("us-east-1"));
    }

    @Test
    void anUnknownRestRequestIsUnmappedAndSaysWhichRequest() {
        ApiCall c = decoder.decode(request("GET", "http://127.0.0.1:5000/2099-01-01/whatever", "lambda", Map.of(), ""))
                .get(0);
        assertThat(c.mapped()).isFalse();
        assertThat(c.describe()).contains("GET /2099-01-01/whatever");
    }

    @Test
    void theTagsACreateCallCarriesAreItsRequestTagsInEveryProtocol() {
        ApiCall vpc = decoder.decode(query(
                        "ec2",
                        "Action=CreateVpc&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc"
                                + "&TagSpecification.1.Tag.1.Key=m300%3Arun-id&TagSpecification.1.Tag.1.Value=m300n1-1"
                                + "&TagSpecification.1.Tag.2.Key=Name&TagSpecification.1.Tag.2.Value=m300n1-1-vpc"))
                .get(0);
        assertThat(vpc.context())
                .containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"))
                .containsEntry("aws:TagKeys", List.of("m300:run-id", "Name"));
        ApiCall db = decoder.decode(query(
                        "rds",
                        "Action=CreateDBInstance&DBInstanceIdentifier=m300n1-1-db"
                                + "&Tags.Tag.1.Key=m300%3Arun-id&Tags.Tag.1.Value=m300n1-1"))
                .get(0);
        assertThat(db.context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        ApiCall alarm = decoder.decode(query(
                        "monitoring",
                        "Action=PutMetricAlarm&AlarmName=m300n1-1-x"
                                + "&Tags.member.1.Key=m300%3Arun-id&Tags.member.1.Value=m300n1-1"))
                .get(0);
        assertThat(alarm.context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        ApiCall key = decoder.decode(json(
                        "kms",
                        "TrentService.CreateKey",
                        "{\"Description\":\"m300\",\"Tags\":[{\"TagKey\":\"m300:run-id\",\"TagValue\":\"m300n1-1\"}]}"))
                .get(0);
        assertThat(key.context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        ApiCall task = decoder.decode(json(
                        "ecs",
                        "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition",
                        "{\"family\":\"m300n1-1-app\",\"tags\":[{\"key\":\"m300:run-id\",\"value\":\"m300n1-1\"}]}"))
                .get(0);
        assertThat(task.context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        ApiCall group = decoder.decode(json(
                        "logs",
                        "Logs_20140328.CreateLogGroup",
                        "{\"logGroupName\":\"/m300n1-1/app\",\"tags\":{\"m300:run-id\":\"m300n1-1\"}}"))
                .get(0);
        assertThat(group.context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        ApiCall bare = decoder.decode(query("ec2", "Action=CreateVpc&CidrBlock=10.0.0.0%2F16"))
                .get(0);
        assertThat(bare.context())
                .containsEntry("aws:TagKeys", List.of())
                .doesNotContainKey("aws:RequestTag/m300:run-id");
    }

    @Test
    void aCreateCallThatCarriesTagsAlsoNeedsTheServicesTaggingAction() {
        List<ApiCall> calls = decoder.decode(query(
                "ec2",
                "Action=CreateSubnet&VpcId=vpc-1234abcd&TagSpecification.1.ResourceType=subnet"
                        + "&TagSpecification.1.Tag.1.Key=m300%3Arun-id&TagSpecification.1.Tag.1.Value=m300n1-1"));
        assertThat(calls).extracting(ApiCall::action).containsExactly("ec2:CreateSubnet", "ec2:CreateTags");
        assertThat(calls.get(1).impliedBy()).isEqualTo("ec2:CreateSubnet");
        assertThat(calls.get(1).context()).containsEntry("aws:RequestTag/m300:run-id", List.of("m300n1-1"));
        assertThat(decoder.decode(query("ec2", "Action=CreateVpc&CidrBlock=10.0.0.0%2F16")))
                .hasSize(1);
    }
}
