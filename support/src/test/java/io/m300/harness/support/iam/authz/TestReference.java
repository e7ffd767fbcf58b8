package io.m300.harness.support.iam.authz;

import io.m300.harness.support.iam.EnforceablePolicy;
import io.m300.harness.support.iam.RecordedRequest;
import io.m300.harness.support.iam.RolePolicyCheck;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests judge with: the excerpt of the pinned Service Authorization Reference in
 * src/test/resources/iam-reference (written by .ci/iam-reference/excerpt.py from the npm package), the
 * nightly role's policies of .github/nightly-role/ and the policy before issue 24.
 */
public final class TestReference {

    public static final String ACCT = "123456789012";
    public static final String REGION = "eu-central-1";
    public static final Map<String, String> PLACEHOLDERS =
            Map.of("REGION", REGION, "REGION_2", "eu-west-1", "ACCOUNT_ID", ACCT, "STATE_BUCKET", "m300n1-1-tfstate");

    private TestReference() {}

    public static AuthorizationModel model() {
        return new AuthorizationModel(
                ServiceReference.at(Path.of("src", "test", "resources", "iam-reference", "data")), ACCT);
    }

    public static RolePolicies nightly() {
        return RolePolicies.read(Path.of("..", ".github", "nightly-role")).substituted(PLACEHOLDERS);
    }

    public static RolePolicyCheck nightlyCheck() {
        return RolePolicyCheck.of("nightly", nightly().texts(), model());
    }

    /** The single policy of before issue 24, judged with the same model. */
    public static String before() throws Exception {
        return EnforceablePolicy.substitute(
                Files.readString(
                        Path.of("src", "test", "resources", "iam", "nightly-role-policy-before-issue-24.json")),
                PLACEHOLDERS);
    }

    /** A signed Query-protocol request to {@code service} in {@link #REGION}. */
    public static RecordedRequest query(String service, String body) {
        return signed(service, body, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }

    /** A signed JSON-protocol request ({@code X-Amz-Target}) to {@code service} in {@link #REGION}. */
    public static RecordedRequest json(String service, String target, String body) {
        return signed(service, body, "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target);
    }

    private static RecordedRequest signed(String service, String body, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        h.put(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/" + REGION + "/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0");
        return new RecordedRequest("POST", URI.create("http://127.0.0.1:5000/"), h, body);
    }

    public static RolePolicyCheck beforeCheck() throws Exception {
        return RolePolicyCheck.of("before-issue-24", List.of(before()), model());
    }
}
