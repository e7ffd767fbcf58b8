package io.m300.harness.support.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendConfigTest {

    private static String s3(String extra) {
        return "{\"version\":3,\"backend\":{\"type\":\"s3\",\"config\":{\"bucket\":\"b\",\"key\":\"m300/r/terraform.tfstate\","
                + "\"secret_key\":\"do-not-keep\"" + extra + "},\"hash\":1}}";
    }

    @Test
    void noFileIsTheLocalBackendWithoutLocking(@TempDir Path dir) {
        BackendConfig c = BackendConfig.read(dir);
        assertThat(c.remote()).isFalse();
        assertThat(c.locking()).isEmpty();
        assertThat(c.describe()).contains("no backend block");
    }

    @Test
    void aFileWithoutBackendIsLocal(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("terraform.tfstate"), "{\"version\":3,\"terraform_version\":\"1.11.4\"}");
        assertThat(BackendConfig.read(dir)).isEqualTo(BackendConfig.LOCAL);
    }

    @Test
    void s3WithLockfileLocks() {
        BackendConfig c = BackendConfig.parse(s3(",\"use_lockfile\":true,\"dynamodb_table\":null"));
        assertThat(c.remote()).isTrue();
        assertThat(c.bucket()).isEqualTo("b");
        assertThat(c.key()).isEqualTo("m300/r/terraform.tfstate");
        assertThat(c.locking()).contains("S3 lock file (use_lockfile = true)");
        assertThat(c.toString() + c.describe()).doesNotContain("do-not-keep");
    }

    @Test
    void s3WithDynamoDbTableLocks() {
        assertThat(BackendConfig.parse(s3(",\"use_lockfile\":null,\"dynamodb_table\":\"locks\""))
                        .locking())
                .contains("DynamoDB table locks");
    }

    @Test
    void s3WithNeitherDoesNotLock() {
        BackendConfig c = BackendConfig.parse(s3(",\"use_lockfile\":false"));
        assertThat(c.locking()).isEmpty();
        assertThat(c.describe()).contains("locking: none");
    }

    @Test
    void otherRemoteBackendsLockNatively() {
        BackendConfig c = BackendConfig.parse("{\"backend\":{\"type\":\"gcs\",\"config\":{\"bucket\":\"g\"}}}");
        assertThat(c.remote()).isTrue();
        assertThat(c.locking()).contains("native locking of the gcs backend");
    }
}
