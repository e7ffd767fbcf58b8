package io.m300.harness.support.aws;

import io.m300.harness.support.stack.Leftovers;
import io.m300.harness.support.stack.TaggedResources;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** For the run-resource walker: the state of a tagged EC2 resource, read from the resource itself. */
public final class Ec2States {

    private Ec2States() {}

    /** EC2's documented "no such resource" codes for the describe calls of {@link #of}. */
    private static final Set<String> NOT_FOUND = Set.of(
            "InvalidVpcID.NotFound",
            "InvalidSubnetID.NotFound",
            "InvalidGroup.NotFound",
            "InvalidSecurityGroupRuleId.NotFound",
            "InvalidRouteTableID.NotFound",
            "InvalidInternetGatewayID.NotFound",
            "InvalidAllocationID.NotFound",
            "NatGatewayNotFound",
            "InvalidPrefixListID.NotFound",
            "InvalidFlowLogId.NotFound");

    /** AWS's {@code DescribeTags} resource type of each EC2 id prefix the stack makes. */
    private static final Map<String, String> TYPE_OF_PREFIX = Map.ofEntries(
            Map.entry("vpc-", "vpc"), Map.entry("subnet-", "subnet"),
            Map.entry("sg-", "security-group"), Map.entry("sgr-", "security-group-rule"),
            Map.entry("rtb-", "route-table"), Map.entry("igw-", "internet-gateway"),
            Map.entry("eipalloc-", "elastic-ip"), Map.entry("nat-", "natgateway"),
            Map.entry("pl-", "prefix-list"), Map.entry("fl-", "vpc-flow-log"),
            Map.entry("vpce-", "vpc-endpoint"), Map.entry("eni-", "network-interface"),
            Map.entry("nip-", "network-insights-path"), Map.entry("nia-", "network-insights-analysis"));

    /**
     * The resource type of a tagged EC2 resource as AWS's {@code DescribeTags} names it
     * ({@code natgateway}, {@code elastic-ip}, {@code vpc-flow-log}, ...), from its id's prefix: moto
     * 5.2 reports its own names ({@code nat-gateway}, {@code vpc-elastic-ip}, {@code flow-logs}), under
     * which the sweeper's deleters would not find them. A prefix not made by the stack keeps the reported type.
     */
    public static String type(String reported, String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        return dash < 0 ? reported : TYPE_OF_PREFIX.getOrDefault(id.substring(0, dash + 1), reported);
    }

    /**
     * The state of a tagged EC2 resource, read from the resource itself: DescribeTags alone is not
     * proof that it exists (moto 5.2 keeps listing the tags of deleted resources). A resource that
     * its own describe call no longer returns is {@link Leftovers#TAG_ONLY}.
     */
    public static String of(AwsClients aws, String id) {
        var ec2 = aws.ec2();
        try {
            String prefix = id.substring(0, id.indexOf('-') + 1);
            return switch (prefix) {
                case "vpc-" ->
                    ec2.describeVpcs(r -> r.vpcIds(id)).vpcs().stream()
                            .findFirst()
                            .map(v -> v.stateAsString())
                            .orElse(Leftovers.TAG_ONLY);
                case "subnet-" ->
                    ec2.describeSubnets(r -> r.subnetIds(id)).subnets().stream()
                            .findFirst()
                            .map(v -> v.stateAsString())
                            .orElse(Leftovers.TAG_ONLY);
                case "sg-" ->
                    ec2.describeSecurityGroups(r -> r.groupIds(id))
                                    .securityGroups()
                                    .isEmpty()
                            ? Leftovers.TAG_ONLY
                            : "exists";
                case "sgr-" ->
                    ec2.describeSecurityGroupRules(r -> r.securityGroupRuleIds(id))
                                    .securityGroupRules()
                                    .isEmpty()
                            ? Leftovers.TAG_ONLY
                            : "exists";
                case "rtb-" ->
                    ec2.describeRouteTables(r -> r.routeTableIds(id))
                                    .routeTables()
                                    .isEmpty()
                            ? Leftovers.TAG_ONLY
                            : "exists";
                case "igw-" ->
                    ec2.describeInternetGateways(r -> r.internetGatewayIds(id))
                                    .internetGateways()
                                    .isEmpty()
                            ? Leftovers.TAG_ONLY
                            : "exists";
                case "eipalloc-" ->
                    ec2.describeAddresses(r -> r.allocationIds(id)).addresses().isEmpty()
                            ? Leftovers.TAG_ONLY
                            : "exists";
                case "nat-" ->
                    ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                            .findFirst()
                            .map(n -> n.stateAsString())
                            .orElse(Leftovers.TAG_ONLY);
                case "pl-" ->
                    ec2.describeManagedPrefixLists(r -> r.prefixListIds(id)).prefixLists().stream()
                            .findFirst()
                            .map(v -> v.stateAsString())
                            .orElse(Leftovers.TAG_ONLY);
                case "fl-" ->
                    ec2.describeFlowLogs(r -> r.flowLogIds(id)).flowLogs().isEmpty() ? Leftovers.TAG_ONLY : "exists";
                default -> "";
            };
        } catch (AwsServiceException e) {
            if (TaggedResources.isDenied(e)) {
                throw new TaggedResources.Denied("describe " + id + ": " + TaggedResources.message(e));
            }
            String code = e.awsErrorDetails() == null
                    ? ""
                    : String.valueOf(e.awsErrorDetails().errorCode());
            if (NOT_FOUND.contains(code)) {
                return Leftovers.TAG_ONLY;
            }
            throw e;
        }
    }
}
