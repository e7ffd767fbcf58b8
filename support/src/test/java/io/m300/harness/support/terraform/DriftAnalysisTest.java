package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DriftAnalysisTest {

    private static JsonNode plan(String changes) throws Exception {
        return new ObjectMapper().readTree("{\"resource_changes\":[" + changes + "]}");
    }

    private static String change(String address, String type, String actions, String before, String after) {
        return "{\"address\":\"" + address + "\",\"type\":\"" + type + "\",\"change\":{\"actions\":" + actions
                + ",\"before\":" + before + ",\"after\":" + after + ",\"after_unknown\":{}}}";
    }

    @Test
    void noOpPlanIsClean() throws Exception {
        var v = DriftAnalysis.judge(
                plan(change("aws_vpc.this", "aws_vpc", "[\"no-op\"]", "{\"a\":1}", "{\"a\":1}")), "moto");
        assertThat(v.clean()).isTrue();
        assertThat(v.tolerated()).isEmpty();
    }

    @Test
    void aKnownReadBackGapIsToleratedOnItsTargetOnly() throws Exception {
        JsonNode p = plan(change(
                "aws_ecs_service.this",
                "aws_ecs_service",
                "[\"update\"]",
                "{\"availability_zone_rebalancing\":null,\"name\":\"x\"}",
                "{\"availability_zone_rebalancing\":\"ENABLED\",\"name\":\"x\"}"));
        var onMoto = DriftAnalysis.judge(p, "moto");
        assertThat(onMoto.clean()).isTrue();
        assertThat(onMoto.tolerated()).singleElement().asString().contains("availability_zone_rebalancing");
        assertThat(DriftAnalysis.judge(p, "aws").clean()).isFalse();
    }

    @Test
    void anyOtherChangeIsDriftAndNamesTheAttribute() throws Exception {
        JsonNode p = plan(change(
                "aws_ecs_service.this",
                "aws_ecs_service",
                "[\"update\"]",
                "{\"availability_zone_rebalancing\":null,\"desired_count\":2}",
                "{\"availability_zone_rebalancing\":\"ENABLED\",\"desired_count\":1}"));
        var v = DriftAnalysis.judge(p, "moto");
        assertThat(v.drift())
                .singleElement()
                .satisfies(c -> assertThat(c.attributes()).contains("desired_count"));
    }

    @Test
    void replacementsAndCreatesAreDrift() throws Exception {
        var v = DriftAnalysis.judge(
                plan(change("aws_db_instance.this", "aws_db_instance", "[\"delete\",\"create\"]", "{}", "{}")), "moto");
        assertThat(v.drift()).hasSize(1);
    }

    @Test
    void valuesAreNeverCopiedIntoTheVerdict() throws Exception {
        var v = DriftAnalysis.judge(
                plan(change(
                        "aws_acm_certificate.this",
                        "aws_acm_certificate",
                        "[\"update\"]",
                        "{\"private_key\":\"SECRET-OLD\"}",
                        "{\"private_key\":\"SECRET-NEW\"}")),
                "moto");
        assertThat(v.drift().toString()).contains("private_key").doesNotContain("SECRET");
    }
}
