package io.m300.harness.support.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The Terraform a run uses must be there and be 1.11 or newer (ephemeral resources, write-only arguments). */
public final class TerraformVersion {

    private TerraformVersion() {}

    /** Fails with one line when the binary is missing or older than 1.11; returns the version. */
    public static String require(String binary) {
        Terraform.Result r;
        try {
            Process p = new ProcessBuilder(binary, "version", "-json")
                    .redirectErrorStream(false)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HarnessException("'" + binary + " version' did not answer within 30 s");
            }
            r = new Terraform.Result(p.exitValue(), out, "");
        } catch (IOException e) {
            throw new HarnessException("Terraform not found ('" + binary
                    + "'): install Terraform >= 1.11 and put it on PATH, " + "or set harness.terraform to its path");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while asking Terraform for its version");
        }
        String version;
        try {
            version = new ObjectMapper()
                    .readTree(r.stdout())
                    .path("terraform_version")
                    .asText("");
        } catch (IOException e) {
            version = "";
        }
        if (!r.ok() || version.isEmpty()) {
            throw new HarnessException("'" + binary + " version -json' failed: is it Terraform >= 1.11?");
        }
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
        if (major < 1 || (major == 1 && minor < 11)) {
            throw new HarnessException("Terraform " + version + " is too old: the stack needs >= 1.11 "
                    + "(ephemeral resources and write-only arguments)");
        }
        return version;
    }
}
