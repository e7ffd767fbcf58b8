package io.m300.harness.support.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.Provisioning;
import io.m300.harness.support.report.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching Terraform from a releases folder served on loopback: the sums' signature checked against a
 * key the test generates (standing in for HashiCorp's), verified, cached once, refused when it does not verify.
 */
class TerraformInstallerTest {

    static final String ZIP = "terraform_1.11.4_linux_amd64.zip";
    static final String SUMS = "terraform_1.11.4_SHA256SUMS";
    static final String SIG = SUMS + ".sig";

    private static PGPKeyPair releaseKey;
    private static PGPKeyPair otherKey;

    @TempDir
    Path cache;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(console, true, StandardCharsets.UTF_8));
    private byte[] zip;

    @BeforeAll
    static void keys() throws Exception {
        releaseKey = keyPair();
        otherKey = keyPair();
    }

    @BeforeEach
    void releases() throws Exception {
        zip = zip(Map.of("LICENSE.txt", "MPL", "terraform", "#!/bin/sh\necho 'Terraform v1.11.4'\n"));
        files.put(ZIP, zip);
        putSums(sha256(new byte[] {1}) + "  terraform_1.11.4_darwin_arm64.zip\n" + sha256(zip) + "  " + ZIP + "\n");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/terraform/1.11.4/", exchange -> {
            String name = exchange.getRequestURI().getPath().replaceFirst(".*/", "");
            requests.add(name);
            byte[] body = files.get(name);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private TerraformInstaller installer(URI releases) {
        ReleaseSignature trusted = new ReleaseSignature(
                new PGPPublicKeyRingCollection(List.of(new PGPPublicKeyRing(List.of(releaseKey.getPublicKey())))),
                "the test's release key");
        return new TerraformInstaller(new Provisioning(cache, "1.11.4", releases), progress, "linux_amd64", trusted);
    }

    /** Serves {@code sums} with a detached signature by the trusted release key, as HashiCorp does. */
    private void putSums(String sums) throws Exception {
        byte[] bytes = sums.getBytes(StandardCharsets.UTF_8);
        files.put(SUMS, bytes);
        files.put(SIG, sign(releaseKey, bytes));
    }

    private TerraformInstaller installer() {
        return installer(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/terraform/1.11.4/"));
    }

    @Test
    void fetchesVerifiesAndCachesAnExecutableTerraformThenReusesItWithoutTheNetwork() throws Exception {
        Path binary = installer().install();

        assertThat(binary).isEqualTo(cache.resolve("terraform/1.11.4/terraform"));
        assertThat(Files.isExecutable(binary)).isTrue();
        Process p = new ProcessBuilder(binary.toString(), "version")
                .redirectErrorStream(true)
                .start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Terraform v1.11.4\n");
        assertThat(p.waitFor()).isZero();
        assertThat(requests).containsExactly(SUMS, SIG, ZIP);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("[m300] fetching Terraform 1.11.4 (linux_amd64) from http://127.0.0.1:"
                        + server.getAddress().getPort() + "/terraform/1.11.4/" + ZIP + ": 0.0 MB / 0.0 MB")
                .contains("[m300] verified " + SUMS + " against the test's release key and SHA-256 " + sha256(zip)
                        + " of " + ZIP + "; Terraform 1.11.4 cached at " + binary);
        assertThat(filesIn(cache)).containsExactlyInAnyOrder(binary, binary.resolveSibling(".lock"));

        console.reset();
        assertThat(installer().install()).isEqualTo(binary);
        assertThat(requests).as("a cache hit fetches nothing").hasSize(3);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("using the one cached at " + binary);
    }

    @Test
    void aZipWhoseHashDiffersFromTheSumsIsRefusedInOneLineAndNothingIsCached() throws Exception {
        String expected = sha256("another zip".getBytes(StandardCharsets.UTF_8));
        putSums(expected + "  " + ZIP + "\n");

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + ZIP + ": " + SUMS + " expects SHA-256 " + expected + " but the download has "
                        + sha256(zip) + "; nothing was cached");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void sumsWithoutALineForTheZipAreRefusedBeforeDownloadingIt() throws Exception {
        putSums(sha256(zip) + "  terraform_1.11.4_linux_arm64.zip\n");

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + ZIP + ": " + SUMS
                        + " has no SHA-256 line for it, so it cannot be verified; nothing was cached");
        assertThat(requests).containsExactly(SUMS, SIG);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void sumsWhoseSignatureIsMissingAreRefusedInOneLineBeforeDownloadingTheZip() throws Exception {
        files.remove(SIG);

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + SUMS + ": its signature http://127.0.0.1:"
                        + server.getAddress().getPort()
                        + "/terraform/1.11.4/" + SIG + " answers HTTP 404, so the sums cannot be checked against "
                        + "the test's release key; nothing was cached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(requests).containsExactly(SUMS, SIG);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void sumsChangedAfterSigningAreRefusedInOneLine() throws Exception {
        byte[] signed = files.get(SUMS);
        String forged = sha256Unchecked("a forged terraform") + "  " + ZIP + "\n";
        files.put(SUMS, forged.getBytes(StandardCharsets.UTF_8));
        assertThat(files.get(SUMS)).isNotEqualTo(signed);

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + SUMS + ": its signature " + SIG
                        + " does not verify against the test's release key "
                        + "(it does not match the file's content); nothing was cached");
        assertThat(requests).containsExactly(SUMS, SIG);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void sumsSignedByAnotherKeyOrWithGarbageAreRefusedInOneLine() throws Exception {
        files.put(SIG, sign(otherKey, files.get(SUMS)));

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + SUMS + ": its signature " + SIG
                        + " does not verify against the test's release key "
                        + "(it was made by key " + String.format("%016X", otherKey.getKeyID())
                        + ", not by the test's release key); "
                        + "nothing was cached");

        files.put(SIG, "<html>not found</html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + SUMS + ": its signature " + SIG
                        + " does not verify against the test's release key "
                        + "(it is not an OpenPGP signature); nothing was cached");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void hashiCorpsKeptKeyIsTheirsAndItsCurrentSigningSubkeyIsValidWhileTheFirstOneExpired() throws Exception {
        ReleaseSignature hashiCorp = ReleaseSignature.hashiCorp();

        assertThat(hashiCorp.owner()).isEqualTo("HashiCorp's release key C874011F0AB405110D02105534365D9472D7468F");
        Date now = Date.from(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(hashiCorp.validAt(0x34365D9472D7468FL, now))
                .as("primary key")
                .isTrue();
        assertThat(hashiCorp.validAt(0xC820C6D5CD27AB87L, now))
                .as("signing subkey since 2021-04-21")
                .isTrue();
        assertThat(hashiCorp.validAt(0xB0B441097685B676L, now))
                .as("signing subkey that expired 2022-04-20")
                .isFalse();
        assertThat(hashiCorp.validAt(0xC820C6D5CD27AB87L, Date.from(Instant.parse("2030-03-02T00:00:00Z"))))
                .isFalse();
        assertThat(hashiCorp.problem(
                        "sums".getBytes(StandardCharsets.UTF_8),
                        sign(releaseKey, "sums".getBytes(StandardCharsets.UTF_8))))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .endsWith("not by HashiCorp's release key C874011F0AB405110D02105534365D9472D7468F"));
    }

    @Test
    void anUnreachableReleasesServerGivesOneLineSayingWhatToInstall() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> installer(URI.create("http://127.0.0.1:" + closed + "/terraform/1.11.4/"))
                        .install())
                .isInstanceOf(HarnessException.class)
                .hasMessage(
                        "Terraform is not on PATH and 127.0.0.1:" + closed + " cannot be reached (connection refused): "
                                + "install Terraform 1.11.4 from https://developer.hashicorp.com/terraform/install "
                                + "or set harness.terraform to its path")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aReleaseTheServerDoesNotHaveIsNamedWithItsHttpStatus() throws Exception {
        files.remove(ZIP);

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessageStartingWith("Terraform is not on PATH and http://127.0.0.1:"
                        + server.getAddress().getPort() + "/terraform/1.11.4/" + ZIP
                        + " answers HTTP 404: install Terraform 1.11.4 from");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aTerraformGivenOrOnPathIsUsedAsItIsAndOnlyAMissingOneIsFetched(@TempDir Path bin) throws Exception {
        Provisioning settings = new Provisioning(
                cache,
                "1.11.4",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/terraform/1.11.4/"));
        assertThat(Tools.terraform("/opt/tf/terraform", "", settings, progress)).isEqualTo("/opt/tf/terraform");
        Path onPath = Files.writeString(bin.resolve("terraform"), "#!/bin/sh\n");
        onPath.toFile().setExecutable(true);
        assertThat(Tools.terraform("terraform", "/nowhere:" + bin, settings, progress))
                .isEqualTo("terraform");
        assertThat(requests).isEmpty();

        String mine = "terraform_1.11.4_"
                + TerraformInstaller.platform(System.getProperty("os.name"), System.getProperty("os.arch")) + ".zip";
        files.put(mine, zip);
        putSums(sha256(zip) + "  " + mine + "\n");
        assertThatThrownBy(() -> Tools.terraform("terraform", "/nowhere", settings, progress))
                .as("a missing Terraform is fetched, and only sums HashiCorp signed are trusted")
                .isInstanceOf(HarnessException.class)
                .hasMessageContaining("not by HashiCorp's release key C874011F0AB405110D02105534365D9472D7468F");
        assertThat(requests).containsExactly(SUMS, SIG);
    }

    @Test
    void namesThisMachineAsHashiCorpDoesAndCountsMegabytes() {
        assertThat(TerraformInstaller.platform("Linux", "amd64")).isEqualTo("linux_amd64");
        assertThat(TerraformInstaller.platform("Mac OS X", "aarch64")).isEqualTo("darwin_arm64");
        assertThat(TerraformInstaller.platform("Windows 11", "x86_64")).isEqualTo("windows_amd64");
        assertThat(TerraformInstaller.megabytes(12_345_678, 25_100_000)).isEqualTo("12.3 MB / 25.1 MB");
        assertThat(TerraformInstaller.megabytes(12_345_678, -1)).isEqualTo("12.3 MB");
    }

    static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : new TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static PGPKeyPair keyPair() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
    }

    static byte[] sign(PGPKeyPair key, byte[] data) throws Exception {
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                key.getPublicKey());
        generator.init(PGPSignature.BINARY_DOCUMENT, key.getPrivateKey());
        generator.update(data);
        return generator.generate().getEncoded();
    }

    static String sha256Unchecked(String text) {
        try {
            return sha256(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
