package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.sweep.Sweeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only a documented "not found" answer makes a resource gone: an SDK error injected by a loopback
 * server that answers EC2 as told proves that any other answer is "could not verify", whatever its
 * message says.
 */
class AwsResourceExistenceTest {

    private static final String VPC = """
            {"version":4,"resources":[
             {"mode":"managed","type":"aws_vpc","name":"main","instances":[{"attributes":{"id":"vpc-1"}}]}]}""";

    private static final AtomicReference<int[]> STATUS = new AtomicReference<>(new int[] {400});
    private static final AtomicReference<String> CODE = new AtomicReference<>("InvalidVpcID.NotFound");
    private static HttpServer server;
    private static AwsClients aws;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + CODE.get()
                            + "</Code><Message>The vpc ID 'vpc-1' does not exist</Message></Error></Errors><RequestID>r1</RequestID></Response>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(STATUS.get()[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        aws = AwsClients.withoutRetries(Sweeper.emulatorAt(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-central-1"));
    }

    @AfterAll
    static void stop() {
        aws.close();
        server.stop(0);
    }

    private static String lookUp(int status, String code) {
        STATUS.set(new int[] {status});
        CODE.set(code);
        return new AwsResourceExistence(aws)
                .state(StackInventory.parse(VPC).all().get(0));
    }

    @Test
    void theDocumentedNotFoundCodeIsGone() {
        assertThat(lookUp(400, "InvalidVpcID.NotFound")).isEqualTo(StateListedResources.ABSENT);
    }

    @Test
    void aMalformedIdIsNotGoneButCouldNotVerify() {
        assertThatThrownBy(() -> lookUp(400, "InvalidVpcID.Malformed"))
                .isInstanceOf(AwsResourceExistence.CouldNotVerify.class)
                .hasMessage("could not verify: ec2:DescribeVpcs answered InvalidVpcID.Malformed (HTTP 400)");
    }

    @Test
    void anyOtherErrorCouldNotVerifyWhateverItsMessageSays() {
        assertThatThrownBy(() -> lookUp(503, "ServiceUnavailable"))
                .isInstanceOf(AwsResourceExistence.CouldNotVerify.class)
                .hasMessage("could not verify: ec2:DescribeVpcs answered ServiceUnavailable (HTTP 503)");
        assertThatThrownBy(() -> lookUp(403, "UnauthorizedOperation"))
                .isInstanceOf(AwsResourceExistence.CouldNotVerify.class)
                .hasMessageContaining("UnauthorizedOperation (HTTP 403)");
    }

    @Test
    void theTeardownCheckCountsItAsAnErrorNotAsGone() {
        STATUS.set(new int[] {500});
        CODE.set("InternalError");
        var verdict = StateListedResources.check(StackInventory.parse(VPC), new AwsResourceExistence(aws));
        assertThat(verdict.gone()).isEmpty();
        assertThat(verdict.errors()).hasSize(1);
        assertThat(verdict.complete()).isFalse();
    }

    @Test
    void aTypeWithoutADescriptionHasNoLookup() {
        var glue = StackInventory.parse("""
                {"version":4,"resources":[{"mode":"managed","type":"aws_glue_job","name":"j","instances":[{"attributes":{"id":"j"}}]}]}""");
        assertThat(new AwsResourceExistence(aws).state(glue.all().get(0))).isNull();
    }
}
