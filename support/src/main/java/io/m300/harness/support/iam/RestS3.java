package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.ApiCallTables.TABLES;

import io.m300.harness.support.aws.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's REST-XML protocol, path style: the bucket and key from the path, the operation from the method and
 * the sub-resource (query key) by the tables of {@code api-calls.yaml}.
 */
final class RestS3 {

    private static final Pattern OBJECT = Pattern.compile("<Object>(.*?)</Object>", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("<VersionId>(.*?)</VersionId>", Pattern.DOTALL);

    private RestS3() {}

    /** The S3 operation of a request, or null. */
    static String operation(RecordedRequest r) {
        List<String> segments = RequestParts.segments(r.path());
        Map<String, String> query = RequestParts.query(r.url().getRawQuery());
        if (segments.isEmpty()) {
            return r.method().equals("GET") ? "ListBuckets" : null;
        }
        boolean object = segments.size() > 1;
        ApiCallTables.S3Routes routes = TABLES.s3();
        Map<String, String> sub = (object ? routes.object() : routes.bucket()).getOrDefault(r.method(), Map.of());
        for (Map.Entry<String, String> e : sub.entrySet()) {
            if (query.containsKey(e.getKey())) {
                if (e.getKey().equals("list-type") && !"2".equals(query.get("list-type"))) {
                    continue;
                }
                return e.getValue();
            }
        }
        if (object && r.method().equals("PUT") && r.header("x-amz-copy-source") != null) {
            return "PutObject";
        }
        return (object ? routes.objectDefault() : routes.bucketDefault()).get(r.method());
    }

    /** The bucket's ARN, or the object's ({@code arn:aws:s3:::bucket/key}); none for ListBuckets. */
    static List<String> resources(RecordedRequest r) {
        List<String> seg = RequestParts.segments(r.path());
        return seg.isEmpty()
                ? new ArrayList<>()
                : new ArrayList<>(List.of(Arns.of("s3", "", "", String.join("/", seg))));
    }

    /**
     * A multi-object delete as IAM checks it, per object: {@code s3:DeleteObject} on each plain key, and
     * {@code s3:DeleteObjectVersion} on each key with a version id ({@code call} names the bucket).
     */
    static List<ApiCall> perObject(ApiCall call, String body) {
        List<String[]> keys = deletedKeys(body);
        String bucket = call.resources().isEmpty() ? "*" : call.resources().get(0);
        List<String> plain = keys.stream()
                .filter(k -> k[1] == null)
                .map(k -> bucket + "/" + k[0])
                .toList();
        List<String> versioned = keys.stream()
                .filter(k -> k[1] != null)
                .map(k -> bucket + "/" + k[0])
                .distinct()
                .toList();
        List<ApiCall> out = new ArrayList<>();
        if (!plain.isEmpty() || versioned.isEmpty()) {
            out.add(on(call, call.action(), plain.isEmpty() ? call.resources() : plain));
        }
        if (!versioned.isEmpty()) {
            out.add(on(call, "s3:DeleteObjectVersion", versioned));
        }
        return out;
    }

    private static ApiCall on(ApiCall call, String action, List<String> resources) {
        return new ApiCall(
                call.service(), call.operation(), action, resources, call.context(), call.impliedBy(), call.request());
    }

    /** {@code [key, version id or null]} of each object in an S3 multi-object delete body. */
    static List<String[]> deletedKeys(String xml) {
        List<String[]> out = new ArrayList<>();
        Matcher o = OBJECT.matcher(xml);
        while (o.find()) {
            Matcher k = KEY.matcher(o.group(1));
            Matcher v = VERSION.matcher(o.group(1));
            if (k.find()) {
                out.add(new String[] {unescapeXml(k.group(1)), v.find() ? v.group(1) : null});
            }
        }
        return out;
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
