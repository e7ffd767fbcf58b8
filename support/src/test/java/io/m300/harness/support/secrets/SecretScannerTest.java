package io.m300.harness.support.secrets;

import static io.m300.harness.support.secrets.SecretScanner.ATTRIBUTE;
import static io.m300.harness.support.secrets.SecretScanner.VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.secrets.SecretScanner.Finding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Tr0ub4dor&3\"x";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** The classic data "aws_ssm_parameter" -> password wiring: the password lands in state twice. */
    private static final String LEAKY_STATE = """
            {"version":4,"terraform_version":"1.9.0","resources":[
              {"mode":"data","type":"aws_ssm_parameter","name":"db","instances":[{"attributes":{
                "arn":"arn:aws:ssm:eu-west-1:1:parameter/m300/db/password","name":"/m300/db/password",
                "type":"SecureString","value":%s,"with_decryption":true,"version":1}}]},
              {"mode":"managed","type":"aws_db_instance","name":"db","instances":[{"attributes":{
                "identifier":"m300-db","password":%s,"password_wo":null,"password_wo_version":null,
                "manage_master_user_password":null,"master_user_secret":[],"username":"admin"},
                "sensitive_attributes":[[{"type":"get_attr","value":"password"}]]}]}]}""";

    private static String leakyState() throws Exception {
        String quoted = JSON.writeValueAsString(PASSWORD);
        return LEAKY_STATE.formatted(quoted, quoted);
    }

    @Test
    void stateWithThePasswordInPasswordAndInADataSourceValueGivesTwoFindings() throws Exception {
        List<Finding> findings = SecretScanner.scan(json(leakyState()), "s3://state/m300.tfstate", PASSWORD);

        assertThat(findings)
                .containsExactly(
                        new Finding("s3://state/m300.tfstate", "$.resources[0].instances[0].attributes.value", VALUE),
                        new Finding(
                                "s3://state/m300.tfstate", "$.resources[1].instances[0].attributes.password", VALUE));
        for (Finding f : findings) {
            assertThat(f.toString()).doesNotContain(PASSWORD).doesNotContain("Tr0ub4dor");
            assertThat(f.jsonPath() + f.source() + f.kind()).doesNotContain("Tr0ub4dor");
        }
        assertThat(findings.get(0).toString())
                .isEqualTo(
                        "s3://state/m300.tfstate at $.resources[0].instances[0].attributes.value: the password's value");
    }

    @Test
    void withoutTheValueThePasswordAttributeIsStillFound() throws Exception {
        List<Finding> findings = SecretScanner.scan(json(leakyState()), "state", null);

        assertThat(findings)
                .containsExactly(new Finding("state", "$.resources[1].instances[0].attributes.password", ATTRIBUTE));
        assertThat(SecretScanner.scan(json(leakyState()), "state", "  ")).isEqualTo(findings);
    }

    @Test
    void cleanStateWithManagedPasswordHasNoFinding() throws Exception {
        JsonNode state = json("""
                {"version":4,"resources":[{"mode":"managed","type":"aws_db_instance","name":"db","instances":[{"attributes":{
                  "password":null,"password_wo":null,"password_wo_version":2,"manage_master_user_password":true,
                  "master_user_secret":[{"kms_key_id":"arn:aws:kms:eu-west-1:1:key/abc","secret_arn":"arn:aws:secretsmanager:eu-west-1:1:secret:rds!db-1","secret_status":"active"}],
                  "master_user_secret_kms_key_id":"abc-123","password_parameter":"/m300/db/password",
                  "db_password_arn":"arn:aws:ssm:eu-west-1:1:parameter/m300/db/password","secret_name":"m300",
                  "kms_alias_for_secret":"alias/m300","secret_enabled":false,"passwd":""}}]}]}""");

        assertThat(SecretScanner.scan(state, "state", PASSWORD)).isEmpty();
    }

    @Test
    void encodedFormsOfThePasswordAreFound() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        String userData = Base64.getEncoder()
                .encodeToString(
                        ("#!/bin/sh\nexport DB_PASSWORD='" + PASSWORD + "'\n").getBytes(StandardCharsets.UTF_8));
        String nestedJson = JSON.writeValueAsString("{\"env\":" + JSON.writeValueAsString(PASSWORD) + "}");
        JsonNode doc = json("{\"a\":\"" + b64 + "\",\"b\":\"" + userData + "\",\"c\":" + nestedJson
                + ",\"d\":\"postgres://admin:Tr0ub4dor%263%22x@db:5432\"}");

        assertThat(SecretScanner.scan(doc, "doc", PASSWORD))
                .extracting(Finding::jsonPath)
                .containsExactly("$.a", "$.b", "$.c", "$.d");
    }

    @Test
    void planVariablesOutputsAndConfigurationConstantsAreFound() throws Exception {
        JsonNode plan = json("""
                {"variables":{"db_password":{"value":"from-tfvars"},"region":{"value":"eu-west-1"}},
                 "planned_values":{"outputs":{"db_secret":{"sensitive":true,"value":"from-output"}}},
                 "resource_changes":[{"change":{"after":{"secret_string":"s3cr3t"},
                    "after_sensitive":{"secret_string":true},"after_unknown":{"password":true}}}],
                 "configuration":{"root_module":{"resources":[{"expressions":{
                    "password":{"constant_value":"literal"},
                    "master_password":{"references":["data.aws_ssm_parameter.db.value","data.aws_ssm_parameter.db"]}}}]}}}""");

        assertThat(SecretScanner.scan(plan, "plan.json", null))
                .extracting(Finding::jsonPath)
                .containsExactly(
                        "$.variables.db_password.value",
                        "$.planned_values.outputs.db_secret.value",
                        "$.resource_changes[0].change.after.secret_string",
                        "$.configuration.root_module.resources[0].expressions.password.constant_value");
    }

    @Test
    void keysAreMatchedCaseInsensitivelyAndOddKeysArePathQuoted() throws Exception {
        JsonNode doc =
                json("{\"env\":{\"DB_PASSWORD\":\"x1\",\"my-Secret\":\"x2\",\"PassWd\":\"x3\",\"user\":\"x4\"}}");

        assertThat(SecretScanner.scan(doc, "doc", null))
                .extracting(Finding::jsonPath)
                .containsExactly("$.env.DB_PASSWORD", "$.env['my-Secret']", "$.env.PassWd");
    }

    @Test
    void aKeyThatHoldsTheSecretIsRedactedInThePath() throws Exception {
        JsonNode doc = json("{\"tags\":{" + JSON.writeValueAsString(PASSWORD) + ":\"v\"}}");

        List<Finding> findings = SecretScanner.scan(doc, "doc", PASSWORD);

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).toString()).doesNotContain("Tr0ub4dor").contains("****");
    }

    @Test
    void numbersBooleansAndNullsAreNotPasswordAttributes() throws Exception {
        JsonNode doc = json("{\"minimum_password_length\":14,\"password_reuse_prevention\":24,"
                + "\"require_password\":true,\"secret\":null,\"password\":[]}");

        assertThat(SecretScanner.scan(doc, "doc", null)).isEmpty();
        assertThat(SecretScanner.scan(json("{\"pin\":123456}"), "doc", "123456"))
                .extracting(Finding::kind)
                .containsExactly(VALUE);
    }

    @Test
    void textScanReportsLineNumbersAndNeverTheSecret() {
        String text =
                """
                # terraform.tfvars
                region      = "eu-west-1"
                db_password = "hunter2-literal"
                db_user     = "admin"
                password    = var.db_password
                secret      = true
                leaked      = "%s"
                "master_password": "abc"
                token = "%s"
                """.formatted(PASSWORD, Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));

        List<Finding> findings = SecretScanner.scanText(text, "infra/terraform.tfvars", PASSWORD);

        assertThat(findings)
                .containsExactly(
                        new Finding("infra/terraform.tfvars", "line 3", ATTRIBUTE),
                        new Finding("infra/terraform.tfvars", "line 7", VALUE),
                        new Finding("infra/terraform.tfvars", "line 8", ATTRIBUTE),
                        new Finding("infra/terraform.tfvars", "line 9", VALUE));
        assertThat(findings.toString()).doesNotContain("Tr0ub4dor").doesNotContain("hunter2");
    }

    @Test
    void textScanIgnoresReferencesPlaceholdersAndParameterNames() {
        String text = """
                  + password = (sensitive value)
                  + secret_string = (known after apply)
                  password_parameter = "/m300/db/password"
                  secret_arn = "arn:aws:secretsmanager:eu-west-1:1:secret:x"
                  password = "${var.db_password}"
                  manage_master_user_password = true
                  password = data.aws_ssm_parameter.db.value
                """;

        assertThat(SecretScanner.scanText(text, "plan.txt", PASSWORD)).isEmpty();
        assertThat(SecretScanner.scanText(null, "x", PASSWORD)).isEmpty();
    }

    @Test
    void anArnOfAnyPartitionIsAReferenceButTextThatOnlyStartsWithArnIsALiteral() {
        assertThat(SecretScanner.isLiteralSecretValue(
                        "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf", false))
                .isFalse();
        // before the SDK's Arn, any value starting with "arn:" passed for a reference
        assertThat(SecretScanner.isLiteralSecretValue("arn:Hunter2-Pass", false))
                .isTrue();
    }
}
