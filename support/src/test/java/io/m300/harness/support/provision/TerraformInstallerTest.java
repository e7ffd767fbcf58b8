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
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching Terraform from a releases folder served on loopback: verified, cached once, refused when it does not verify. */
class TerraformInstallerTest {

    static final String ZIP = "terraform_1.11.4_linux_amd64.zip";
    static final String SUMS = "terraform_1.11.4_SHA256SUMS";

    @TempDir
    Path cache;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(console, true, StandardCharsets.UTF_8));
    private byte[] zip;

    @BeforeEach
    void releases() throws Exception {
        zip = zip(Map.of("LICENSE.txt", "MPL", "terraform", "#!/bin/sh\necho 'Terraform v1.11.4'\n"));
        files.put(ZIP, zip);
        files.put(SUMS, (sha256(new byte[] {1}) + "  terraform_1.11.4_darwin_arm64.zip\n" + sha256(zip) + "  " + ZIP + "\n")
                .getBytes(StandardCharsets.UTF_8));
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
        return new TerraformInstaller(new Provisioning(cache, "1.11.4", releases), progress, "linux_amd64");
    }

    private TerraformInstaller installer() {
        return installer(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/terraform/1.11.4/"));
    }

    @Test
    void fetchesVerifiesAndCachesAnExecutableTerraformThenReusesItWithoutTheNetwork() throws Exception {
        Path binary = installer().install();

        assertThat(binary).isEqualTo(cache.resolve("terraform/1.11.4/terraform"));
        assertThat(Files.isExecutable(binary)).isTrue();
        Process p = new ProcessBuilder(binary.toString(), "version").redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Terraform v1.11.4\n");
        assertThat(p.waitFor()).isZero();
        assertThat(requests).containsExactly(SUMS, ZIP);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("[m300] fetching Terraform 1.11.4 (linux_amd64) from http://127.0.0.1:" + server.getAddress().getPort()
                        + "/terraform/1.11.4/" + ZIP + ": 0.0 MB / 0.0 MB")
                .contains("[m300] verified SHA-256 " + sha256(zip) + " of " + ZIP + "; Terraform 1.11.4 cached at " + binary);
        assertThat(filesIn(cache)).containsExactlyInAnyOrder(binary, binary.resolveSibling(".lock"));

        console.reset();
        assertThat(installer().install()).isEqualTo(binary);
        assertThat(requests).as("a cache hit fetches nothing").hasSize(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("using the one cached at " + binary);
    }

    @Test
    void aZipWhoseHashDiffersFromTheSumsIsRefusedInOneLineAndNothingIsCached() throws Exception {
        String expected = sha256("another zip".getBytes(StandardCharsets.UTF_8));
        files.put(SUMS, (expected + "  " + ZIP + "\n").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + ZIP + ": " + SUMS + " expects SHA-256 " + expected + " but the download has "
                        + sha256(zip) + "; nothing was cached");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void sumsWithoutALineForTheZipAreRefusedBeforeDownloadingIt() throws Exception {
        files.put(SUMS, (sha256(zip) + "  terraform_1.11.4_linux_arm64.zip\n").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> installer().install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("refused " + ZIP + ": " + SUMS + " has no SHA-256 line for it, so it cannot be verified; nothing was cached");
        assertThat(requests).containsExactly(SUMS);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void anUnreachableReleasesServerGivesOneLineSayingWhatToInstall() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> installer(URI.create("http://127.0.0.1:" + closed + "/terraform/1.11.4/")).install())
                .isInstanceOf(HarnessException.class)
                .hasMessage("Terraform is not on PATH and 127.0.0.1:" + closed + " cannot be reached (connection refused): "
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
                .hasMessageStartingWith("Terraform is not on PATH and http://127.0.0.1:" + server.getAddress().getPort()
                        + "/terraform/1.11.4/" + ZIP + " answers HTTP 404: install Terraform 1.11.4 from");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void aTerraformGivenOrOnPathIsUsedAsItIsAndOnlyAMissingOneIsFetched(@TempDir Path bin) throws Exception {
        Provisioning settings = new Provisioning(cache, "1.11.4",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/terraform/1.11.4/"));
        assertThat(Tools.terraform("/opt/tf/terraform", "", settings, progress)).isEqualTo("/opt/tf/terraform");
        Path onPath = Files.writeString(bin.resolve("terraform"), "#!/bin/sh\n");
        onPath.toFile().setExecutable(true);
        assertThat(Tools.terraform("terraform", "/nowhere:" + bin, settings, progress)).isEqualTo("terraform");
        assertThat(requests).isEmpty();

        String mine = "terraform_1.11.4_" + TerraformInstaller.platform(System.getProperty("os.name"), System.getProperty("os.arch")) + ".zip";
        files.put(mine, zip);
        files.put(SUMS, (sha256(zip) + "  " + mine + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(Tools.terraform("terraform", "/nowhere", settings, progress))
                .isEqualTo(new TerraformInstaller(settings, progress).binary().toString());
        assertThat(requests).containsExactly(SUMS, mine);
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
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
