package io.m300.harness.support.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.PrefixListEntry;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * EC2 reads the checks need. Lookups by id use filters, so an id that does not exist yields
 * nothing (the caller states that as a finding) instead of an SDK exception.
 */
public final class Ec2Reader {

    private final Ec2Client ec2;

    /** Reads through the EC2 client of these clients. */
    public Ec2Reader(AwsClients aws) {
        this(aws.ec2());
    }

    public Ec2Reader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * The tags EC2 lists for these resource ids (DescribeTags, every page); SDK errors are thrown as they are
     * thrown.
     */
    public List<TagDescription> tags(Collection<String> resourceIds) {
        List<TagDescription> out = new ArrayList<>();
        ec2.describeTagsPaginator(r -> r.filters(f -> f.name("resource-id").values(resourceIds)))
                .tags()
                .forEach(out::add);
        return out;
    }

    /** The security groups with these ids that exist (every rule: inline and separate resources alike). */
    public List<SecurityGroup> securityGroups(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<SecurityGroup> out = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(r ->
                        r.filters(Filter.builder().name("group-id").values(ids).build()))
                .securityGroups()
                .forEach(out::add);
        return out;
    }

    /** The default security group(s) of a VPC (group name {@code default}). */
    public List<SecurityGroup> defaultSecurityGroups(String vpcId) {
        List<SecurityGroup> out = new ArrayList<>();
        ec2.describeSecurityGroupsPaginator(r -> r.filters(
                        Filter.builder().name("vpc-id").values(vpcId).build(),
                        Filter.builder().name("group-name").values("default").build()))
                .securityGroups()
                .forEach(out::add);
        return out;
    }

    /** The CIDRs a managed prefix list holds, or empty when EC2 cannot give them (unknown list, unsupported call). */
    public Optional<List<String>> prefixListEntries(String prefixListId) {
        try {
            List<String> out = new ArrayList<>();
            ec2.getManagedPrefixListEntriesPaginator(r -> r.prefixListId(prefixListId)).entries().stream()
                    .map(PrefixListEntry::cidr)
                    .forEach(out::add);
            return Optional.of(out);
        } catch (Ec2Exception e) {
            return Optional.empty();
        }
    }

    /** Subnets with these ids that exist. */
    public List<Subnet> subnets(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Subnet> out = new ArrayList<>();
        ec2.describeSubnetsPaginator(r ->
                        r.filters(Filter.builder().name("subnet-id").values(ids).build()))
                .subnets()
                .forEach(out::add);
        return out;
    }

    /** NAT gateways of a VPC that are not deleted, by id -> subnet id. */
    public Map<String, String> natGatewaySubnets(String vpcId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NatGateway n : ec2.describeNatGatewaysPaginator(r ->
                        r.filter(Filter.builder().name("vpc-id").values(vpcId).build()))
                .natGateways()) {
            String state = n.stateAsString();
            if (!"deleted".equals(state) && !"deleting".equals(state)) {
                out.put(n.natGatewayId(), n.subnetId());
            }
        }
        return out;
    }

    /** Flow logs attached to a resource (VPC, subnet or ENI id). */
    public List<FlowLog> flowLogs(String resourceId) {
        List<FlowLog> out = new ArrayList<>();
        ec2.describeFlowLogsPaginator(r -> r.filter(
                        Filter.builder().name("resource-id").values(resourceId).build()))
                .flowLogs()
                .forEach(out::add);
        return out;
    }
}
