package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakCheckTest {

    private static final String SECRET = "s3cr/t+P\"w&d=9";

    private static byte[] zip(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheSecretInBase64InsideAZipAndNamesOnlyTheFile(@TempDir Path dir) throws IOException {
        Files.write(
                dir.resolve("verify.tfplan"),
                zip(
                        "tfplan",
                        ("header " + b64("{\"password\":\"" + SECRET + "\"}") + " trailer")
                                .getBytes(StandardCharsets.UTF_8)));
        List<String> found = new LeakCheck(SECRET).scan(List.of(dir));
        assertThat(found).containsExactly(dir.resolve("verify.tfplan") + "!tfplan");
        assertThat(String.join("\n", found)).doesNotContain(SECRET).doesNotContain(b64(SECRET));
    }

    @Test
    void findsPlainJsonEscapedUrlEncodedAndNestedZipForms(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("plain.txt"), "x " + SECRET + " y");
        Files.writeString(dir.resolve("state.json"), "{\"v\":\"s3cr/t+P\\\"w&d=9\"}");
        Files.writeString(dir.resolve("url.log"), "GET /?p=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
        Files.write(
                dir.resolve("outer.zip"), zip("inner.zip", zip("deep.bin", SECRET.getBytes(StandardCharsets.UTF_8))));
        Files.writeString(dir.resolve("clean.txt"), "nothing here, not even s3cr/t");
        assertThat(new LeakCheck(SECRET).scan(List.of(dir)))
                .containsExactlyInAnyOrder(
                        dir.resolve("plain.txt").toString(),
                        dir.resolve("state.json").toString(),
                        dir.resolve("url.log").toString(),
                        dir.resolve("outer.zip") + "!inner.zip!deep.bin");
    }

    @Test
    void base64AtAnyOffsetOfALongerTextIsFound(@TempDir Path dir) throws IOException {
        for (String prefix : List.of("", "a", "ab")) {
            Path f = dir.resolve("f" + prefix.length());
            Files.writeString(f, "data=" + b64(prefix + SECRET + " and more"));
            assertThat(new LeakCheck(SECRET).scan(List.of(f)))
                    .as("offset %d", prefix.length())
                    .containsExactly(f.toString());
        }
    }

    @Test
    void aCleanTreeFindsNothing(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("a.zip"), zip("x", "hello".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("b.txt"), b64("another text entirely"));
        assertThat(new LeakCheck(SECRET).scan(List.of(dir, dir.resolve("missing"))))
                .isEmpty();
    }
}
