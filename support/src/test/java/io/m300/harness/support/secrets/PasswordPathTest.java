package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.secrets.PasswordPath.Kind;
import io.m300.harness.support.secrets.PasswordPath.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each database's password comes from, read from the stack's configuration. The plan is the
 * real {@code terraform show -json} of Terraform 1.11.4 (provider 5.100, against moto) for
 * {@code secrets/password-sources/main.tf.txt}: an instance set write-only from an ephemeral
 * parameter whose ARN is a local, an instance set from a sensitive variable, and an Aurora cluster
 * in a module set from a data source's value through the module's variable.
 */
class PasswordPathTest {

    private static final Path DIR = Path.of("src/test/resources/secrets/password-sources");

    private static List<Source> sources() throws Exception {
        JsonNode plan = new ObjectMapper().readTree(DIR.resolve("plan.json").toFile());
        Map<String, TerraformLocals.Module> modules = Map.of(
                "", TerraformLocals.parseModule(Files.readString(DIR.resolve("main.tf.txt"))),
                "m", TerraformLocals.parseModule(Files.readString(DIR.resolve("mod/main.tf.txt"))));
        return PasswordPath.of(plan, k -> modules.getOrDefault(k, TerraformLocals.Module.EMPTY));
    }

    @Test
    void anEphemeralParameterFeedingPasswordWoIsAParameterFoundThroughItsLocal() throws Exception {
        Source a = sources().get(0);
        assertThat(a.database()).isEqualTo("aws_db_instance.a");
        assertThat(a.kind()).isEqualTo(Kind.PARAMETER);
        assertThat(a.via()).isEqualTo("password_wo <- ephemeral.aws_ssm_parameter.pw");
        // arn = local.arn = "arn:...:parameter${var.p}": the variable's value is the parameter's name
        assertThat(a.parameterCandidates()).containsExactly("/x/pw");
    }

    @Test
    void aDatabaseSetFromAVariableFailsNamingIt() throws Exception {
        Source b = sources().get(1);
        assertThat(b.kind()).isEqualTo(Kind.NOT_A_PARAMETER);
        assertThat(b.problem()).isEqualTo("aws_db_instance.b password is set from var.plain, not from a parameter");
    }

    @Test
    void anAuroraClusterInAModuleIsFollowedThroughTheModulesVariable() throws Exception {
        Source c = sources().get(2);
        assertThat(c.database()).isEqualTo("module.m.aws_rds_cluster.c");
        assertThat(c.kind()).isEqualTo(Kind.PARAMETER);
        assertThat(c.via()).isEqualTo("master_password <- data.aws_ssm_parameter.pw2");
        // the data source's name argument (var.p) and its evaluated name and ARN in the prior state
        assertThat(c.parameterCandidates()).contains("/x/pw", "arn:aws:ssm:us-east-1:123456789012:parameter/x/pw");
        assertThat(sources()).hasSize(3);
    }

    @Test
    void literalsLocalsGeneratedPasswordsAndManagedSecrets() throws Exception {
        String plan = """
                {"variables":{},"configuration":{"root_module":{"resources":[
                 {"address":"aws_db_instance.lit","mode":"managed","type":"aws_db_instance","expressions":{"password":{"constant_value":"x"}}},
                 {"address":"aws_db_instance.loc","mode":"managed","type":"aws_db_instance","expressions":{"password":{"references":["local.pw"]}}},
                 {"address":"aws_db_instance.gen","mode":"managed","type":"aws_db_instance","expressions":{"password":{"references":
                   ["random_password.db.result","random_password.db"]}}},
                 {"address":"aws_rds_cluster.rds","mode":"managed","type":"aws_rds_cluster","expressions":{"manage_master_user_password":{"constant_value":true}}},
                 {"address":"aws_db_instance.member","mode":"managed","type":"aws_db_instance","expressions":{"cluster_identifier":{"references":["aws_rds_cluster.rds.id","aws_rds_cluster.rds"]}}},
                 {"address":"aws_db_instance.none","mode":"managed","type":"aws_db_instance","expressions":{"engine":{"constant_value":"mysql"}}},
                 {"address":"aws_db_instance.built","mode":"managed","type":"aws_db_instance","expressions":{"password_wo":{"references":["local.login"]}}}]}}}""";
        var modules = Map.of(
                "",
                TerraformLocals.parseModule("locals {\n  pw = \"Sup3r-secret\" # the old one\n"
                        + "  login = \"wp-${substr(sha256(var.name_prefix), 0, 24)}\"\n}\n"));
        List<Source> s = PasswordPath.of(
                new ObjectMapper().readTree(plan), k -> modules.getOrDefault(k, TerraformLocals.Module.EMPTY));
        assertThat(s)
                .extracting(Object::toString)
                .containsExactly(
                        "aws_db_instance.lit: aws_db_instance.lit password is set from a literal, not from a parameter",
                        "aws_db_instance.loc: aws_db_instance.loc password is set from a literal (local.pw), not from a parameter",
                        "aws_db_instance.gen: aws_db_instance.gen password is set from random_password.db, not from a parameter",
                        "aws_rds_cluster.rds: manage_master_user_password = true: RDS keeps it in a Secrets Manager secret",
                        "aws_db_instance.member: no password of its own (cluster_identifier)",
                        "aws_db_instance.none: aws_db_instance.none sets no password argument (password, password_wo, master_password, "
                                + "master_password_wo) and does not let RDS manage it",
                        "aws_db_instance.built: aws_db_instance.built password_wo is set from var.name_prefix (through local.login), not from a parameter");
    }

