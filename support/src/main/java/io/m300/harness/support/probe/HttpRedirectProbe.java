package io.m300.harness.support.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP GET that does not follow redirects: plain HTTP on the load balancer must answer
 * {@code 301 Moved Permanently} with a {@code Location} on {@code https://}, and nothing else
 * (a 200 serves content unencrypted; a 302 is not a permanent upgrade; a redirect to http://
 * upgrades nothing).
 */
public final class HttpRedirectProbe {

    /** What the server answered; {@code status} is -1 when no answer came ({@code error} says why). */
    public record Verdict(URI uri, int status, Optional<String> location, String error) {

        public Verdict {
            location = location == null ? Optional.empty() : location;
            error = error == null ? "" : error;
        }

        /** True only for status 301 with a Location that starts with {@code https://}. */
        public boolean redirectsPermanentlyToHttps() {
            return status == 301 && location.map(l -> l.regionMatches(true, 0, "https://", 0, 8)).orElse(false);
        }

        @Override
        public String toString() {
            if (status < 0) {
                return "GET " + uri + ": no answer (" + error + ")";
            }
            return "GET " + uri + " -> " + status + location.map(l -> ", Location: " + l).orElse(", no Location");
        }
    }

    private HttpRedirectProbe() {}

    public static Verdict get(URI uri, Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new Verdict(uri, response.statusCode(), response.headers().firstValue("Location"), "");
        } catch (IOException e) {
            return new Verdict(uri, -1, Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(uri, -1, Optional.empty(), "interrupted");
        }
    }
}
