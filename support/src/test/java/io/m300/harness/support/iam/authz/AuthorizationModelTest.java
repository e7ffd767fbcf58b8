package io.m300.harness.support.iam.authz;

import static io.m300.harness.support.iam.authz.TestReference.json;
import static io.m300.harness.support.iam.authz.TestReference.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.ApiCallDecoder;
import io.m300.harness.support.iam.RecordedRequest;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS's authorization model (Service Authorization Reference, pinned excerpt): each call judged once per
 * resource type, with only the keys that apply to that type. Shown failing on the policy of before issue
 * 24 (request tags asked of a VPC) and passing on today's split statements.
 */
class AuthorizationModelTest {

    private static final String VPC = "vpc-0a1b2c3d4e5f60718";
    private static final String RUN = "m300n1-1";
    private static final ApiCallDecoder DECODER = new ApiCallDecoder(TestReference.ACCT);

    /** The calls of the request with the run's VPC, subnet, path, ... tagged as the emulator reports them at the end of a run. */
    private static List<ApiCall> decoded(RecordedRequest r) {
        Map<String, Map<String, String>> tags = Map.of(
                "ec2:" + VPC,
                Map.of("m300:run-id", RUN),
                "ec2:subnet-0a1b2c3d4e5f60718",
                Map.of("m300:run-id", RUN),
                "ec2:eipalloc-0a1b2c3d4e5f60718",
                Map.of("m300:run-id", RUN),
                "ec2:nip-0a1b2c3d4e5f60718",
                Map.of("m300:run-id", RUN),
                "ec2:vpc-0f00000000000000a",
                Map.of("Name", "default"));
        return RolePolicyCheck.withResourceTags(DECODER.decode(r), tags);
    }

    private static String tagSpec(String type) {
        return "&TagSpecification.1.ResourceType=" + type
                + "&TagSpecification.1.Tag.1.Key=m300%3Arun-id&TagSpecification.1.Tag.1.Value=" + RUN;
    }

    private static Verdict first(RolePolicyCheck check, RecordedRequest r) {
        return check.evaluate(decoded(r).get(0));
    }

    @Test
    void createSubnetIsAuthorizedOnTheSubnetAndOnTheVpcWithTheirOwnKeys() {
        List<ApiCall> typed = TestReference.model()
                .expand(decoded(query(
                                "ec2",
                                "Action=CreateSubnet&VpcId=" + VPC + "&CidrBlock=10.0.1.0%2F24" + tagSpec("subnet")))
                        .get(0));
        assertThat(typed)
                .extracting(
                        c -> c.context().get(AuthorizationModel.RESOURCE_TYPE).get(0))
                .containsExactly("subnet", "vpc");
        assertThat(typed.get(0).context().get(AuthorizationModel.APPLICABLE))
                .contains("aws:RequestTag/${TagKey}", "aws:TagKeys");
        assertThat(typed.get(1).resources()).containsExactly("arn:aws:ec2:eu-central-1:123456789012:vpc/" + VPC);
        assertThat(typed.get(1).context().get(AuthorizationModel.APPLICABLE))
                .contains("aws:ResourceTag/${TagKey}")
                .doesNotContain("aws:RequestTag/${TagKey}");
    }