    @Test
    void anOverrideFilesLocalWinsAndAManagedParameterIsFoundInTheState(@TempDir Path dir) throws Exception {
        // as the SEC-02 mutant does: the local the ephemeral's ARN is built from now names a parameter the stack
        // manages
        Files.writeString(
                dir.resolve("providers.tf"), "locals {\n  pw_arn = \"arn:aws:ssm:r:1:parameter/${var.p}\"\n}\n");
        Files.writeString(dir.resolve("rds.tf"), "ephemeral \"aws_ssm_parameter\" \"pw\" {\n  arn = local.pw_arn\n}\n");
        Files.writeString(
                dir.resolve("providers_override.tf"), "locals {\n  pw_arn = aws_ssm_parameter.plain.arn\n}\n");
        String plan = """
                {"variables":{"p":{"value":"/harness/pw"}},"configuration":{"root_module":{"resources":[
                 {"address":"aws_db_instance.db","mode":"managed","type":"aws_db_instance","expressions":{"password_wo":{"references":
                   ["ephemeral.aws_ssm_parameter.pw.value","ephemeral.aws_ssm_parameter.pw"]}}}]}},
                 "prior_state":{"values":{"root_module":{"resources":[{"address":"aws_ssm_parameter.plain","type":"aws_ssm_parameter",
                   "values":{"name":"/stack/pw-plain","arn":"arn:aws:ssm:r:1:parameter/stack/pw-plain","type":"String"}}]}}}}""";
        TerraformLocals.Module files = TerraformLocals.of(dir);
        assertThat(files.locals().get("pw_arn")).isEqualTo("aws_ssm_parameter.plain.arn");
        Source db =
                PasswordPath.of(new ObjectMapper().readTree(plan), k -> files).get(0);
        assertThat(db.kind()).isEqualTo(Kind.PARAMETER);
        assertThat(db.parameterCandidates())
                .containsExactly("/stack/pw-plain", "arn:aws:ssm:r:1:parameter/stack/pw-plain");
    }

    @Test
    void theM300StacksOwnFilesLeadToItsParameterVariable() {
        TerraformLocals.Module infra = TerraformLocals.of(Path.of("..", "infra"));
        assertThat(infra.ephemerals()).containsKey("aws_ssm_parameter.db_password");
        assertThat(infra.ephemerals().get("aws_ssm_parameter.db_password").get("arn"))
                .isEqualTo("local.db_password_parameter_arn");
        assertThat(TerraformLocals.references(infra.locals().get("db_password_parameter_arn")))
                .contains("var.db_password_parameter_name", "local.partition");
    }

    @Test
    void localsAreFoundThroughStringsHeredocsAndComments() {
        var m = TerraformLocals.parseModule("""
                # locals { fake = 1 }
                locals {
                  a = "x = ${var.y} }"   // a brace in a string
                  b = {
                    nested = "v"
                  }
                  c = <<EOT
                d = not a local {
                EOT
                  e = local.a == "z" ? var.q : "w"
                }
                """);
        assertThat(m.locals()).containsOnlyKeys("a", "b", "c", "e");
        assertThat(TerraformLocals.references(m.locals().get("e"))).containsExactly("local.a", "var.q");
        assertThat(TerraformLocals.isLiteral("\"plain\"")).isTrue();
        assertThat(TerraformLocals.isLiteral("\"a-${var.x}\"")).isFalse();
    }
}
