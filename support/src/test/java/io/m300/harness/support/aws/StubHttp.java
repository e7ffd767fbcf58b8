package io.m300.harness.support.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * An HTTP client for the AWS SDK that answers from a function instead of the network: a test
 * injects the answer AWS would give (403 AccessDenied, 500, a throttling error, a not-found code)
 * into one operation of a real SDK client, whose own unmarshalling and retry strategy then run.
 * The function sees the operation ({@code X-Amz-Target}, the query protocol's {@code Action}, or
 * the REST path and query) and the request body.
 */
final class StubHttp implements SdkHttpClient {

    /** What AWS answers: status, headers' content type, body. */
    record Answer(int status, String contentType, String body) {
        static Answer xml(int status, String body) {
            return new Answer(status, "text/xml", body);
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/x-amz-json-1.1", body);
        }

        /** The query protocol's error (IAM, ELBv2, STS). */
        static Answer queryError(int status, String code) {
            return xml(
                    status,
                    "<ErrorResponse><Error><Type>Sender</Type><Code>" + code
                            + "</Code><Message>injected</Message></Error>"
                            + "<RequestId>r1</RequestId></ErrorResponse>");
        }

        /** S3's REST-XML error. */
        static Answer s3Error(int status, String code) {
            return xml(
                    status,
                    "<Error><Code>" + code + "</Code><Message>injected</Message><RequestId>r1</RequestId></Error>");
        }
    }

    /**
     * Answers an operation that begins with a key of {@code codes} with the query protocol's error of
     * that code and {@code status}; every other operation with {@code otherwise}.
     */
    static Function<String, Answer> queryErrors(int status, Map<String, String> codes, Answer otherwise) {
        return op -> codes.entrySet().stream()
                .filter(e -> op.startsWith(e.getKey()))
                .findFirst()
                .map(e -> Answer.queryError(status, e.getValue()))
                .orElse(otherwise);
    }

    private final Function<String, Answer> answers;
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** {@code answers}: from "operation" (see above) plus " " plus the body, to the answer. */
    StubHttp(Function<String, Answer> answers) {
        this.answers = answers;
    }

    /** A client of the harness's configuration ({@link AwsClients#overrides}) that talks to this stub. */
    <C> C client(AwsClientBuilder<?, C> builder, boolean retries) {
        builder.region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .endpointOverride(URI.create("http://stub.invalid"))
                .overrideConfiguration(AwsClients.overrides(retries));
        ((AwsSyncClientBuilder<?, ?>) builder).httpClient(this);
        return builder.build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                String body;
                try {
                    body = request.contentStreamProvider().isPresent()
                            ? new String(
                                    request.contentStreamProvider()
                                            .get()
                                            .newStream()
                                            .readAllBytes(),
                                    StandardCharsets.UTF_8)
                            : "";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                var r = request.httpRequest();
                String op = r.firstMatchingHeader("X-Amz-Target").orElseGet(() -> {
                    var m = Pattern.compile("Action=(\\w+)").matcher(body);
                    return m.find()
                            ? m.group(1)
                            : r.method() + " " + r.encodedPath() + "?"
                                    + String.join("&", r.rawQueryParameters().keySet());
                });
                calls.add(op);
                Answer a = answers.apply(op + " " + body);
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder()
                                .statusCode(a.status())
                                .putHeader("Content-Type", a.contentType())
                                .putHeader("Content-Length", String.valueOf(bytes.length))
                                .putHeader("x-amzn-RequestId", "r1")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public void close() {}
}
