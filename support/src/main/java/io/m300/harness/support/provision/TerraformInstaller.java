package io.m300.harness.support.provision;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.Provisioning;
import io.m300.harness.support.report.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fetches the pinned Terraform release into the per-user cache: {@code terraform_<v>_<os>_<arch>.zip},
 * {@code terraform_<v>_SHA256SUMS} and its detached signature {@code terraform_<v>_SHA256SUMS.sig} from
 * the releases folder. The sums' signature is checked against HashiCorp's release key kept in this
 * repository ({@link ReleaseSignature}), so a server that serves both zip and sums cannot vouch for
 * itself; then the zip's SHA-256 is checked against its line in the sums, the binary unzipped next to it
 * and moved into place only then, so the cache never holds an unverified or half-written Terraform.
 * A second call finds it and fetches nothing.
 */
public final class TerraformInstaller {

    static final String INSTALL_PAGE = "https://developer.hashicorp.com/terraform/install";
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

    private final Provisioning settings;
    private final Progress progress;
    private final String platform;
    private final ReleaseSignature signature;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .proxy(ProxySelector.getDefault())
            .build();

    public TerraformInstaller(Provisioning settings, Progress progress) {
        this(
                settings,
                progress,
                platform(System.getProperty("os.name"), System.getProperty("os.arch")),
                ReleaseSignature.hashiCorp());
    }

    TerraformInstaller(Provisioning settings, Progress progress, String platform, ReleaseSignature signature) {
        this.settings = settings;
        this.progress = progress;
        this.platform = platform;
        this.signature = signature;
    }

    /** Where the fetched binary lives: {@code <cache>/terraform/<version>/terraform}. */
    public Path binary() {
        return settings.cacheDir()
                .resolve("terraform")
                .resolve(settings.terraformVersion())
                .resolve(platform.startsWith("windows") ? "terraform.exe" : "terraform");
    }

    /** The cached binary, fetched and verified first when it is not there yet. */
    public Path install() {
        Path binary = binary();
        if (Files.isExecutable(binary)) {
            progress.info(
                    "Terraform " + settings.terraformVersion() + " is not on PATH: using the one cached at " + binary);
            return binary;
        }
        return CacheLock.holding(binary.resolveSibling(".lock"), () -> {
            if (!Files.isExecutable(binary)) { // another run may have fetched it while this one waited
                fetch(binary);
            }
            return binary;
        });
    }

    private void fetch(Path binary) {
        String version = settings.terraformVersion();
        String zipName = "terraform_" + version + "_" + platform + ".zip";
        String sumsName = "terraform_" + version + "_SHA256SUMS";
        byte[] sums = get(sumsName, HttpResponse.BodyHandlers.ofByteArray());
        String sigName = sumsName + ".sig";
        signature.verify(sums, signatureOf(sumsName, sigName), sumsName, sigName);
        String expected = expectedSha256(new String(sums, StandardCharsets.UTF_8), sumsName, zipName);
        Path dir = binary.getParent();
        Path zip = null;
        Path unpacked = null;
        try {
            zip = Files.createTempFile(dir, zipName + ".", ".part");
            String actual = download(zipName, zip);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new HarnessException("refused " + zipName + ": " + sumsName + " expects SHA-256 " + expected
                        + " but the download has " + actual + "; nothing was cached");
            }
            unpacked = Files.createTempFile(dir, binary.getFileName() + ".", ".part");
            unzip(zip, binary.getFileName().toString(), unpacked, zipName);
            makeExecutable(unpacked);
            Files.move(unpacked, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.info("verified " + sumsName + " against " + signature.owner() + " and SHA-256 " + actual + " of "
                    + zipName + "; Terraform " + version + " cached at " + binary);
        } catch (IOException e) {
            throw new HarnessException("cannot write Terraform into the tool cache " + dir + " (" + e.getMessage()
                    + "): set harness.cacheDir to a writable folder");
        } finally {
            if (zip != null) {
                CacheLock.deleteQuietly(zip);
            }
            if (unpacked != null) {
                CacheLock.deleteQuietly(unpacked);
            }
        }
    }

