package io.m300.harness.support.aws.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.EcsReader;
import io.m300.harness.support.stack.StackInventory;
import io.m300.harness.support.sweep.Sweeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every DescribeServices and DescribeClusters the harness makes asks for the tags: moto 5.2 keeps
 * whether those answers carry tags in one class-wide table, so one call without them, made while
 * Terraform's refresh reads the same service with them, strips the tags from Terraform's answer and
 * the stack shows drift on {@code tags_all} (seen once in a role proof of .ci/run).
 */
class EcsReadsAskForTagsTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer ecs;
    private AwsClients aws;

    @BeforeEach
    void start() throws IOException {
        ecs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ecs.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            bodies.add(target + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (target.endsWith("DescribeClusters")
                            ? "{\"clusters\":[{\"clusterName\":\"c\",\"status\":\"ACTIVE\"}],\"failures\":[]}"
                            : "{\"services\":[{\"serviceName\":\"s\",\"status\":\"ACTIVE\"}],\"failures\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ecs.start();
        aws = AwsClients.withoutRetries(Sweeper.emulatorAt(
                URI.create("http://127.0.0.1:" + ecs.getAddress().getPort()), "eu-central-1"));
    }

    @AfterEach
    void stop() {
        aws.close();
        ecs.stop(0);
    }

    @Test
    void theServiceReaderAsksForTags() {
        assertThat(new EcsReader(aws).service("c", "s")).isPresent();
        assertThat(bodies)
                .singleElement()
                .asString()
                .contains("DescribeServices")
                .contains("\"include\":[\"TAGS\"]");
    }

    @Test
    void theTeardownLookupsOfServicesAndClustersAskForTags() {
        ObjectMapper json = new ObjectMapper();
        var service = new StackInventory.Resource(
                "managed",
                "aws_ecs_service",
                "aws_ecs_service.s",
                json.createObjectNode().put("id", "s").put("name", "s").put("cluster", "c"));
        var cluster = new StackInventory.Resource(
                "managed",
                "aws_ecs_cluster",
                "aws_ecs_cluster.c",
                json.createObjectNode().put("id", "c"));
        assertThat(ResourceTypes.of("aws_ecs_service").orElseThrow().existence().state(aws, service))
                .isEqualTo("ACTIVE");
        assertThat(ResourceTypes.of("aws_ecs_cluster").orElseThrow().existence().state(aws, cluster))
                .isEqualTo("ACTIVE");
        assertThat(bodies).hasSize(2).allSatisfy(b -> assertThat(b).contains("\"include\":[\"TAGS\"]"));
    }
}
