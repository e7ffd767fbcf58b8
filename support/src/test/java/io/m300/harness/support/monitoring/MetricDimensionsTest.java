package io.m300.harness.support.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MON-04 judges the namespace and the full set of dimensions, not only the names and values. */
class MetricDimensionsTest {

    static final Map<String, Set<String>> DEPLOYED = Map.of(
            "ClusterName",
            Set.of("m300-cluster", "other-cluster"),
            "ServiceName",
            Set.of("m300-wordpress"),
            MetricDimensions.ECS_SERVICE,
            Set.of("m300-cluster/m300-wordpress"),
            "LoadBalancer",
            Set.of("app/m300-alb/50dc6c495c0c9188"),
            "DBInstanceIdentifier",
            Set.of("m300-db", "m300-aurora-1"),
            "DBClusterIdentifier",
            Set.of("m300-aurora"));

    @Test
    void theStacksOwnAlarmsPass() {
        assertThat(MetricDimensions.problems(
                        "cpu",
                        "AWS/ECS",
                        Map.of("ClusterName", "m300-cluster", "ServiceName", "m300-wordpress"),
                        DEPLOYED))
                .isEmpty();
        assertThat(MetricDimensions.problems(
                        "5xx", "AWS/ApplicationELB", Map.of("LoadBalancer", "app/m300-alb/50dc6c495c0c9188"), DEPLOYED))
                .isEmpty();
        assertThat(MetricDimensions.problems("db", "AWS/RDS", Map.of("DBInstanceIdentifier", "m300-db"), DEPLOYED))
                .isEmpty();
        assertThat(MetricDimensions.problems(
                        "aurora", "AWS/RDS", Map.of("DBClusterIdentifier", "m300-aurora", "Role", "WRITER"), DEPLOYED))
                .isEmpty();
    }

    @Test
    void serviceNameWithoutClusterNameIsNoMetric() {
        assertThat(MetricDimensions.problems("cpu", "AWS/ECS", Map.of("ServiceName", "m300-wordpress"), DEPLOYED))
                .singleElement()
                .asString()
                .contains("[ServiceName] are not a set AWS/ECS publishes");
    }

    @Test
    void aServiceInAnotherClusterOfTheStackIsNoDeployedService() {
        assertThat(MetricDimensions.problems(
                        "cpu",
                        "AWS/ECS",
                        Map.of("ClusterName", "other-cluster", "ServiceName", "m300-wordpress"),
                        DEPLOYED))
                .singleElement()
                .asString()
                .contains("no deployed ECS service");
    }

    @Test
    void aDimensionInANamespaceThatDoesNotHaveItFails() {
        assertThat(MetricDimensions.problems("db", "AWS/EC2", Map.of("DBInstanceIdentifier", "m300-db"), DEPLOYED))
                .singleElement()
                .asString()
                .contains("not a set AWS/EC2 publishes");
    }

    @Test
    void aTargetGroupAloneOrAnExtraDimensionIsNotAPublishedSet() {
        assertThat(MetricDimensions.problems(
                        "tg",
                        "AWS/ApplicationELB",
                        Map.of("TargetGroup", "targetgroup/x/1"),
                        Map.of("TargetGroup", Set.of("targetgroup/x/1"))))
                .hasSize(1);
        assertThat(MetricDimensions.problems(
                        "db",
                        "AWS/RDS",
                        Map.of("DBInstanceIdentifier", "m300-db", "DBClusterIdentifier", "m300-aurora"),
                        DEPLOYED))
                .singleElement()
                .asString()
                .contains("not a set AWS/RDS publishes");
    }

    @Test
    void anUnknownAwsNamespaceCannotBeJudgedButACustomOneIsJudgedByItsValues() {
        assertThat(MetricDimensions.problems("x", "AWS/Kafka", Map.of("ClusterName", "m300-cluster"), DEPLOYED))
                .singleElement()
                .asString()
                .contains("cannot be judged");
        assertThat(MetricDimensions.problems("x", "WordPress", Map.of("ClusterName", "m300-cluster"), DEPLOYED))
                .isEmpty();
        assertThat(MetricDimensions.problems("x", "WordPress", Map.of("Site", "blog"), DEPLOYED))
                .singleElement()
                .asString()
                .contains("names nothing");
    }

    @Test
    void aDatabaseResourceIdOrABadRoleFail() {
        assertThat(MetricDimensions.problems(
                        "db", "AWS/RDS", Map.of("DBInstanceIdentifier", "db-ABCDEFGHIJKL"), DEPLOYED))
                .hasSize(1);
        assertThat(MetricDimensions.problems(
                        "db", "AWS/RDS", Map.of("DBClusterIdentifier", "m300-aurora", "Role", "PRIMARY"), DEPLOYED))
                .hasSize(1);
        assertThat(MetricDimensions.problems("none", "AWS/RDS", Map.of(), DEPLOYED))
                .singleElement()
                .asString()
                .contains("no dimensions");
    }
}
