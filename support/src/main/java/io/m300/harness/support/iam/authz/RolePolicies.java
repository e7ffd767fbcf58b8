package io.m300.harness.support.iam.authz;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.EnforceablePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The nightly role's policies as a folder holds them ({@code .github/nightly-role/}): every
 * {@code *.json} but {@code boundary.json} is one managed policy of the role (named
 * {@code m300-nightly-<file name>}), {@code boundary.json} is the permissions boundary every role the
 * nightly creates must carry ({@link #BOUNDARY_NAME}). A single policy file is a set of one, without a
 * boundary. Placeholders ({@code ACCOUNT_ID}, {@code REGION}, {@code REGION_2}, {@code STATE_BUCKET})
 * are replaced by {@link #substituted}.
 */
public record RolePolicies(List<Named> policies, Named boundary) {

    /** The boundary's managed-policy name: outside {@code m300n*}, so the role's own IAM grants never reach it. */
    public static final String BOUNDARY_NAME = "m300-nightly-boundary";
    /** AWS's limit on a managed policy document, whitespace not counted. */
    public static final int MANAGED_POLICY_LIMIT = 6_144;

    /** One policy document: its managed-policy name and its text. */
    public record Named(String name, String text) {
        /** The size AWS counts against {@link #MANAGED_POLICY_LIMIT}: characters other than whitespace. */
        public int size() {
            return text.replaceAll("\\s", "").length();
        }
    }

    public RolePolicies {
        policies = List.copyOf(policies);
    }

    public static RolePolicies read(Path fileOrFolder) {
        try {
            if (!Files.isDirectory(fileOrFolder)) {
                return new RolePolicies(List.of(new Named("m300-nightly", Files.readString(fileOrFolder))), null);
            }
            List<Named> out = new ArrayList<>();
            Named boundary = null;
            try (Stream<Path> files = Files.list(fileOrFolder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .toList()) {
                    String stem = f.getFileName().toString().replaceFirst("\\.json$", "");
                    if (stem.equals("boundary")) {
                        boundary = new Named(BOUNDARY_NAME, Files.readString(f));
                    } else {
                        out.add(new Named("m300-nightly-" + stem, Files.readString(f)));
                    }
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(
                        "no policy (*.json) in " + fileOrFolder + ": give the folder of the role's policies");
            }
            return new RolePolicies(out, boundary);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the role's policies in " + fileOrFolder + ": " + e.getMessage(), e);
        }
    }

    /** Every placeholder replaced (longest first, so REGION_2 is not read as REGION). */
    public RolePolicies substituted(Map<String, String> placeholders) {
        return new RolePolicies(
                policies.stream()
                        .map(p -> new Named(p.name(), EnforceablePolicy.substitute(p.text(), placeholders)))
                        .toList(),
                boundary == null
                        ? null
                        : new Named(boundary.name(), EnforceablePolicy.substitute(boundary.text(), placeholders)));
    }

    public List<String> texts() {
        return policies.stream().map(Named::text).toList();
    }

    /** {@code arn:aws:iam::<account>:policy/m300-nightly-boundary}. */
    public static String boundaryArn(String account) {
        return Arns.of("iam", "", account, "policy/" + BOUNDARY_NAME);
    }
}