    /** The hash the sums file gives for the zip; a sums file without that zip's line is refused. */
    static String expectedSha256(String sums, String sumsName, String zipName) {
        for (String line : sums.split("\\R")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2
                    && parts[1].replaceFirst("^\\*", "").equals(zipName)
                    && parts[0].matches("[0-9a-fA-F]{64}")) {
                return parts[0].toLowerCase(Locale.ROOT);
            }
        }
        throw new HarnessException("refused " + zipName + ": " + sumsName
                + " has no SHA-256 line for it, so it cannot be " + "verified; nothing was cached");
    }

    /** Streams the zip into {@code to}, hashing it and reporting progress; returns its SHA-256. */
    private String download(String zipName, Path to) throws IOException {
        HttpResponse<InputStream> response = request(zipName, HttpResponse.BodyHandlers.ofInputStream());
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        String what = "fetching Terraform " + settings.terraformVersion() + " (" + platform + ") from "
                + settings.terraformReleases().resolve(zipName) + ": ";
        progress.info(what + megabytes(0, total));
        MessageDigest sha256 = sha256();
        long done = 0;
        long reported = System.nanoTime();
        long reportedTenth = 0;
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                done += n;
                long tenth = total > 0 ? done * 10 / total : 0;
                boolean due = System.nanoTime() - reported >= REPORT_EVERY.toNanos();
                if (due && (total <= 0 || tenth > reportedTenth) && done != total) {
                    progress.info(what + megabytes(done, total));
                    reported = System.nanoTime();
                    reportedTenth = tenth;
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
        progress.info(what + megabytes(done, total));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The sums' detached signature; a release folder without one is refused, never trusted unsigned. */
    private byte[] signatureOf(String sumsName, String sigName) {
        URI uri = settings.terraformReleases().resolve(sigName);
        HttpResponse<byte[]> response = send(uri, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new HarnessException("refused " + sumsName + ": its signature " + uri + " answers HTTP "
                    + response.statusCode() + ", so the sums cannot be checked against " + signature.owner()
                    + "; nothing was cached");
        }
        return response.body();
    }

    private <T> T get(String name, HttpResponse.BodyHandler<T> handler) {
        return request(name, handler).body();
    }

    private <T> HttpResponse<T> request(String name, HttpResponse.BodyHandler<T> handler) {
        URI uri = settings.terraformReleases().resolve(name);
        HttpResponse<T> response = send(uri, handler);
        if (response.statusCode() != 200) {
            throw new HarnessException("Terraform is not on PATH and " + uri + " answers HTTP " + response.statusCode()
                    + ": install Terraform " + settings.terraformVersion() + " from " + INSTALL_PAGE
                    + " or set harness.terraform to its path (or harness.terraformReleases to a folder that has it)");
        }
        return response;
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    handler);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while fetching " + uri);
        }
    }

    private HarnessException unreachable(IOException e) {
        return new HarnessException("Terraform is not on PATH and "
                + settings.terraformReleases().getAuthority()
                + " cannot be reached (" + reason(e) + "): install Terraform " + settings.terraformVersion() + " from "
                + INSTALL_PAGE + " or set harness.terraform to its path");
    }

    private static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused";
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }

    private static void unzip(Path zip, String entryName, Path to, String zipName) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().equals(entryName)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new HarnessException("refused " + zipName + ": it holds no " + entryName + "; nothing was cached");
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("this JVM has no SHA-256", e));
        }
    }

    static String megabytes(long done, long total) {
        String d = String.format(Locale.ROOT, "%.1f MB", done / 1e6);
        return total > 0 ? d + " / " + String.format(Locale.ROOT, "%.1f MB", total / 1e6) : d;
    }

    /** HashiCorp's name for this machine: {@code linux_amd64}, {@code darwin_arm64}, ... */
    static String platform(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("mac") || name.startsWith("darwin")
                ? "darwin"
                : name.startsWith("windows") ? "windows" : name.replaceAll("[^a-z].*", "");
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> osArch.toLowerCase(Locale.ROOT).startsWith("arm") ? "arm" : osArch.toLowerCase(Locale.ROOT);
        };
        return os + "_" + arch;
    }
}
