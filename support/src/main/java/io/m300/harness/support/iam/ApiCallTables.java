package io.m300.harness.support.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The decoder's tables, read once from {@code api-calls.yaml} next to this class: which IAM action an
 * operation needs, the tagging action a create implies, S3's and Lambda's REST routes and EC2's id
 * prefixes. Maps keep the file's order (the first matching S3 sub-resource wins).
 */
public record ApiCallTables(
        Map<String, String> iamPrefix,
        Map<String, String> actionNames,
        Map<String, String> tagOnCreate,
        Map<String, String> createActionKey,
        S3Routes s3,
        List<LambdaRoute> lambda,
        Map<String, String> ec2IdTypes) {

    /** S3's sub-resources (query keys) to operations, per method, at bucket and object level; else the default. */
    public record S3Routes(
            Map<String, Map<String, String>> bucket,
            Map<String, String> bucketDefault,
            Map<String, Map<String, String>> object,
            Map<String, String> objectDefault) {}

    /** One Lambda REST route: method and path (a regex whose group 1, if any, is the function) to operation. */
    public record LambdaRoute(String method, Pattern path, String operation) {}

    /** The tables of this build. */
    public static final ApiCallTables TABLES = load();

    private static ApiCallTables load() {
        try (InputStream in = ApiCallTables.class.getResourceAsStream("api-calls.yaml")) {
            if (in == null) {
                throw new IllegalStateException(
                        "api-calls.yaml is missing next to ApiCallTables: rebuild the support jar");
            }
            return new ObjectMapper(new YAMLFactory()).readValue(in, ApiCallTables.class);
        } catch (IOException e) {
            throw new UncheckedIOException("api-calls.yaml cannot be read: " + e.getMessage(), e);
        }
    }

    /** The pattern an EC2 id of a known prefix matches ({@code vpc-0a1b2c3d}). */
    public Pattern ec2Id() {
        return Pattern.compile("(" + String.join("|", ec2IdTypes.keySet()) + ")-[0-9a-f]{8,17}");
    }
}
