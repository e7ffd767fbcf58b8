package io.m300.harness.support.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * What several security groups attached to one tier admit TOGETHER (NET-02, NET-03): a resource
 * with two groups is reachable through the union of their ingress rules, however each rule was
 * written (inline, {@code aws_security_group_rule}, {@code aws_vpc_security_group_ingress_rule}:
 * EC2 reports them all the same way).
 */
public final class TierIngress {

    private TierIngress() {}

    /**
     * What keeps {@code groups} from admitting, together, exactly "tcp/{@code port} from one of
     * {@code sourceGroups}": every rule that is anything else (another port, a CIDR, a prefix list, a
     * group outside {@code sourceGroups}, a port range), and the absence of any such rule. Also a
     * finding: no group at all, no source group, or a group id in {@code expectedGroupIds} that
     * EC2 did not return (a reference that leads nowhere). Empty means the tier admits only that.
     */
    public static List<String> onlyTcpPortFromGroups(
            Collection<String> expectedGroupIds, List<SecurityGroup> groups, int port, Set<String> sourceGroups) {
        List<String> problems = new ArrayList<>();
        if (expectedGroupIds.isEmpty()) {
            problems.add("no security group is attached");
        }
        for (String id : expectedGroupIds) {
            if (groups.stream().noneMatch(g -> id.equals(g.groupId()))) {
                problems.add("security group " + id + " is attached but does not exist in EC2");
            }
        }
        if (sourceGroups.isEmpty()) {
            problems.add("the tier that should be admitted has no security group");
        }
        boolean found = false;
        for (SecurityGroup g : groups) {
            for (SecurityGroupRules.Rule r : SecurityGroupRules.ingress(g)) {
                boolean tcp = "tcp".equals(r.protocol());
                if (tcp
                        && r.fromPort() == port
                        && r.toPort() == port
                        && r.isSecurityGroup()
                        && sourceGroups.contains(r.source())) {
                    found = true;
                } else {
                    problems.add(SecurityGroupRules.label(g) + " admits " + r + " (only tcp/" + port + " from "
                            + sourceGroups + " may be admitted)");
                }
            }
        }
        if (!found && !sourceGroups.isEmpty()) {
            problems.add("no ingress rule admits tcp/" + port + " from " + sourceGroups);
        }
        return problems;
    }
}
