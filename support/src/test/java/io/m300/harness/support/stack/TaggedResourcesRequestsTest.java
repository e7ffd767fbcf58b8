package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.types.TaggedListings;
import io.m300.harness.support.sweep.Sweeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the walker asks AWS, seen by a loopback server that records each request and answers every
 * one with an error: ACM's ListCertificates returns RSA certificates only unless asked for the other
 * key types, so the walker must ask for all of them (the harness imports an EC certificate).
 */
class TaggedResourcesRequestsTest {

    @Test
    void theCertificateListingAsksForEveryKeyType() throws IOException {
        Map<String, String> bodies = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            bodies.put(target, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body =
                    "{\"__type\":\"ValidationException\",\"message\":\"recorded\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (AwsClients aws = AwsClients.withoutRetries(Sweeper.emulatorAt(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-central-1"))) {
            TaggedResources.Listing listing =
                    TaggedResources.walk(aws, Sweeper.TAG, "m300n1-a1"::equals, "acm"::equals);
            assertThat(listing.errors())
                    .as("the failed listing is not taken for an empty one")
                    .singleElement()
                    .asString()
                    .startsWith("acm:");
            assertThat(listing.found()).isEmpty();
        } finally {
            server.stop(0);
        }
        assertThat(bodies.get("CertificateManager.ListCertificates"))
                .as("the ListCertificates request")
                .contains("\"keyTypes\"", "\"RSA_2048\"", "\"EC_prime256v1\"", "\"EC_secp384r1\"");
    }

    @Test
    void eachServicesListingRunsOnTheRunsExecutorAndTheWalkReportsThemInItsOrder() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (RunExecutor run = new RunExecutor("test-walk");
                AwsClients aws = AwsClients.withoutRetries(Sweeper.emulatorAt(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-central-1"))) {
            TaggedResources.Listing listing = TaggedResources.walk(
                    aws,
                    Sweeper.TAG,
                    "m300n1-a1"::equals,
                    service -> true,
                    work -> run.execute(() -> {
                        threads.add(Thread.currentThread().getName());
                        work.run();
                    }));

            assertThat(listing.searched())
                    .as("every service, in the walk's order")
                    .containsExactlyElementsOf(TaggedListings.byService().keySet());
            assertThat(listing.errors())
                    .as("each failed listing reported, in the same order")
                    .hasSize(listing.searched().size());
            assertThat(listing.found()).isEmpty();
        } finally {
            server.stop(0);
        }
        assertThat(threads)
                .as("one task per service, each on the run's executor")
                .hasSize(14)
                .allSatisfy(t -> assertThat(t).startsWith("test-walk-"));
    }
}
