package io.m300.harness.support.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpRedirectProbeTest {

    private HttpServer server;

    /** A loopback server answering every request with {@code status} and, if not null, {@code location}. */
    private URI serve(int status, String location) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            byte[] body = status == 200 ? "<html>wordpress</html>".getBytes() : new byte[0];
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/wp-login.php");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void a301ToHttpsPasses() throws Exception {
        URI uri = serve(301, "https://m300.example:443/wp-login.php");

        HttpRedirectProbe.Verdict verdict = HttpRedirectProbe.get(uri, Duration.ofSeconds(5));

        assertThat(verdict.status()).isEqualTo(301);
        assertThat(verdict.location()).contains("https://m300.example:443/wp-login.php");
        assertThat(verdict.redirectsPermanentlyToHttps()).isTrue();
    }

    @Test
    void a200ServedOverHttpFails() throws Exception {
        HttpRedirectProbe.Verdict verdict = HttpRedirectProbe.get(serve(200, null), Duration.ofSeconds(5));

        assertThat(verdict.status()).isEqualTo(200);
        assertThat(verdict.redirectsPermanentlyToHttps()).as("content over plain HTTP must fail").isFalse();
        assertThat(verdict.toString()).contains("200");
    }

    @Test
    void a301ToPlainHttpFails() throws Exception {
        HttpRedirectProbe.Verdict verdict = HttpRedirectProbe.get(serve(301, "http://m300.example/"), Duration.ofSeconds(5));

        assertThat(verdict.redirectsPermanentlyToHttps()).isFalse();
    }

    @Test
    void aTemporary302ToHttpsFails() throws Exception {
        HttpRedirectProbe.Verdict verdict = HttpRedirectProbe.get(serve(302, "https://m300.example/"), Duration.ofSeconds(5));

        assertThat(verdict.status()).as("the probe must not follow the redirect").isEqualTo(302);
        assertThat(verdict.redirectsPermanentlyToHttps()).isFalse();
    }

    @Test
    void noAnswerFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpRedirectProbe.Verdict verdict = HttpRedirectProbe.get(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(2));

        assertThat(verdict.status()).isEqualTo(-1);
        assertThat(verdict.redirectsPermanentlyToHttps()).isFalse();
        assertThat(verdict.toString()).contains("no answer");
    }
}
