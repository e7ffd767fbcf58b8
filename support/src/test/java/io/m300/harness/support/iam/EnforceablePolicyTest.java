package io.m300.harness.support.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnforceablePolicyTest {

    private static final String POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Scoped","Effect":"Allow","Action":["sns:CreateTopic","cloudwatch:DescribeAlarms"],
               "Resource":"arn:aws:sns:REGION:ACCOUNT_ID:m300n*","Condition":{"StringEquals":{"aws:RequestedRegion":"REGION"}}},
              {"Sid":"State","Effect":"Allow","Action":["s3:ListBucketVersions"],"Resource":"arn:aws:s3:::STATE_BUCKET"},
              {"Sid":"Objects","Effect":"Allow","Action":["s3:DeleteObject"],"Resource":"arn:aws:s3:::STATE_BUCKET/m300/*"}]}""";

    @Test
    void widensResourcesButS3sDropsConditionsAndAddsMotosNames() throws Exception {
        String real = EnforceablePolicy.substitute(
                POLICY,
                Map.of("REGION", "eu-central-1", "ACCOUNT_ID", "123456789012", "STATE_BUCKET", "m300n1-tfstate"));
        assertThat(real)
                .contains("arn:aws:sns:eu-central-1:123456789012:m300n*")
                .contains("arn:aws:s3:::m300n1-tfstate");
        JsonNode moto = new ObjectMapper().readTree(EnforceablePolicy.forMoto(real));
        JsonNode scoped = moto.get("Statement").get(0);
        assertThat(scoped.get("Resource").asText()).isEqualTo("*");
        assertThat(scoped.has("Condition")).isFalse();
        assertThat(scoped.get("Action").toString()).contains("monitoring:DescribeAlarms", "cloudwatch:DescribeAlarms");
        JsonNode state = moto.get("Statement").get(1);
        assertThat(state.get("Resource").toString()).isEqualTo("[\"arn:aws:s3:::m300n1-tfstate\"]");
        // moto checks a multi-object delete on the bucket first: the object statement names its bucket too
        assertThat(moto.get("Statement").get(2).get("Resource").toString())
                .isEqualTo("[\"arn:aws:s3:::m300n1-tfstate/m300/*\",\"arn:aws:s3:::m300n1-tfstate\"]");
        assertThat(state.get("Action").toString()).contains("s3:ListObjectVersions");
    }
}