    /** The negative case: the statement on "*" asking for request tags is evaluated against the VPC, which has none. */
    @Test
    void negativeCaseCreateSubnetOnTheVpcIsDeniedUnderTheStatementsOfBeforeIssue24() throws Exception {
        var request = query("ec2", "Action=CreateSubnet&VpcId=" + VPC + "&CidrBlock=10.0.1.0%2F24" + tagSpec("subnet"));
        Verdict before = first(TestReference.beforeCheck(), request);
        assertThat(before.describe())
                .startsWith("ec2:CreateSubnet: DENIED (as vpc:")
                .contains("aws:RequestTag/m300:run-id");
        assertThat(first(TestReference.nightlyCheck(), request).describe()).isEqualTo("ec2:CreateSubnet: ALLOWED");
        // without the model (the checker of before: request tags of the whole request, one evaluation) it passed
        String old = TestReference.before();
        assertThat(RolePolicyCheck.of("before, no model", old)
                        .evaluate(decoded(request).get(0))
                        .outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    /** Issue 24's five pairs that the policy of before could never allow; today's statements allow each one. */
    @Test
    void theFivePairsTheOldPolicyCouldNeverAllow() throws Exception {
        Map<String, RecordedRequest> pairs = Map.of(
                "ec2:CreateRouteTable as vpc",
                        query("ec2", "Action=CreateRouteTable&VpcId=" + VPC + tagSpec("route-table")),
                "ec2:CreateVpcEndpoint as vpc",
                        query(
                                "ec2",
                                "Action=CreateVpcEndpoint&VpcId=" + VPC + "&ServiceName=com.amazonaws.eu-central-1.s3"
                                        + tagSpec("vpc-endpoint")),
                "ec2:StartNetworkInsightsAnalysis as network-insights-path",
                        query(
                                "ec2",
                                "Action=StartNetworkInsightsAnalysis&NetworkInsightsPathId=nip-0a1b2c3d4e5f60718"
                                        + tagSpec("network-insights-analysis")),
                "ecs:DeregisterTaskDefinition as no resource type",
                        json(
                                "ecs",
                                "AmazonEC2ContainerServiceV20141113.DeregisterTaskDefinition",
                                "{\"taskDefinition\":\"m300n1-1-app:1\"}"),
                "ec2:CreateSubnet as vpc", query("ec2", "Action=CreateSubnet&VpcId=" + VPC + tagSpec("subnet")));
        RolePolicyCheck before = TestReference.beforeCheck();
        RolePolicyCheck today = TestReference.nightlyCheck();
        pairs.forEach((pair, request) -> {
            String action = pair.substring(0, pair.indexOf(" as "));
            assertThat(first(before, request).describe())
                    .as(pair)
                    .startsWith(action + ": DENIED (" + pair.substring(action.length() + 1));
            assertThat(first(today, request).outcome()).as(pair).isEqualTo(Outcome.ALLOWED);
        });
    }

    @Test
    void requestTagsComeFromTheTagSpecificationOfTheTypeBeingCreated() {
        // the run tag is on the route table's specification, not on the subnet's
        var request = query("ec2", "Action=CreateSubnet&VpcId=" + VPC + tagSpec("route-table"));
        assertThat(first(TestReference.nightlyCheck(), request).describe())
                .startsWith("ec2:CreateSubnet: DENIED (as subnet:")
                .contains("aws:RequestTag/m300:run-id");
    }

    @Test
    void optionalTypesPresentInTheRequestAreJudgedToo() {
        RolePolicyCheck today = TestReference.nightlyCheck();
        // a security group in a VPC that is not the run's (the VPC is optional for CreateSecurityGroup)
        assertThat(first(today, securityGroupIn("vpc-0f00000000000000a")).describe())
                .startsWith("ec2:CreateSecurityGroup: DENIED (as vpc:");
        assertThat(first(today, securityGroupIn(VPC)).outcome()).isEqualTo(Outcome.ALLOWED);
        // a NAT gateway: the subnet and the EIP are judged as themselves
        assertThat(first(today, natGatewayWith("eipalloc-0a1b2c3d4e5f60718")).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(first(today, natGatewayWith("eipalloc-0ffffffffffffffff")).describe())
                .startsWith("ec2:CreateNatGateway: ")
                .contains("as elastic-ip:");
        // the new rule of an Authorize* is a type of its own (no tag needed on it: its group is judged by its tag)
        List<ApiCall> typed = TestReference.model()
                .expand(decoded(
                                query(
                                        "ec2",
                                        "Action=AuthorizeSecurityGroupIngress&GroupId=sg-0a1b2c3d4e5f60718&IpPermissions.1.IpProtocol=tcp"))
                        .get(0));
        assertThat(typed)
                .extracting(
                        c -> c.context().get(AuthorizationModel.RESOURCE_TYPE).get(0))
                .containsExactly("security-group", "security-group-rule");
    }

    @Test
    void tagsMayBeSetOnlyByTheCreateCall() {
        RolePolicyCheck today = TestReference.nightlyCheck();
        List<ApiCall> create = decoded(query("ec2", "Action=CreateVpc&CidrBlock=10.0.0.0%2F16" + tagSpec("vpc")));
        assertThat(today.evaluate(create))
                .extracting(Verdict::describe)
                .containsExactly("ec2:CreateVpc: ALLOWED", "ec2:CreateTags (implied by ec2:CreateVpc): ALLOWED");
        assertThat(create.get(1).context()).containsEntry("ec2:CreateAction", List.of("CreateVpc"));
        Verdict later = first(
                today,
                query(
                        "ec2",
                        "Action=CreateTags&ResourceId.1=vpc-0f00000000000000a" + "&Tag.1.Key=m300%3Arun-id&Tag.1.Value="
                                + RUN));
        assertThat(later.describe())
                .startsWith("ec2:CreateTags: DENIED (as vpc:")
                .contains("ec2:CreateAction");
    }

    @Test
    void aKeyAppliesOnlyWhereTheReferenceListsIt() {
        List<String> vpcOfCreateSubnet =
                List.of("aws:ResourceTag/${TagKey}", "ec2:ResourceTag/${TagKey}", "ec2:Region");
        assertThat(AuthorizationModel.applies("aws:RequestTag/m300:run-id", vpcOfCreateSubnet))
                .isFalse();
        assertThat(AuthorizationModel.applies("aws:TagKeys", vpcOfCreateSubnet)).isFalse();
        assertThat(AuthorizationModel.applies("aws:ResourceTag/m300:run-id", vpcOfCreateSubnet))
                .isTrue();
        assertThat(AuthorizationModel.applies("aws:RequestedRegion", List.of()))
                .as("a global key")
                .isTrue();
        assertThat(AuthorizationModel.applies("ec2:CreateAction", vpcOfCreateSubnet))
                .isFalse();
    }

    @Test
    void anActionTheReferenceDoesNotListIsJudgedAsRecorded() {
        ApiCall unknown = new ApiCall("ec2", "FlyToTheMoon", "ec2:FlyToTheMoon", List.of("*"), Map.of(), "", "POST /");
        assertThat(TestReference.model().knows(unknown)).isFalse();
        assertThat(TestReference.model().expand(unknown)).containsExactly(unknown);
        assertThat(new ArrayList<>(TestReference.model()
                        .expand(decoded(query("ec2", "Action=DescribeVpcs")).get(0))))
                .singleElement()
                .satisfies(c -> assertThat(c.resources()).containsExactly("*"));
    }

    private static RecordedRequest securityGroupIn(String vpc) {
        return query(
                "ec2",
                "Action=CreateSecurityGroup&GroupName=m300n1-1-db&GroupDescription=x&VpcId=" + vpc
                        + tagSpec("security-group"));
    }

    private static RecordedRequest natGatewayWith(String allocation) {
        return query(
                "ec2",
                "Action=CreateNatGateway&SubnetId=subnet-0a1b2c3d4e5f60718&AllocationId=" + allocation
                        + tagSpec("natgateway"));
    }
}
