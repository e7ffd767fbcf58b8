package io.m300.harness.support.sweep;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's account guard on an endpoint: sts:GetCallerIdentity answered by a loopback server as
 * account 111122223333, and by another that denies it.
 */
class AccountGuardTest {

    private static HttpServer sts;
    private static AwsClients aws;
    private static HttpServer deniedSts;
    private static AwsClients denied;

    @BeforeAll
    static void start() throws IOException {
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                    ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                                    + "<Arn>arn:aws:iam::111122223333:user/sweeper</Arn><UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account>"
                                    + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sts.start();
        aws = AwsClients.withoutRetries(Sweeper.emulatorAt(
                URI.create("http://127.0.0.1:" + sts.getAddress().getPort()), "eu-central-1"));
        deniedSts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        deniedSts.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                    ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                                    + "<Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r2</RequestId></ErrorResponse>")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        deniedSts.start();
        denied = AwsClients.withoutRetries(Sweeper.emulatorAt(
                URI.create("http://127.0.0.1:" + deniedSts.getAddress().getPort()), "eu-central-1"));
    }

    @AfterAll
    static void stop() {
        aws.close();
        sts.stop(0);
        denied.close();
        deniedSts.stop(0);
    }

    @Test
    void theExpectedAccountPasses() {
        assertThatCode(() -> AccountGuard.check(aws, "111122223333")).doesNotThrowAnyException();
    }

    @Test
    void anotherAccountStopsTheSweepBeforeAnythingIsTouchedInOneLine() {
        assertThatThrownBy(() -> AccountGuard.check(aws, "444455556666"))
                .isInstanceOf(HarnessException.class)
                .hasMessage(
                        "target 'aws': the credentials belong to account ...3333, not to harness.awsAccount ...6666; nothing was touched")
                .hasMessageNotContaining("111122223333");
    }

    @Test
    void anUnansweredIdentityStopsTheSweepNamingTheSdksErrorInOneLine() {
        assertThatThrownBy(() -> AccountGuard.check(denied, "111122223333"))
                .isInstanceOf(HarnessException.class)
                .hasMessage("sts:GetCallerIdentity failed (StsException): cannot tell which account the credentials "
                        + "belong to; nothing was touched");
    }
}
