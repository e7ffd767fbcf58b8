package io.m300.harness.support.config;

import io.m300.harness.support.HarnessException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the harness keeps the tools it fetches itself when they are not installed (Terraform,
 * moto), and which versions it fetches: pinned here, so that every fresh machine runs the same.
 *
 * @param cacheDir          per-user cache ({@code harness.cacheDir}, default {@code ${XDG_CACHE_HOME:-~/.cache}/m300-harness})
 * @param terraformVersion  the Terraform release to fetch ({@code harness.terraformVersion})
 * @param terraformReleases the folder holding that release's zips and SHA256SUMS ({@code harness.terraformReleases})
 */
public record Provisioning(Path cacheDir, String terraformVersion, URI terraformReleases) {

    /** The Terraform the harness fetches when none is on PATH: the version this project is tested with. */
    public static final String TERRAFORM_VERSION = "1.11.4";

    /** The moto the harness installs when no moto_server is on PATH. */
    public static final String MOTO_VERSION = "5.2.1";

    static Provisioning from(
            Optional<String> cacheDir,
            Optional<String> terraformVersion,
            Optional<String> releases,
            Map<String, String> env,
            Path cwd) {
        String version = terraformVersion.orElse(TERRAFORM_VERSION);
        if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new HarnessException("invalid Terraform version '" + version
                    + "' (harness.terraformVersion): expected " + "a release like " + TERRAFORM_VERSION);
        }
        String value = releases.orElse("https://releases.hashicorp.com/terraform/" + version + "/");
        URI base;
        try {
            base = URI.create(value);
        } catch (IllegalArgumentException e) {
            base = URI.create("invalid:");
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw new HarnessException(
                    "invalid URL '" + value + "' (harness.terraformReleases): expected the folder of a "
                            + "Terraform release, like https://releases.hashicorp.com/terraform/" + version + "/");
        }
        if (!base.getPath().endsWith("/")) {
            base = URI.create(base + "/");
        }
        Path cache = cacheDir.map(cwd::resolve).orElseGet(() -> defaultCacheDir(env));
        return new Provisioning(cache.toAbsolutePath().normalize(), version, base);
    }

    static Path defaultCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("m300-harness");
    }
}
