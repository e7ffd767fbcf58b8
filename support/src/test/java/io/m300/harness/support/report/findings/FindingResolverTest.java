package io.m300.harness.support.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.stack.StackInventory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingResolverTest {

    /** A state with a module's for_each subnets, a count-indexed route table association, a group and its rule, a role. */
    static final String STATE = """
            {"version": 4, "resources": [
              {"module": "module.net", "mode": "managed", "type": "aws_subnet", "name": "app", "instances": [
                {"index_key": "a", "attributes": {"id": "subnet-0aaa111122223333", "arn": "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0aaa111122223333"}},
                {"index_key": "b", "attributes": {"id": "subnet-0bbb111122223333"}}]},
              {"mode": "managed", "type": "aws_security_group", "name": "db", "instances": [
                {"attributes": {"id": "sg-0db5e4a43b7d9c1a5", "name": "m300x-db", "arn": "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0db5e4a43b7d9c1a5"}}]},
              {"mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_vpc_mutant", "instances": [
                {"attributes": {"id": "sgr-0abc7d9c1a5d0b4e2", "security_group_id": "sg-0db5e4a43b7d9c1a5"}}]},
              {"mode": "managed", "type": "aws_iam_role", "name": "task", "instances": [
                {"attributes": {"id": "m300x-ecs-task-role", "name": "m300x-ecs-task-role", "arn": "arn:aws:iam::123456789012:role/m300x-ecs-task-role"}}]},
              {"mode": "managed", "type": "aws_route_table_association", "name": "private", "instances": [
                {"index_key": 1, "attributes": {"id": "rtbassoc-0123456789abcdef0"}}]},
              {"mode": "data", "type": "aws_region", "name": "current", "instances": [{"attributes": {"id": "eu-west-1", "name": "eu-west-1"}}]},
              {"mode": "data", "type": "aws_iam_role", "name": "task_again", "instances": [
                {"attributes": {"id": "m300x-ecs-task-role", "arn": "arn:aws:iam::123456789012:role/m300x-ecs-task-role"}}]}
            ]}""";

    /** What the compliant stack's resources a failure with this message, evidence and explicit names is about. */
    private static List<FindingResolver.Named> resolve(String message, List<String> evidence, List<String> explicit) {
        return FindingResolver.resolve(stack(), message, evidence, explicit);
    }

    /** The resources named, in order: each one's address, or "outside: " and the reference. */
    private static void assertWhere(List<FindingResolver.Named> named, String... expected) {
        assertThat(named).extracting(FindingResolverTest::where).containsExactly(expected);
    }

    /** A named resource's address, or "outside: " and the reference for one the stack did not make. */
    private static String where(FindingResolver.Named n) {
        return n.entry() == null ? "outside: " + n.reference() : n.entry().address();
    }

    static StackResources stack() {
        Path compliant = SourceIndexTest.REPO.resolve("fixtures/compliant");
        return StackResources.of(
                StackInventory.parse(STATE), SourceIndex.of(compliant, SourceOrigins.of(compliant, compliant)));
    }

    @Test
    void theMessagesResourcesComeFirstInTheirOrderWithModulePathAndKeyAndTheBlockOfTheirModule() {
        var named = resolve(
                "expected the database's groups to admit only the app tier, but sgr-0abc7d9c1a5d0b4e2 on sg-0db5e4a43b7d9c1a5 admits "
                        + "10.0.0.0/16; subnet subnet-0aaa111122223333 routes to igw-0fffa1b2c3d4e5f60.",
                List.of("role arn:aws:iam::123456789012:role/m300x-ecs-task-role"),
                List.of());
        assertWhere(
                named,
                "aws_vpc_security_group_ingress_rule.db_from_vpc_mutant",
                "aws_security_group.db",
                "module.net.aws_subnet.app[\"a\"]",
                "outside: igw-0fffa1b2c3d4e5f60");
        assertThat(named.get(2).describe())
                .isEqualTo("module.net.aws_subnet.app[\"a\"] (fixtures/compliant/modules/network/main.tf:32)");
        assertThat(named.get(3).describe()).contains("made outside the stack, or a default resource");
    }

    @Test
    void withoutANameInTheMessageTheEvidenceNamesThemAndAManagedResourceHidesTheDataSourceThatReadsIt() {
        var named = resolve(
                "expected exactly one principal, found 2",
                List.of("task role: arn:aws:iam::************:role/m300x-ecs-task-role (region eu-west-1)"),
                List.of());
        assertThat(named).extracting(n -> n.entry().address()).containsExactly("aws_iam_role.task");
        assertThat(named.get(0).describe()).contains("no block found");
    }

    @Test
    void aStepCanNameTheResourceAtFaultAndAResourceInAStateWithCountKeepsItsIndex() {
        var named = resolve(
                "route table has a route to the gateway",
                List.of(),
                List.of("rtbassoc-0123456789abcdef0", "sg-0ffe4a43b7d9c1a50"));
        assertWhere(named, "aws_route_table_association.private[1]", "outside: sg-0ffe4a43b7d9c1a50");
    }

    @Test
    void aNameIsMatchedOnlyAsAWholeName() {
        assertThat(FindingResolver.find("group m300x-db-admin admits", "m300x-db"))
                .isEqualTo(-1);
        assertThat(FindingResolver.find("group m300x-db admits", "m300x-db")).isEqualTo(6);
        assertThat(FindingResolver.find("found sg-01.", "sg-01")).isEqualTo(6);
    }

    @Test
    void noSecretOrAccountLeavesThroughTheIdentifiers() {
        StackResources s = stack();
        assertThat(s.toJson()).doesNotContain("123456789012").contains("************");
        assertThat(s.resources()).allSatisfy(r -> assertThat(r.identifiers()).doesNotContain("eu-west-1"));
        assertThat(StackResources.fromJson(s.toJson())).isEqualTo(s);
    }

    static final String PARTS = """
            {"version": 4, "resources": [
              {"mode": "managed", "type": "aws_security_group", "name": "db", "instances": [{"attributes": {"id": "sg-2a00b80841f3c9cba", "name": "m300x-db-sg"}}]},
              {"mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_ecs", "instances": [{"attributes": {
                "id": "sgr-0aa1", "security_group_id": "sg-2a00b80841f3c9cba", "referenced_security_group_id": "sg-cb22b8bb5402f7d2d",
                "from_port": 3306, "to_port": 3306, "ip_protocol": "tcp"}}]},
              {"mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_vpc_mutant", "instances": [{"attributes": {
                "id": "sgr-0bb2", "security_group_id": "sg-2a00b80841f3c9cba", "cidr_ipv4": "10.30.0.0/16",
                "from_port": 3306, "to_port": 3306, "ip_protocol": "tcp"}}]},
              {"mode": "managed", "type": "aws_lb", "name": "this", "instances": [{"attributes": {"id": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300x-alb/79b6f560af6fa6ce",
                "arn": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300x-alb/79b6f560af6fa6ce", "name": "m300x-alb"}}]},
              {"mode": "managed", "type": "aws_lb_listener", "name": "http", "instances": [{"attributes": {"id": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/m300x-alb/79b6f560af6fa6ce/aa01",
                "load_balancer_arn": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300x-alb/79b6f560af6fa6ce", "port": 80, "protocol": "HTTP"}}]},
              {"mode": "managed", "type": "aws_lb_listener", "name": "https", "instances": [{"attributes": {"id": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/m300x-alb/79b6f560af6fa6ce/bb02",
                "load_balancer_arn": "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/m300x-alb/79b6f560af6fa6ce", "port": 443, "protocol": "HTTPS",
                "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}}]}
            ]}""";

    static StackResources parts() {
        return StackResources.of(
                StackInventory.parse(PARTS),
                SourceIndex.of(
                        SourceIndexTest.REPO.resolve("infra"),
                        SourceOrigins.of(
                                SourceIndexTest.REPO.resolve("infra"), SourceIndexTest.REPO.resolve("infra"))));
    }

    @Test
    void theRuleOfANamedGroupWhoseSettingsTheMessageQuotesComesFirst() {
        var named = FindingResolver.resolve(
                parts(),
                "m300x-db: sg-2a00b80841f3c9cba (m300x-db-sg) admits tcp/3306 from 10.30.0.0/16 "
                        + "(only tcp/3306 from [sg-cb22b8bb5402f7d2d] may be admitted)",
                List.of(),
                List.of());
        assertWhere(
                named,
                "aws_vpc_security_group_ingress_rule.db_from_vpc_mutant",
                "aws_security_group.db",
                "outside: sg-cb22b8bb5402f7d2d");
    }

    @Test
    void theListenerOfANamedLoadBalancerWhosePortTheMessageQuotesComesFirst() {
        var named = FindingResolver.resolve(
                parts(),
                "m300x-alb: rule tcp/80 from 0.0.0.0/0 admits HTTP, but port 80 does not only " + "redirect to HTTPS",
                List.of(),
                List.of());
        assertThat(named).extracting(n -> n.entry().address()).containsExactly("aws_lb_listener.http", "aws_lb.this");
        assertThat(named.get(0).describe()).startsWith("aws_lb_listener.http (infra/alb.tf:");
        assertThat(FindingResolver.findSetting("port 8080 and 10.80.0.0/16", "80"))
                .isFalse();
        assertThat(FindingResolver.findSetting("tcp/80 from", "80")).isTrue();
    }
}
