package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void replacesEveryOccurrenceOfEverySecret() {
        String text = "user=admin password=s3cr3t again s3cr3t token=abcdef";

        assertThat(Redactor.redact(text, List.of("s3cr3t", "abcdef")))
                .isEqualTo("user=admin password=**** again **** token=****");
    }

    @Test
    void replacesEncodedFormsToo() {
        String secret = "p\"w/d";
        String text = "json={\"p\":\"p\\\"w/d\"} b64="
                + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));

        String redacted = Redactor.redact(text, List.of(secret));

        assertThat(redacted).isEqualTo("json={\"p\":\"****\"} b64=****");
    }

    @Test
    void longerSecretsGoFirstAndNullsAreIgnored() {
        assertThat(Redactor.redact("abc abcdef", Arrays.asList("abc", "abcdef", null, "")))
                .isEqualTo("**** ****");
        assertThat(Redactor.redact("nothing here", List.of())).isEqualTo("nothing here");
        assertThat(Redactor.redact(null, List.of("x"))).isNull();
    }

    @Test
    void withoutRedactionTheSecretWouldShow() {
        assertThat("password=s3cr3t").contains("s3cr3t");
        assertThat(Redactor.redact("password=s3cr3t", List.of("s3cr3t"))).doesNotContain("s3cr3t");
    }
}
