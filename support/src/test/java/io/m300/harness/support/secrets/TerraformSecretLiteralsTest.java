package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.m300.harness.support.secrets.TerraformSecretLiterals.Finding;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class TerraformSecretLiteralsTest {

    @Test
    void aTfvarsFileWithALiteralPasswordIsFound() {
        List<Finding> found = TerraformSecretLiterals.scan("""
                name_prefix = "m300-dev"
                db_password = "hunter2-not-real"
                """, "terraform.tfvars");

        assertThat(found).containsExactly(new Finding("terraform.tfvars", 2, "db_password", "argument or variable"));
        assertThat(found.get(0).toString()).doesNotContain("hunter2");
    }

    @Test
    void theProjectsOwnStyleIsClean() {
        String tf = """
                variable "certificate_private_key" {
                  description = "PEM private key of certificate_body."
                  type        = string
                  sensitive   = true
                }

                variable "db_password_parameter_name" {
                  description = "Name of the SSM SecureString parameter holding the database password (e.g. /m300/db/password)."
                  type        = string
                  validation {
                    condition     = can(regex("^/?[A-Za-z0-9_.\\\\-/]+$", var.db_password_parameter_name))
                    error_message = "db_password_parameter_name: must be a valid SSM parameter name."
                  }
                }

                resource "aws_db_instance" "this" {
                  kms_key_id          = aws_kms_key.data.arn
                  password_wo         = ephemeral.aws_ssm_parameter.db_password.value
                  password_wo_version = 1
                  manage_master_user_password = true
                }
                resource "aws_instance" "x" {
                  key_name = "ops-keypair"
                }
                resource "aws_kms_key" "data" {
                  enable_key_rotation = true
                }
                resource "aws_acm_certificate" "x" {
                  private_key = var.certificate_private_key
                }
                resource "aws_sns_topic" "alerts" {
                  kms_master_key_id = aws_kms_key.data.arn
                }
                resource "aws_kms_alias" "data" {
                  target_key_id = aws_kms_key.data.key_id
                }
                locals {
                  secret_arn = "arn:aws:secretsmanager:eu-central-1:1:secret:x"
                  password_parameter = "/m300/db/password"
                  db_password_parameter_arn = "arn:aws:ssm:eu-central-1:1:parameter/m300/db/password"
                  token_source = lower("X")
                }
                # db_password = "only a comment"
                // api_token = "also a comment"
                /* secret = "a block comment"
                   password = "still in it" */
                container_definitions = jsonencode([{
                  secrets = [{ name = "WORDPRESS_DB_PASSWORD", valueFrom = local.db_password_parameter_arn }]
                  environment = [{ name = "WORDPRESS_DB_USER", value = "wordpress" }]
                }])
                terraform {
                  backend "s3" {
                    key = "state/terraform.tfstate"
                  }
                }
                """;

        assertThat(TerraformSecretLiterals.scan(tf, "infra.tf")).isEmpty();
    }

    @Test
    void aVariableDefaultOfASecretVariableIsFoundAndOthersAreNot() {
        String tf = """
                variable "db_password" {
                  type    = string
                  default = "changeme"
                }
                variable "app_image" {
                  default = "wordpress:6.6"
                }
                variable "api_token" {
                  type = string
                  validation {
                    condition = length(var.api_token) > 0
                    error_message = "x"
                  }
                  default = "tok-123"
                }
                """;

        assertThat(TerraformSecretLiterals.scan(tf, "variables.tf"))
                .containsExactly(
                        new Finding("variables.tf", 3, "db_password", "default of variable"),
                        new Finding("variables.tf", 14, "api_token", "default of variable"));
    }

    @Test
    void argumentsMapEntriesJsonAndEnvironmentEntriesAreFound() {
        String tf = """
                resource "aws_db_instance" "db" {
                  password = "s3cr3t"
                }
                provider "aws" { secret_key = "AKIA/xyz" }
                locals { creds = { auth_token = "abc", client_secret = <<EOT
                multi
                line
                EOT
                } }
                environment = [{ name = "WORDPRESS_DB_PASSWORD", value = "s3cr3t" }]
                """;

        assertThat(TerraformSecretLiterals.scan(tf, "main.tf"))
                .extracting(Finding::line, Finding::name)
                .containsExactly(
                        Tuple.tuple(2, "password"),
                        Tuple.tuple(4, "secret_key"),
                        Tuple.tuple(5, "auth_token"),
                        Tuple.tuple(10, "WORDPRESS_DB_PASSWORD"));
        assertThat(TerraformSecretLiterals.scan(
                        "{\"db_password\": \"x1\", \"name_prefix\": \"m300\"}", "t.tfvars.json"))
                .extracting(Finding::name)
                .containsExactly("db_password");
    }

    @Test
    void namesAndLiteralsAreClassified() {
        assertThat(TerraformSecretLiterals.isSecretName("db_password")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("DB_PASSWORD")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("masterPassword")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("private_key")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("github_token")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("password_wo")).isTrue();
        assertThat(TerraformSecretLiterals.isSecretName("key")).isFalse();
        assertThat(TerraformSecretLiterals.isSecretName("key_name")).isFalse();
        assertThat(TerraformSecretLiterals.isSecretName("kms_key_id")).isFalse();
        assertThat(TerraformSecretLiterals.isSecretName("sensitive")).isFalse();
        assertThat(TerraformSecretLiterals.isSecretName("password_wo_version")).isFalse();
        assertThat(TerraformSecretLiterals.isSecretName("manage_master_user_password"))
                .isFalse();

        assertThat(TerraformSecretLiterals.isLiteral("\"x\"")).isTrue();
        assertThat(TerraformSecretLiterals.isLiteral("\"\"")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("\"${var.x}\"")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("var.db_password")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("aws_kms_key.x.arn")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("random_password.db.result"))
                .isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("true")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("null")).isFalse();
        assertThat(TerraformSecretLiterals.isLiteral("sensitive(\"x\")")).isTrue();
        assertThat(TerraformSecretLiterals.isLiteral("<<EOT")).isTrue();
    }

    @Test
    void otherEngineersSpellingsOfASecretLiteralAreFound() {
        String tf = """
                variable "db_password" { default = "hunter2hunter2" }
                variable "admin_pass" {
                  type      = string
                  sensitive = true
                  default   = "Sup3rS3cret"
                }
                locals {
                  db_pw = "letmein123"
                }
                variable "region" { default = "eu-central-1" }
                """;
        assertThat(TerraformSecretLiterals.scan(tf, "variables.tf"))
                .extracting(Finding::line, Finding::name)
                .containsExactly(Tuple.tuple(1, "db_password"), Tuple.tuple(5, "admin_pass"), Tuple.tuple(8, "db_pw"));
    }

    @Test
    void aJsonVariableDefaultIsFound() {
        String json = "{\"variable\": {\"db_password\": {\"default\": \"hunter2hunter2\"}}}";
        assertThat(TerraformSecretLiterals.scan(json, "vars.tf.json"))
                .extracting(Finding::name)
                .contains("db_password");
    }

    /** Seen on the IAM-05.notaction-group mutant: an action list naming secretsmanager:* is not a secret assigned a literal. */
    @Test
    void aStringHoldingAColonIsNotAKeyAssignedALiteral() {
        assertThat(TerraformSecretLiterals.scan("""
                statement {
                  not_actions = ["iam:*", "organizations:*", "ssm:*", "kms:*", "secretsmanager:*"]
                  actions     = ["secretsmanager:GetSecretValue", "kms:Decrypt"]
                }
                """, "ops.tf")).isEmpty();
        assertThat(TerraformSecretLiterals.scan("{ \"db_password\": \"hunter2hunter2\" }", "x.tf.json"))
                .as("a quoted JSON key is still an assignment")
                .isNotEmpty();
    }
}
